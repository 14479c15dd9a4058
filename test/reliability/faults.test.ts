/**
 * Fault injection over real sockets: the fake server's fault switches (src/testing/faults.ts)
 * make it fail the way servers, proxies and networks fail (protocol spec §14), and every job
 * must still end with exactly one typed terminal event, quickly, without printing anything,
 * without an unhandled rejection and without leaving a socket, a stream or a timer behind.
 *
 * Wire shapes relied on: transcripts/queue-server-stopped.txt (unexpected_error every ~50 ms),
 * transcripts/queue-session-not-found.txt (404 then a dropped connection),
 * transcripts/queue-zerogpu-quota-html.txt (HTML in error texts), real/a14_queue_generate_data.txt
 * and real/a03_call_generate_sse.txt (the normal streams the faults cut into).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gradio, type GradioErrorType } from '../../src/index.js';
import { type FakeFaults, type FakeGradioOptions, type FakeGradioServer, startFakeGradioServer } from '../../src/testing/index.js';
import { echo, textStreamer } from '../helpers/apps.js';
import { activeHandles, eventually, type JobRecord, recordJob, SideEffects, terminals } from './harness.js';

/** What the user sees at the end of the job. */
type Outcome = { completed: unknown[] } | { error: GradioErrorType; status?: number; retryAfterMs?: number };

interface FaultCase {
  /** The test name: what happens, and what the user sees. */
  name: string;
  faults: FakeFaults;
  /** `submit` through the queue (default) or `call` through the /call API. */
  api?: 'submit' | 'call';
  server?: Partial<FakeGradioOptions>;
  /** Faults that only a silent stream reveals need a short idle timeout. */
  idleTimeoutMs?: number;
  outcome: Outcome;
}

const tokens = ['Autumn', ' moonlight', ' —', ' a worm'];
const text = tokens.join('');

