/**
 * The `proxy` parameter, against a real HTTP proxy: Debian's tinyproxy, started here on
 * 127.0.0.1 (.ci/run installs it). Without tinyproxy these tests fail on CI and are skipped
 * locally.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGradioError } from '../../src/errors.js';
import { proxiedFetch } from '../../src/spaces/proxy.js';
import { qwen25, qwenQvq72b } from '../../src/spaces/index.js';
import { type FakeGradioServer, startFakeGradioServer } from '../../src/testing/index.js';
import { qwen25Space, qwen25Tokens } from './fakeSpaces.js';
import { errorOf, user, valuesOf } from './helpers.js';

const tinyproxy = ['tinyproxy', '/usr/bin/tinyproxy', '/usr/sbin/tinyproxy'].find((command) => spawnSync(command, ['-v']).error === undefined);
const onCi = Boolean(process.env['CI']);

describe.runIf(tinyproxy === undefined && onCi)('the proxy test setup on CI', () => {
  it('has tinyproxy installed (.ci/run installs the Debian package)', () => {
    expect.fail('tinyproxy is not installed, so the proxy tests cannot run: apt-get install tinyproxy');
  });
});

describe.skipIf(tinyproxy === undefined)(`proxy through tinyproxy${tinyproxy === undefined ? ' (skipped: tinyproxy is not installed; apt-get install tinyproxy)' : ''}`, () => {
  let directory: string;
  let proxy: ChildProcess;
  let proxyUrl: string;
  let logFile: string;
  let space: FakeGradioServer;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gradio-rx-tinyproxy-'));
    logFile = join(directory, 'tinyproxy.log');
    const port = await freePort();
    const config = [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 60',
      `LogFile "${logFile}"`,
      'LogLevel Info',
      'MaxClients 20',
      'Allow 127.0.0.1',
      'DisableViaHeader No',
    ].join('\n');
    writeFileSync(join(directory, 'tinyproxy.conf'), `${config}\n`);
    proxy = spawn(tinyproxy!, ['-d', '-c', join(directory, 'tinyproxy.conf')], { stdio: 'ignore' });
    proxyUrl = `http://127.0.0.1:${port}`;
    await waitForPort(port, proxy);
    space = await startFakeGradioServer(qwen25Space());
  });

  afterAll(async () => {
    await space?.close();
    proxy?.kill('SIGTERM');
    rmSync(directory, { recursive: true, force: true });
  });

  it('sends every request of a preset through the proxy', async () => {
    const deltas = await valuesOf(qwen25.stream({ messages: [user('Through the proxy')], url: space.url, proxy: proxyUrl }));
    expect(deltas.join('')).toBe(qwen25Tokens('Through the proxy', '72B').join(''));

    // The proxy logged each request with its absolute URL…
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain(`Request (file descriptor`);
    expect(log).toContain(`GET ${space.url}/config HTTP/1.1`);
    expect(log).toContain(`POST ${space.url}/gradio_api/queue/join HTTP/1.1`);
    expect(log).toMatch(new RegExp(`GET ${escape(space.url)}/gradio_api/queue/data\\?session_hash=\\w+ HTTP/1\\.1`));
    // …and the server saw every one of them arrive from the proxy (it adds a Via header).
    expect(space.requests.length).toBeGreaterThanOrEqual(3);
    for (const request of space.requests) expect(request.headers['via']).toMatch(/tinyproxy/);
  });

  it('keeps working for a second request through the same proxy', async () => {
    const before = space.requests.length;
    const deltas = await valuesOf(qwen25.stream({ messages: [user('Again')], url: space.url, proxy: proxyUrl }));
    expect(deltas.join('')).toBe(qwen25Tokens('Again', '72B').join(''));
    const later = space.requests.slice(before);
    expect(later.map((request) => request.path)).toContain('/gradio_api/queue/join');
    for (const request of later) expect(request.headers['via']).toMatch(/tinyproxy/);
  });
});

describe('the proxy parameter', () => {
  it('is refused together with a custom fetch', async () => {
    const error = await errorOf(qwen25.stream({ messages: [user('Hi')], url: 'http://127.0.0.1:9', proxy: 'http://127.0.0.1:8', fetch: globalThis.fetch }));
    expect(isGradioError(error) && error.type).toBe('invalid-input');
  });

  it('must be an http(s) URL, and the message does not echo it (it may hold credentials)', async () => {
    const error = await errorOf(qwenQvq72b.stream({ messages: [user('Hi')], url: 'http://127.0.0.1:9', proxy: 'not a url :secret@' }));
    expect(isGradioError(error) && error.type).toBe('invalid-input');
    expect((error as Error).message).not.toContain('secret');
    await expect(proxiedFetch('ftp://127.0.0.1:21')).rejects.toMatchObject({ type: 'invalid-input' });
  });

  it('is refused outside Node with a typed error', async () => {
    const nodeProcess = globalThis.process;
    let pending: Promise<unknown>;
    // The check runs synchronously, so the process global is missing only for this call.
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
    try {
      pending = proxiedFetch('http://127.0.0.1:8/as-if-in-a-browser');
    } finally {
      Object.defineProperty(globalThis, 'process', { value: nodeProcess, configurable: true, writable: true });
    }
    await expect(pending).rejects.toMatchObject({ type: 'invalid-input', message: expect.stringMatching(/only supported in Node/) });
  });
});

describe('the spaces entry', () => {
  it('bundles for browsers without undici or Node built-ins', async () => {
    const result = await build({
      entryPoints: [new URL('../../src/spaces/index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      external: ['rxjs'],
    });
    const code = result.outputFiles.map((file) => file.text).join('\n');
    expect(code).toContain('proxy is only supported in Node');
    expect(code).not.toMatch(/from ["'](node:|undici)/);
    expect(code).not.toContain('class ProxyAgent');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once something accepts connections on the port; rejects if the process exits. */
async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`tinyproxy did not listen on port ${port} within ${timeoutMs} ms`);
}
