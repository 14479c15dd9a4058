/**
 * `GradioChatTransport` in Chromium: the AI SDK's UI core and gradio-rx/ai bundled for the
 * browser, talking straight to fake Spaces (mounted on the page's origin), stop included.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeGradio, type FakeGradio, serveWithHandler } from '../../src/testing/index.js';
import { qvqSpace, qwen25Space, qwen25Tokens } from '../spaces/fakeSpaces.js';
import { waitFor } from '../spaces/helpers.js';
import type { PageChatResult } from './browser/page.js';

const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
// As the web demo's browser tests: locally a missing Chromium skips, loudly; in CI it fails.
const skipped = !haveChromium && !process.env['CI'];
if (skipped) console.warn(`\n!!! GradioChatTransport browser tests SKIPPED: ${chromiumPath} is missing — apt-get install -y chromium\n`);
const suite = skipped ? describe.skip : describe;

/** The page's script: test/ai/browser/page.ts with `ai`, gradio-rx and rxjs, for browsers. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser/page.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    external: ['undici'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

suite('GradioChatTransport in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let origin: string;
  const spaces: Record<'qwen25' | 'qvq', FakeGradio> = { qwen25: createFakeGradio(qwen25Space()), qvq: createFakeGradio(qvqSpace()) };

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${chromiumPath} is missing: CI must install it (apt-get install -y chromium)`);
    const script = await bundlePage();
    server = createServer((incoming, outgoing) => {
      const path = incoming.url ?? '/';
      const mount = /^\/(qwen25|qvq)(\/.*)?$/.exec(path);
      if (mount !== null) return void serveWithHandler(spaces[mount[1] as 'qwen25' | 'qvq'].handle, incoming, outgoing, mount[2] ?? '/');
      if (path === '/page.js') return void outgoing.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      outgoing.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>transport</title><script type="module" src="/page.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const [name, fake] of Object.entries(spaces)) fake.url = `${origin}/${name}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const fake of Object.values(spaces)) fake.close();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server?.closeAllConnections();
  });

  /** Runs one chat in a fresh page; fails on any console error of the page. */
  async function chatInPage(space: 'qwen25' | 'qvq', modelId: string, text: string, stopAfter?: string): Promise<PageChatResult> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    page.on('pageerror', (error) => void problems.push(error.message));
    try {
      await page.goto(origin);
      await page.waitForFunction(() => 'chatWith' in globalThis);
      const result = await page.evaluate(
        ([s, m, t, a]) => (globalThis as unknown as { chatWith: (...args: unknown[]) => Promise<PageChatResult> }).chatWith(s, m, t, a ?? undefined),
        [space, modelId, text, stopAfter ?? null] as const,
      );
      expect(problems).toEqual([]);
      return result;
    } finally {
      await page.close();
    }
  }

  it('streams a preset’s answer into the assistant message', async () => {
    const result = await chatInPage('qwen25', 'qwen-2.5', 'Name three primes');
    expect(result).toEqual({ status: 'ready', text: qwen25Tokens('Name three primes', '72B').join(''), error: undefined });
  }, 30_000);

  it('cancels the job on the Space when the chat is stopped', async () => {
    const result = await chatInPage('qvq', 'qvq-72b', 'SLOW please', 'step2');
    expect(result.status).toBe('ready');
    expect(result.text).not.toContain('step200');
    await waitFor(() => spaces.qvq.cancelled.length === 1 && spaces.qvq.stopped.length === 1);
    // a /cancel request from the page, not the page's connections closing
    expect(spaces.qvq.cancelled[0]!.via).toBe('cancel');
    expect(spaces.qvq.stopped).toEqual([spaces.qvq.cancelled[0]!.eventId]);
  }, 30_000);
});