const cases: FaultCase[] = [
  {
    name: 'a connection reset in the middle of /queue/data ends the job with a network error',
    faults: { resetMidStream: { on: 'queue/data', afterMessages: 3 } },
    outcome: { error: 'network' },
  },
  {
    name: 'a connection reset in the middle of a /call stream ends the job with a network error',
    api: 'call',
    faults: { resetMidStream: { on: 'call/stream', afterMessages: 1 } },
    outcome: { error: 'network' },
  },
  {
    name: 'a /queue/data stream that ends without process_completed or close_stream (sse_v3) ends the job with a network error',
    faults: { endWithoutCompletion: { on: 'queue/data' } },
    outcome: { error: 'network' },
  },
  {
    name: 'a /queue/data stream that ends without process_completed (sse_v2) is reopened once and the lost session ends the job with session-lost',
    faults: { endWithoutCompletion: { on: 'queue/data' } },
    server: { protocol: 'sse_v2' },
    outcome: { error: 'session-lost' },
  },
  {
    name: 'a /call stream that ends without its complete event ends the job with a network error',
    api: 'call',
    faults: { endWithoutCompletion: { on: 'call/stream' } },
    outcome: { error: 'network' },
  },
  {
    name: 'a proxy HTML 502 page instead of the /config JSON ends the job with space-unavailable',
    faults: { htmlErrorPage: { status: 502, on: 'config' } },
    outcome: { error: 'space-unavailable', status: 502 },
  },
  {
    name: 'a proxy HTML 502 page instead of the join answer ends the job with space-unavailable',
    faults: { htmlErrorPage: { status: 502, on: 'queue/join' } },
    outcome: { error: 'space-unavailable', status: 502 },
  },
  {
    name: 'a proxy HTML 503 page instead of the /queue/data stream ends the job with space-unavailable',
    faults: { htmlErrorPage: { status: 503, on: 'queue/data' } },
    outcome: { error: 'space-unavailable', status: 503 },
  },
  {
    name: 'a proxy HTML 503 page instead of the /call POST answer ends the job with space-unavailable',
    api: 'call',
    faults: { htmlErrorPage: { status: 503, on: 'call' } },
    outcome: { error: 'space-unavailable', status: 503 },
  },
  {
    name: 'a proxy HTML 502 page instead of the /call stream ends the job with space-unavailable',
    api: 'call',
    faults: { htmlErrorPage: { status: 502, on: 'call/stream' } },
    outcome: { error: 'space-unavailable', status: 502 },
  },
  {
    name: 'a 429 with Retry-After on join ends the job with rate-limited and the wait in retryAfterMs',
    faults: { rateLimit: { retryAfter: '2', on: 'queue/join' } },
    outcome: { error: 'rate-limited', status: 429, retryAfterMs: 2_000 },
  },
  {
    name: 'a 429 with Retry-After on the /call POST ends the job with rate-limited and the wait in retryAfterMs',
    api: 'call',
    faults: { rateLimit: { retryAfter: '7', on: 'call' } },
    outcome: { error: 'rate-limited', status: 429, retryAfterMs: 7_000 },
  },
  {
    name: 'a /queue/data stream trickling byte by byte still completes with the right text',
    faults: { trickle: { on: 'queue/data', delayMs: 0, bytesPerChunk: 4 } },
    outcome: { completed: [text] },
  },
  {
    name: 'a /call stream trickling byte by byte still completes with the right text',
    api: 'call',
    faults: { trickle: { on: 'call/stream', delayMs: 0, bytesPerChunk: 1 } },
    outcome: { completed: [text] },
  },
  {
    name: 'a /queue/data stream that falls silent beyond the idle timeout ends the job with a timeout error',
    faults: { silence: { on: 'queue/data', afterMessages: 3 } },
    idleTimeoutMs: 400,
    outcome: { error: 'timeout' },
  },
  {
    name: 'a /call stream that falls silent beyond the idle timeout ends the job with a timeout error',
    api: 'call',
    faults: { silence: { on: 'call/stream', afterMessages: 1 } },
    idleTimeoutMs: 400,
    outcome: { error: 'timeout' },
  },
  {
    name: 'truncated JSON at the end of a /queue/data stream ends the job with a network error',
    faults: { truncatedJson: { on: 'queue/data', afterMessages: 3 } },
    outcome: { error: 'network' },
  },
  {
    name: 'truncated JSON in a /call event ends the job with a protocol error',
    api: 'call',
    faults: { truncatedJson: { on: 'call/stream', afterMessages: 1 } },
    outcome: { error: 'protocol' },
  },
  {
    name: 'unknown message types on /queue/data are ignored and the job completes with the right text',
    faults: { unknownMessages: { on: 'queue/data' } },
    outcome: { completed: [text] },
  },
  {
    name: 'unknown event names on a /call stream are ignored and the job completes with the right text',
    api: 'call',
    faults: { unknownMessages: { on: 'call/stream' } },
    outcome: { completed: [text] },
  },
  {
    name: 'a duplicate process_completed gives one completed event, not two',
    faults: { duplicateCompletion: { on: 'queue/data' } },
    outcome: { completed: [text] },
  },
  {
    name: 'a duplicate complete event on a /call stream gives one completed event, not two',
    api: 'call',
    faults: { duplicateCompletion: { on: 'call/stream' } },
    outcome: { completed: [text] },
  },
  {
    name: 'messages for event ids nobody joined are set aside and the job completes with the right text',
    faults: { foreignEventIds: true },
    outcome: { completed: [text] },
  },
  {
    name: 'a server that stops (unexpected_error every 50 ms) ends the job once with session-lost, and the client hangs up',
    faults: { serverStopped: { on: 'queue/data', afterMessages: 2 } },
    outcome: { error: 'session-lost' },
  },
  {
    name: 'a server that stops during a /call stream ends the job once with session-lost, and the client hangs up',
    api: 'call',
    faults: { serverStopped: { on: 'call/stream', afterMessages: 1 } },
    outcome: { error: 'session-lost' },
  },
  {
    name: 'a session the server does not know (session_not_found) ends the job with session-lost',
    faults: { sessionNotFound: { on: 'queue/data' } },
    outcome: { error: 'session-lost' },
  },
  {
    name: 'a /call stream for an event the server does not know ends the job with session-lost',
    api: 'call',
    faults: { sessionNotFound: { on: 'call/stream' } },
    outcome: { error: 'session-lost' },
  },
];

