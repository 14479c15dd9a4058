/**
 * The fault switches of the fake server (src/testing/faults.ts), seen on the wire with plain
 * fetch: each does what its documentation says, and only where it is aimed. What the SDK makes
 * of them is test/reliability/faults.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { FakeFaults, FakeGradioServer } from '../../src/testing/index.js';
import { useFakeServer } from '../helpers/fakeServer.js';
import { chatApp, dataMessages, join, openQueueStream, postJson, sseReader, waitFor } from './support.js';

const startServer = useFakeServer();

/** The chat app of support.ts with `faults`, and its api base URL. */
async function start(faults: FakeFaults): Promise<{ base: string; server: FakeGradioServer }> {
  const server = await startServer({ endpoints: chatApp(['Hello', '! How', ' can I help?'], 5), faults });
  return { base: `${server.url}/gradio_api`, server };
}

/** Joins the chat app and returns the raw `/queue/data` body text (until EOF) or its error. */
async function runJob(base: string, session: string): Promise<{ eventId: string; text: string; error?: unknown }> {
  const eventId = await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: session });
  const reader = await openQueueStream(base, session);
  let text = '';
  try {
    for (let block = await reader.next(); block !== null; block = await reader.next()) text += block;
    return { eventId, text };
  } catch (error) {
    return { eventId, text, error };
  }
}

const kinds = (text: string) => dataMessages(text).map((message) => String(message['msg']));

describe('HTTP faults', () => {
  it('answers a proxy HTML page on the chosen route only, as many times as asked', async () => {
    const { base, server: s } = await start({ htmlErrorPage: { status: 503, on: 'queue/join', times: 1 } });
    const first = await postJson(`${base}/queue/join`, { data: ['Hi', [], null], fn_index: 0, session_hash: 's1' });
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await first.text()).toContain('<title>503 Service Temporarily Unavailable</title>');
    const second = await postJson(`${base}/queue/join`, { data: ['Hi', [], null], fn_index: 0, session_hash: 's1' });
    expect(second.status).toBe(200);
    expect((await fetch(`${s.url}/config`)).status).toBe(200);
    // Both requests are recorded, the failed one too.
    expect(s.requests.filter((request) => request.path.endsWith('/queue/join'))).toHaveLength(2);
  });

  it('answers 429 with the Retry-After header it was given', async () => {
    const { server: s } = await start({ rateLimit: { retryAfter: 'Wed, 21 Oct 2037 07:28:00 GMT', on: 'config' } });
    const response = await fetch(`${s.url}/config`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('Wed, 21 Oct 2037 07:28:00 GMT');
    expect(await response.json()).toEqual({ detail: 'Too Many Requests' });
  });

  it('redirects to the same path and query on another origin, with the status asked for', async () => {
    const { base } = await start({ redirect: { on: 'queue/data', to: 'http://127.0.0.1:9/', status: 307 } });
    const response = await fetch(`${base}/queue/data?session_hash=abc`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('http://127.0.0.1:9/gradio_api/queue/data?session_hash=abc');
  });

  it('comes before the token check, like the proxy that produces it', async () => {
    const server = await startServer({ endpoints: chatApp(), token: 'hf_x', faults: { htmlErrorPage: { status: 502, on: 'config' } } });
    expect((await fetch(`${server.url}/config`)).status).toBe(502);
  });
});

describe('stream faults on /queue/data', () => {
  it('drops the connection after the given number of messages, and the server stops the session jobs', async () => {
    const { base, server: s } = await start({ resetMidStream: { on: 'queue/data', afterMessages: 2 } });
    const { eventId, text, error } = await runJob(base, 'reset');
    expect(kinds(text)).toEqual(['estimation', 'process_starts']);
    expect(error).toBeInstanceOf(Error);
    await waitFor(() => s.fake.cancelled.some((record) => record.eventId === eventId && record.via === 'disconnect'));
  });

  it('ends cleanly where the terminal message would go: no process_completed, no close_stream', async () => {
    const { base } = await start({ endWithoutCompletion: true });
    const { text, error } = await runJob(base, 'end');
    expect(error).toBeUndefined();
    expect(kinds(text)).toEqual(['estimation', 'process_starts', 'process_generating', 'process_generating', 'process_generating', 'process_generating']);
  });

  it('cuts a message in the middle of its JSON and ends the response', async () => {
    const { base } = await start({ truncatedJson: { afterMessages: 1 } });
    const eventId = await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: 'cut' });
    const text = await (await fetch(`${base}/queue/data?session_hash=cut`)).text();
    const [first, second, ...rest] = text.split('\n\n');
    expect(JSON.parse(first!.slice('data: '.length))).toMatchObject({ msg: 'estimation', event_id: eventId });
    expect(second).toMatch(/^data: \{"msg":"process_starts"/);
    expect(() => JSON.parse(second!.slice('data: '.length))).toThrow();
    expect(rest).toEqual([]);
  });

  it('falls silent, heartbeats included, and keeps the connection open until the client leaves', async () => {
    const server = await startServer({ endpoints: chatApp(), heartbeatMs: 20, faults: { silence: { afterMessages: 1 } } });
    const base = `${server.url}/gradio_api`;
    await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: 'quiet' });
    const controller = new AbortController();
    const reader = sseReader(await fetch(`${base}/queue/data?session_hash=quiet`, { signal: controller.signal }));
    expect(await reader.next()).toMatch(/"msg":"estimation"/);
    await expect(reader.next(300)).rejects.toThrow(/no SSE event/);
    expect(server.fake.openStreams).toBe(1);
    controller.abort();
    await waitFor(() => server.fake.openStreams === 0);
  });

  it('repeats unexpected_error "Server stopped unexpectedly." every everyMs until the client leaves', async () => {
    const { base, server: s } = await start({ serverStopped: { afterMessages: 2, everyMs: 20 } });
    await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: 'stop' });
    const reader = await openQueueStream(base, 'stop');
    const blocks = [];
    for (let i = 0; i < 6; i++) blocks.push(await reader.next());
    const messages = dataMessages(blocks.join(''));
    expect(messages.slice(0, 2).map((message) => message['msg'])).toEqual(['estimation', 'process_starts']);
    expect(messages.slice(2)).toEqual(Array(4).fill({ msg: 'unexpected_error', event_id: null, message: 'Server stopped unexpectedly.', session_not_found: false, success: false }));
    await reader.cancel();
    await waitFor(() => s.fake.openStreams === 0);
  });

  it('adds unknown messages, foreign event ids and duplicate completions around the real ones', async () => {
    const { base } = await start({ unknownMessages: true, foreignEventIds: true, duplicateCompletion: true });
    const { eventId, text } = await runJob(base, 'noisy');
    const messages = dataMessages(text);
    const mine = messages.filter((message) => message['event_id'] === eventId);
    // One before each of the job's 7 messages (estimation, start, 4 generating, completed).
    expect(mine.filter((message) => message['msg'] === 'unknown_message_type')).toHaveLength(7);
    expect(mine.filter((message) => message['msg'] === 'process_completed')).toHaveLength(2);
    const foreign = messages.filter((message) => typeof message['event_id'] === 'string' && message['event_id'] !== eventId && message['msg'] !== 'unknown_message_type');
    expect(foreign.map((message) => message['msg'])).toEqual(['estimation', 'process_starts', 'process_generating', 'process_generating', 'process_generating', 'process_generating', 'process_completed']);
    expect(new Set(foreign.map((message) => message['event_id'])).size).toBe(foreign.length);
    // The stream still ends as sse_v3 streams do.
    expect(messages.at(-1)).toEqual({ msg: 'close_stream', event_id: null });
  });

  it('answers an existing session as unknown: the 404 unexpected_error, then a dropped connection', async () => {
    const { base, server: s } = await start({ sessionNotFound: { on: 'queue/data' } });
    const { eventId, text, error } = await runJob(base, 'lost');
    expect(dataMessages(text)).toEqual([{ msg: 'unexpected_error', event_id: null, message: '404: Not Found', session_not_found: true, success: false }]);
    expect(error).toBeInstanceOf(Error);
    expect(s.fake.cancelled.some((record) => record.eventId === eventId)).toBe(true);
  });

  it('writes the stream in pieces of bytesPerChunk bytes', async () => {
    const { base } = await start({ trickle: { on: 'queue/data', delayMs: 0, bytesPerChunk: 5 } });
    await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: 'slow' });
    const response = await fetch(`${base}/queue/data?session_hash=slow`);
    const sizes: number[] = [];
    let text = '';
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      sizes.push(chunk.value.byteLength);
      text += decoder.decode(chunk.value, { stream: true });
    }
    expect(kinds(text).at(-1)).toBe('close_stream');
    // The socket may merge pieces that arrive together; it cannot split fewer than were written.
    expect(sizes.length).toBeGreaterThan(text.length / 50);
  });
});

