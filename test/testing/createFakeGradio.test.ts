/**
 * The fake as an injected `fetch` (no sockets) and its routing, recording and auth, checked
 * both that way and over real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeGradio, startFakeGradioServer, type FakeGradio, type FakeGradioServer } from '../../src/testing/index.js';
import { chatApp, dataMessages, postJson, sseReader, waitFor } from './support.js';

let server: FakeGradioServer | undefined;
let fake: FakeGradio | undefined;
afterEach(async () => {
  await server?.close();
  fake?.close();
  server = undefined;
  fake = undefined;
});

describe('createFakeGradio as an injected fetch', () => {
  it('answers /config at its default url without any socket', async () => {
    fake = createFakeGradio({ gradioVersion: 5, endpoints: chatApp() });
    expect(fake.url).toBe('http://127.0.0.1:7860');
    const config = (await (await fake(`${fake.url}/config`)).json()) as { root: string; api_prefix: string };
    expect(config).toMatchObject({ root: 'http://127.0.0.1:7860', api_prefix: '/gradio_api' });
    expect((await fake.handle(new Request(`${fake.url}/gradio_api/info`))).status).toBe(200);
  });

  it('runs a whole queue job through the injected fetch', async () => {
    fake = createFakeGradio({ gradioVersion: 5, endpoints: chatApp(['Hi!'], 1) });
    const base = `${fake.url}/gradio_api`;
    const joined = await fake(`${base}/queue/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: ['Hi', [], null], fn_index: 0, session_hash: 'inj' }),
    });
    const { event_id: eventId } = (await joined.json()) as { event_id: string };
    const messages = dataMessages(await (await fake(`${base}/queue/data?session_hash=inj`)).text());
    expect(messages.at(-2)).toMatchObject({ msg: 'process_completed', event_id: eventId, success: true });
    expect(messages.at(-1)).toEqual({ msg: 'close_stream', event_id: null });
  });

  it('treats aborting a streaming response as a disconnect', async () => {
    fake = createFakeGradio({
      gradioVersion: 5,
      endpoints: [
        {
          apiName: 'slow',
          inputs: [],
          outputs: [{ type: 'textbox' }],
          async *fn(_inputs, ctx) {
            for (let step = 0; step < 1000; step += 1) {
              yield [`${step}`];
              await ctx.sleep(10);
            }
          },
        },
      ],
    });
    const base = `${fake.url}/gradio_api`;
    const joined = await fake(`${base}/queue/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: [], fn_index: 0, session_hash: 'ab' }),
    });
    const { event_id: eventId } = (await joined.json()) as { event_id: string };
    const controller = new AbortController();
    const reader = sseReader(await fake(`${base}/queue/data?session_hash=ab`, { signal: controller.signal }));
    expect(await reader.next()).toContain('"estimation"');
    controller.abort();
    await expect(reader.next()).rejects.toThrow();
    const running = fake;
    await waitFor(() => running.stopped.includes(eventId));
    expect(running.cancelled).toEqual([{ eventId, fnIndex: 0, sessionHash: 'ab', via: 'disconnect' }]);
  });

  it('rejects like fetch when aborted before the response (during a configured delay)', async () => {
    fake = createFakeGradio({ gradioVersion: 5, endpoints: chatApp(), delays: { configMs: 1000 } });
    const controller = new AbortController();
    const pending = fake(`${fake.url}/config`, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('ends open streams and stops running functions on close()', async () => {
    fake = createFakeGradio({
      gradioVersion: 5,
      endpoints: [
        {
          apiName: 'slow',
          inputs: [],
          outputs: [],
          async *fn(_inputs, ctx) {
            await ctx.sleep(60_000);
            yield [];
          },
        },
      ],
    });
    const base = `${fake.url}/gradio_api`;
    const joined = await fake(`${base}/queue/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: [], fn_index: 0, session_hash: 'c' }),
    });
    const { event_id: eventId } = (await joined.json()) as { event_id: string };
    const heartbeat = sseReader(await fake(`${base}/heartbeat/c`));
    const stream = sseReader(await fake(`${base}/queue/data?session_hash=c`));
    expect(await heartbeat.next()).toBe('data: ALIVE\n\n');
    expect(await stream.next()).toContain('"estimation"');
    fake.close();
    expect(await heartbeat.rest()).toBe('');
    expect((await stream.rest()).includes('close_stream')).toBe(false);
    const closed = fake;
    await waitFor(() => closed.stopped.includes(eventId));
  });
});

describe('routing', () => {
  it('serves Gradio 4 without the /gradio_api prefix and without api_prefix in /config', async () => {
    server = await startFakeGradioServer({ gradioVersion: 4, endpoints: chatApp() });
    const config = (await (await fetch(`${server.url}/config`)).json()) as Record<string, unknown>;
    expect(config['version']).toBe('4.44.1');
    expect(config).not.toHaveProperty('api_prefix');
    expect((await fetch(`${server.url}/info`)).status).toBe(200);
    expect((await fetch(`${server.url}/gradio_api/info`)).status).toBe(404);
    expect((await fetch(`${server.url}/app_id`)).status).toBe(200);
  });

  it('serves Gradio 5 under /gradio_api but /config at the root', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp() });
    expect((await fetch(`${server.url}/gradio_api/config`)).status).toBe(404);
    expect((await fetch(`${server.url}/info`)).status).toBe(404);
    const config = (await (await fetch(`${server.url}/config`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ version: '5.49.1', api_prefix: '/gradio_api' });
  });

  it('answers unknown routes with 404 {"detail":"Not Found"} and wrong methods with 405', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp() });
    const missing = await fetch(`${server.url}/gradio_api/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('{"detail":"Not Found"}');
    expect((await fetch(`${server.url}/gradio_api/queue/join`)).status).toBe(405);
  });

  it('streams ALIVE on the heartbeat route every heartbeatMs (transcripts/heartbeat-endpoint.txt)', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp(), heartbeatMs: 20 });
    const reader = sseReader(await fetch(`${server.url}/gradio_api/heartbeat/k3v9qz1x7mw`));
    for (let count = 0; count < 3; count += 1) expect(await reader.next()).toBe('data: ALIVE\n\n');
    await reader.cancel();
  });

  it('answers the global queue size on /queue/status', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp() });
    expect(await (await fetch(`${server.url}/gradio_api/queue/status`)).text()).toBe(
      '{"msg":"estimation","event_id":null,"rank":null,"queue_size":0,"rank_eta":null}',
    );
  });
});

describe('token', () => {
  it('answers a non-JSON 401 without the token, except on /cancel, /reset and /heartbeat', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp(), token: 'hf_secret' });
    const denied = await fetch(`${server.url}/config`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await fetch(`${server.url}/config`, { headers: { Authorization: 'Bearer hf_wrong' } })).status).toBe(401);
    expect((await fetch(`${server.url}/config`, { headers: { Authorization: 'Bearer hf_secret' } })).status).toBe(200);
    expect((await fetch(`${server.url}/gradio_api/info`, { headers: { 'X-HF-Authorization': 'Bearer hf_secret' } })).status).toBe(200);
    expect((await postJson(`${server.url}/gradio_api/reset`, { event_id: 'e' })).status).toBe(200);
    expect((await postJson(`${server.url}/gradio_api/cancel`, { event_id: 'e', session_hash: 's', fn_index: 0 })).status).toBe(200);
    const heartbeat = await fetch(`${server.url}/gradio_api/heartbeat/s`);
    expect(heartbeat.status).toBe(200);
    await heartbeat.body?.cancel();
  });
});

describe('recorded requests', () => {
  it('records method, path, query, lower-case headers, the parsed body and the time', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp() });
    const before = Date.now();
    await postJson(`${server.url}/gradio_api/queue/join?x=1`, { data: ['Hi', [], null], fn_index: 0, session_hash: 'r' }, { 'X-Gradio-User': 'api' });
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/gradio_api/queue/join',
      query: { x: '1' },
      body: { data: ['Hi', [], null], fn_index: 0, session_hash: 'r' },
    });
    expect(recorded?.headers['x-gradio-user']).toBe('api');
    expect(recorded?.headers['content-type']).toBe('application/json');
    expect(recorded?.time).toBeGreaterThanOrEqual(before);
    expect(server.fake.requests).toBe(server.requests);
  });
});