const effects = new SideEffects();
let server: FakeGradioServer | undefined;
beforeEach(() => effects.install());
afterEach(async () => {
  effects.uninstall();
  await server?.close();
  server = undefined;
});

/** Runs one job against a fake with `faults` and checks everything but the outcome. */
async function runFaultyJob(testCase: Pick<FaultCase, 'faults' | 'api' | 'server' | 'idleTimeoutMs'>): Promise<JobRecord> {
  server = await startFakeGradioServer({ endpoints: [textStreamer({ tokens, stepMs: 5 })], faults: testCase.faults, ...testCase.server });
  const app = gradio(server.url, { idleTimeoutMs: testCase.idleTimeoutMs ?? 3_000, streamGraceMs: 10 });
  const job = testCase.api === 'call' ? app.call('/generate', ['go']) : app.submit('/generate', ['go']);
  const stopWatchingWrites = effects.watchWrites();
  const record = await recordJob(job, 5_000).finally(stopWatchingWrites);

  expect(record.error).toBeUndefined();
  expect(terminals(record)).toHaveLength(1);
  expect(record.events.at(-1)).toBe(terminals(record)[0]);
  // The client hung up every stream it opened (a silent or stopped server never would).
  expect(await eventually(() => server!.fake.openStreams === 0)).toBe(true);
  await server.close();
  server = undefined;
  expect(await eventually(() => activeHandles().sockets === 0 && activeHandles().timers === 0)).toBe(true);
  expect(effects.unhandled).toEqual([]);
  expect(effects.printed).toEqual([]);
  return record;
}

describe('a job under an injected fault', () => {
  for (const testCase of cases) it(testCase.name, async () => {
    const record = await runFaultyJob(testCase);
    const last = record.events.at(-1);
    if ('completed' in testCase.outcome) {
      expect(last).toMatchObject({ type: 'completed', data: testCase.outcome.completed });
    } else {
      expect(last?.type).toBe('error');
      const error = last?.type === 'error' ? last.error : undefined;
      expect(error?.type).toBe(testCase.outcome.error);
      if (testCase.outcome.status !== undefined) expect(error?.status).toBe(testCase.outcome.status);
      if (testCase.outcome.retryAfterMs !== undefined) expect(error?.retryAfterMs).toBe(testCase.outcome.retryAfterMs);
      expect(error?.message).not.toMatch(/<html|<!doctype/i);
    }
    const idle = testCase.idleTimeoutMs;
    // Bounded: a silent stream ends right after the idle timeout, every other fault at once
    // (a trickle takes its time, well within this).
    expect(record.elapsedMs).toBeLessThan(idle === undefined ? 3_000 : idle + 2_000);
    if (idle !== undefined) expect(record.elapsedMs).toBeGreaterThanOrEqual(idle - 50);
  });

  it('a reset of a shared /queue/data stream ends each of its jobs once, with a network error', async () => {
    let records: JobRecord[] = [];
    const faults: FakeFaults = { resetMidStream: { on: 'queue/data', afterMessages: 5 } };
    server = await startFakeGradioServer({ endpoints: [textStreamer({ tokens, stepMs: 20 }), echo('slow_echo')], faults });
    const app = gradio(server.url, { streamGraceMs: 10 });
    records = await Promise.all([recordJob(app.submit('/generate', ['go'])), recordJob(app.submit('/generate', ['again'])), recordJob(app.submit('/slow_echo', ['x']))]);
    for (const record of records) {
      expect(record.error).toBeUndefined();
      expect(terminals(record)).toHaveLength(1);
    }
    // Which jobs the reset hits depends on how far they got; those it hits end with a network error.
    const failed = records.map((record) => record.events.at(-1)).filter((event) => event?.type === 'error');
    expect(failed.length).toBeGreaterThan(0);
    for (const event of failed) expect(event?.type === 'error' && event.error.type).toBe('network');
    await server.close();
    server = undefined;
    expect(await eventually(() => activeHandles().sockets === 0 && activeHandles().timers === 0)).toBe(true);
    expect(effects.unhandled).toEqual([]);
    expect(effects.printed).toEqual([]);
  });

  it('a trickling stream really arrives in many small chunks', async () => {
    // Counted through an instrumented fetch: the case above proves the SDK copes, this proves
    // that the fault does what it says.
    const chunks: number[] = [];
    server = await startFakeGradioServer({ endpoints: [textStreamer({ tokens, stepMs: 5 })], faults: { trickle: { on: 'queue/data', delayMs: 0, bytesPerChunk: 2 } } });
    const app = gradio(server.url, {
      streamGraceMs: 10,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes('/queue/data') || response.body === null) return response;
        const counted = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ transform: (chunk, controller) => (chunks.push(chunk.byteLength), controller.enqueue(chunk)) }));
        return new Response(counted, { status: response.status, headers: response.headers });
      },
    });
    const record = await recordJob(app.submit('/generate', ['go']));
    expect(record.events.at(-1)).toMatchObject({ type: 'completed', data: [text] });
    // Written 2 bytes at a time; a busy client may read a few pieces at once, but not many.
    const bytes = chunks.reduce((sum, size) => sum + size, 0);
    expect(chunks.length).toBeGreaterThan(50);
    expect(bytes / chunks.length).toBeLessThan(16);
  });
});