describe('stream faults on the /call API', () => {
  it('apply to the call stream only when aimed at it', async () => {
    const server = await startServer({ endpoints: chatApp(['Hello'], 5), faults: { endWithoutCompletion: { on: 'call/stream' } } });
    const base = `${server.url}/gradio_api`;
    const { event_id: eventId } = (await (await postJson(`${base}/call/chat`, { data: ['Hi', [], null] })).json()) as { event_id: string };
    const text = await (await fetch(`${base}/call/chat/${eventId}`)).text();
    expect(text).toContain('event: generating');
    expect(text).not.toContain('event: complete');
    // The queue route is untouched.
    const queued = await runJob(base, 'untouched');
    expect(kinds(queued.text).at(-1)).toBe('close_stream');
  });

  it('reports a stopped server as an error event with the text', async () => {
    const server = await startServer({ endpoints: chatApp(['Hello'], 5), faults: { serverStopped: { on: 'call/stream', afterMessages: 0, everyMs: 10 } } });
    const base = `${server.url}/gradio_api`;
    const { event_id: eventId } = (await (await postJson(`${base}/call/chat`, { data: ['Hi', [], null] })).json()) as { event_id: string };
    const reader = sseReader(await fetch(`${base}/call/chat/${eventId}`));
    expect(await reader.next()).toBe('event: error\ndata: "Server stopped unexpectedly."\n\n');
    expect(await reader.next()).toBe('event: error\ndata: "Server stopped unexpectedly."\n\n');
    await reader.cancel();
  });
});
