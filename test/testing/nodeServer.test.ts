/**
 * The node:http adapter: where it listens, that it flushes each message at once, that client
 * disconnects reach the fake, and that close() leaves nothing running.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGradioServer, type FakeGradioServer } from '../../src/testing/index.js';
import { chatApp, gate, join, openQueueStream, waitFor } from './support.js';

let server: FakeGradioServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('startFakeGradioServer', () => {
  it('listens on 127.0.0.1 at a free port and reports its url without a trailing slash', async () => {
    server = await startFakeGradioServer({ endpoints: chatApp() });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.fake.url).toBe(server.url);
    expect((await fetch(`${server.url}/config`)).status).toBe(200);
  });

  it('writes each SSE message as soon as it exists', async () => {
    const hold = gate();
    server = await startFakeGradioServer({
      endpoints: [
        {
          apiName: 'held',
          inputs: [],
          outputs: [{ type: 'textbox' }],
          async *fn() {
            yield ['first'];
            await hold.promise;
            yield ['second'];
          },
        },
      ],
    });
    const base = `${server.url}/gradio_api`;
    await join(base, { data: [], fn_index: 0, session_hash: 'flush' });
    const stream = await openQueueStream(base, 'flush');
    let block = await stream.next(2000);
    while (block !== null && !block.includes('process_generating')) block = await stream.next(2000);
    // The first value arrived while the function is still held: nothing was buffered.
    expect(block).toContain('"data":["first"]');
    hold.open();
    expect(await stream.rest()).toContain('close_stream');
  });

  it('tells the fake when a client disconnects', async () => {
    server = await startFakeGradioServer({ endpoints: chatApp(['a', 'b', 'c'], 200) });
    const base = `${server.url}/gradio_api`;
    const eventId = await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: 'drop' });
    const controller = new AbortController();
    const stream = await openQueueStream(base, 'drop', { signal: controller.signal });
    await stream.next();
    controller.abort();
    const running = server;
    await waitFor(() => running.fake.cancelled.some((record) => record.eventId === eventId && record.via === 'disconnect'));
  });

  it('closes the listening socket and every connection on close()', async () => {
    const listening = (): number => process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap').length;
    const before = listening();
    server = await startFakeGradioServer({ endpoints: chatApp() });
    expect(listening()).toBe(before + 1);
    const heartbeat = await fetch(`${server.url}/gradio_api/heartbeat/x`);
    await server.close();
    expect(listening()).toBe(before);
    await expect(heartbeat.text()).resolves.toBe('data: ALIVE\n\n');
    await expect(fetch(`${server.url}/config`)).rejects.toThrow();
  });

  it('leaves no handle behind, so a process exits after close()', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/testing/fixtures/closeLeavesNoHandles.ts'], {
      cwd: repositoryRoot,
      stdio: 'ignore',
    });
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error('the process did not exit after close()'));
      }, 15_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(exitCode).toBe(0);
  });
});