describe('a /queue/data request that gets no answer at all', () => {
  /** A fetch whose first `failures` GETs of /queue/data fail like a keep-alive socket the server had just closed. */
  function resetBeforeAnswer(failures: number): { fetch: typeof fetch; attempts: () => number } {
    let attempts = 0;
    return {
      attempts: () => attempts,
      fetch: (input, init) => {
        if (String(input).includes('/queue/data') && attempts++ < failures) {
          return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }));
        }
        return fetch(input, init);
      },
    };
  }

  it('is tried again, and the jobs waiting on the stream complete', async () => {
    server = await startFakeGradioServer({ endpoints: [textStreamer({ tokens, stepMs: 5, concurrencyLimit: null })] });
    const flaky = resetBeforeAnswer(2);
    const app = gradio(server.url, { fetch: flaky.fetch, sessionHash: 'flaky', streamGraceMs: 10 });
    const records = await Promise.all([recordJob(app.submit('/generate', ['a'])), recordJob(app.submit('/generate', ['b']))]);
    for (const record of records) expect(record.events.at(-1)).toMatchObject({ type: 'completed', data: [text] });
    expect(flaky.attempts()).toBe(3);
    expect(server.requests.filter((request) => request.path.endsWith('/queue/data'))).toHaveLength(1);
    await server.close();
    server = undefined;
    expect(await eventually(() => activeHandles().sockets === 0 && activeHandles().timers === 0)).toBe(true);
    expect(effects.printed).toEqual([]);
  });

  it('is not tried again once its jobs have left, and leaves no timer behind', async () => {
    server = await startFakeGradioServer({ endpoints: [textStreamer({ tokens, stepMs: 5 })] });
    const flaky = resetBeforeAnswer(Infinity);
    const subscription = gradio(server.url, { fetch: flaky.fetch, streamGraceMs: 10 }).submit('/generate', ['a']).subscribe();
    // After the third failure the next attempt is 800 ms away: its timer is pending.
    expect(await eventually(() => flaky.attempts() === 3)).toBe(true);
    const pending = activeHandles().timers;
    subscription.unsubscribe();
    expect(await eventually(() => activeHandles().timers < pending, 400)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(flaky.attempts()).toBe(3);
  });

  it('fails the waiting jobs with a network error after four attempts, about a second later', async () => {
    server = await startFakeGradioServer({ endpoints: [textStreamer({ tokens, stepMs: 5 })] });
    const flaky = resetBeforeAnswer(Infinity);
    const record = await recordJob(gradio(server.url, { fetch: flaky.fetch, streamGraceMs: 10 }).submit('/generate', ['a']));
    expect(terminals(record)).toHaveLength(1);
    expect(record.events.at(-1)).toMatchObject({ type: 'error', error: { type: 'network' } });
    expect(flaky.attempts()).toBe(4);
    expect(record.elapsedMs).toBeGreaterThanOrEqual(1_000);
    expect(record.elapsedMs).toBeLessThan(3_000);
    expect(effects.unhandled).toEqual([]);
  });
});
