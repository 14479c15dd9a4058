/**
 * The queue protocol over real sockets against the fake server (spec §6–§8; transcripts
 * queue-*.txt, cancel.txt), on both the Gradio 4 and the Gradio 5 layouts.
 */
import { firstValueFrom, lastValueFrom, type Observable, timeout, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gradio, type GradioEvent, isGradioError, textDeltas } from '../../src/index.js';
import type { FakeEndpoint, FakeGradioServer } from '../../src/testing/index.js';
import { chat, crash, echo, quota, slow, until } from '../helpers/apps.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const start = useFakeServer();

const all = <T>(observable: Observable<T>) => lastValueFrom(observable.pipe(toArray()));
const dataStreams = (s: FakeGradioServer) => s.requests.filter((r) => r.path.endsWith('/queue/data'));

/**
 * Two jobs of the `/slow` endpoint in the pinned session "pinned": once the first one streams,
 * it is unsubscribed while the second (its sibling) still runs. Gives the first one's events
 * and the promise of the sibling's.
 */
async function leaveFirstOfPinnedPair(url: string): Promise<{ left: GradioEvent[]; sibling: Promise<GradioEvent[]> }> {
  const app = gradio(url, { sessionHash: 'pinned' });
  const left: GradioEvent[] = [];
  const subscription = app.submit('/slow', ['a']).subscribe((e) => left.push(e));
  const sibling = all(app.submit('/slow', ['b']));
  await until(() => left.some((e) => e.type === 'generating'));
  subscription.unsubscribe();
  return { left, sibling };
}

/** The text of a message's content: a string before Gradio 6, a list of text blocks on it. */
const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : (content as { text: string }[]).map((block) => block.text).join('');

describe.each([4, 5, 6] as const)('app.submit on the Gradio %i layout', (gradioVersion) => {
  const prefix = gradioVersion >= 5 ? '/gradio_api' : '';
  /** A chat message as this layout sends it (content blocks on Gradio 6, real6/b03). */
  const message = (role: string, text: string) =>
    gradioVersion === 6 ? { role, metadata: null, content: [{ text, type: 'text' }], options: null } : { role, content: text };

  it('maps a job to queued, started, generating with diffs applied, and completed', async () => {
    const { url } = await start({ gradioVersion, endpoints: [chat({ tokens: () => ['Hello', '! How', ' can I help?'] })] });
    const result = await all(gradio(url).submit('/chat', ['Hi', []]));
    const types = result.map((e) => e.type);
    expect(types[0]).toBe('queued');
    expect(types).toContain('started');
    expect(types.at(-1)).toBe('completed');
    const assistantTexts = result
      .filter((e): e is Extract<GradioEvent, { type: 'generating' }> => e.type === 'generating')
      .map((e) => textOf((e.data[1] as { content: unknown }[])[1]!.content));
    // The reconstruction of transcripts/queue-v3-streaming-diffs.txt.
    expect(assistantTexts).toEqual(['', 'Hello', 'Hello! How', 'Hello! How can I help?']);
    expect(result.at(-1)).toMatchObject({ type: 'completed', data: ['', [message('user', 'Hi'), message('assistant', 'Hello! How can I help?')]] });
  });

  it('sends the join body with the State slot filled and the trigger id from /config', async () => {
    const s = await start({ gradioVersion, endpoints: [chat()] });
    await all(gradio(s.url).submit('chat', ['Hi', []]));
    const join = s.requests.find((r) => r.path === `${prefix}/queue/join`);
    expect(join?.body).toMatchObject({ data: ['Hi', [], null], event_data: null, fn_index: 0 });
    expect(typeof (join?.body as { trigger_id: unknown }).trigger_id).toBe('number');
  });

  it('gives exact text deltas for a messages chatbot, repeated tokens included', async () => {
    const { url } = await start({ gradioVersion, endpoints: [chat({ tokens: () => ['ha', 'ha', 'ha', '!', '!'] })] });
    const deltas = await all(gradio(url).submit('/chat', ['laugh', []]).pipe(textDeltas()));
    expect(deltas).toEqual(['ha', 'ha', 'ha', '!', '!']);
  });

  // Gradio 6 has no tuples chatbot (test/testing/gradio6.test.ts checks that the fake refuses one).
  it.skipIf(gradioVersion === 6)('gives exact text deltas for a tuples chatbot', async () => {
    const { url } = await start({ gradioVersion, endpoints: [chat({ format: 'tuples', tokens: () => ['to', 'to', ' be'] })] });
    const deltas = await all(gradio(url).submit('/chat', ['q', []]).pipe(textDeltas()));
    expect(deltas.join('')).toBe('toto be');
    expect(deltas).toEqual(['to', 'to', ' be']);
  });

  it('runs 100 concurrent jobs of a pinned session over exactly one data stream', async () => {
    // Every job waits until all 100 have joined, so none completes (and lets the server close
    // the stream) before the last join: then one stream must serve them all.
    let joined = 0;
    const barrier = chat({ tokens: (p) => [p, ' done'] });
    const s = await start({
      gradioVersion,
      endpoints: [
        {
          ...barrier,
          async *fn(inputs, ctx) {
            joined++;
            while (joined < 100) await ctx.sleep(5);
            yield* barrier.fn(inputs, ctx) as AsyncIterable<unknown[]>;
          },
        },
      ],
    });
    const app = gradio(s.url, { sessionHash: 'pinned-session' });
    const texts = await Promise.all(Array.from({ length: 100 }, (_, i) => all(app.submit('/chat', [`job${i}`, []]).pipe(textDeltas())).then((d) => d.join(''))));
    expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => `job${i} done`));
    expect(dataStreams(s)).toHaveLength(1);
    expect(new Set(s.requests.filter((r) => r.path.endsWith('/queue/join')).map((r) => (r.body as { session_hash: string }).session_hash))).toEqual(new Set(['pinned-session']));
  });

  it('shares one stream between concurrent jobs of different endpoints without pinning', async () => {
    const s = await start({ gradioVersion, endpoints: [chat({ stepMs: 20 }), echo()] });
    const app = gradio(s.url);
    const [chatEvents, echoEvents] = await Promise.all([all(app.submit('/chat', ['Hi', []])), all(app.submit('/echo', ['ping']))]);
    expect(chatEvents.at(-1)?.type).toBe('completed');
    expect(echoEvents.at(-1)).toMatchObject({ type: 'completed', data: ['echo: ping'] });
    const sessions = new Set(s.requests.filter((r) => r.path.endsWith('/queue/join')).map((r) => (r.body as { session_hash: string }).session_hash));
    expect(sessions.size).toBe(1);
    expect(dataStreams(s)).toHaveLength(1);
  });

  it('cancels only the unsubscribed one of three concurrent jobs of one endpoint', async () => {
    const s = await start({ gradioVersion, endpoints: [slow({ ms: 400, tickMs: 20 })] });
    const app = gradio(s.url);
    const seen: GradioEvent[][] = [[], [], []];
    const done: Promise<GradioEvent[]>[] = [];
    const subscriptions = seen.map((list, i) => {
      let resolve!: (events: GradioEvent[]) => void;
      done.push(new Promise((r) => (resolve = r)));
      return app.submit('/slow', [`job${i}`]).subscribe({ next: (e) => list.push(e), complete: () => resolve(list) });
    });
    await until(() => seen.every((list) => list.some((e) => e.type === 'generating')));
    subscriptions[1]!.unsubscribe();
    const [first, third] = await Promise.all([done[0]!, done[2]!]);
    expect(first.at(-1)?.type).toBe('completed');
    expect(third.at(-1)?.type).toBe('completed');
    const cancelledId = (seen[1]![0] as { eventId: string }).eventId;
    await until(() => s.fake.stopped.includes(cancelledId));
    expect(s.fake.cancelled.map((c) => c.eventId)).toEqual([cancelledId]);
    expect(s.fake.stopped).toEqual([cancelledId]);
  });

  it('in a pinned session, detaches a job whose sibling of the same endpoint runs, without killing the sibling', async () => {
    const s = await start({ gradioVersion, endpoints: [slow({ ms: 300, tickMs: 20 })] });
    const { left: detached, sibling } = await leaveFirstOfPinnedPair(s.url);
    const count = detached.length;
    const result = await sibling;
    expect(result.at(-1)?.type).toBe('completed');
    expect(detached).toHaveLength(count);
    expect(s.requests.some((r) => r.path.endsWith('/cancel'))).toBe(false);
    expect(s.fake.cancelled).toEqual([]);
  });

  it('runs the next job of a pinned session after its stream was closed while a detached job still ran', async () => {
    // "long" runs 1.5 s without a word, so the stream is closed (after its grace) while the
    // server still has that job: the next job must not be lost to the closed stream.
    const timed: FakeEndpoint = {
      apiName: 'timed',
      inputs: [{ type: 'textbox', label: 'Prompt' }],
      outputs: [{ type: 'textbox', label: 'Answer' }],
      concurrencyLimit: null,
      async *fn([prompt], ctx) {
        await ctx.sleep(prompt === 'long' ? 1_500 : 30);
        yield [`${String(prompt)}!`];
      },
    };
    const s = await start({ gradioVersion, endpoints: [timed] });
    const app = gradio(s.url, { sessionHash: 'pinned', streamGraceMs: 20 });
    const detached: GradioEvent[] = [];
    const subscription = app.submit('/timed', ['long']).subscribe((e) => detached.push(e));
    await until(() => detached.some((e) => e.type === 'started'));
    const sibling = all(app.submit('/timed', ['b']));
    await until(() => s.requests.filter((r) => r.path.endsWith('/queue/join')).length === 2);
    subscription.unsubscribe();
    expect((await sibling).at(-1)?.type).toBe('completed');
    await until(() => s.fake.stopped.length === 1);
    const next = await all(app.submit('/timed', ['c']).pipe(timeout(3_000)));
    expect(next.at(-1)).toMatchObject({ type: 'completed', data: ['c!'] });
    expect(s.requests.some((r) => r.path.endsWith('/cancel'))).toBe(false);
  });

  it('never mutates a value it already emitted when applying later diffs', async () => {
    const { url } = await start({ gradioVersion, endpoints: [chat({ tokens: () => ['a', 'b', 'c'] })] });
    const generating = (await all(gradio(url).submit('/chat', ['x', []]))).filter((e) => e.type === 'generating');
    const texts = generating.map((e) => JSON.stringify(e.type === 'generating' ? e.data : null));
    expect(new Set(texts).size).toBe(texts.length);
    expect(textOf(JSON.parse(texts[1]!)[1][1].content)).toBe('a');
  });

  it('cancels a job unsubscribed before its join answered, as soon as the event id arrives', async () => {
    const s = await start({ gradioVersion, delays: { joinMs: 200 }, endpoints: [slow()] });
    const subscription = gradio(s.url).submit('/slow', ['x']).subscribe();
    await until(() => s.requests.some((r) => r.path.endsWith('/queue/join')));
    subscription.unsubscribe();
    await until(() => s.requests.some((r) => r.path.endsWith('/cancel')));
    const cancel = s.requests.find((r) => r.path === `${prefix}/cancel`);
    const join = s.requests.find((r) => r.path === `${prefix}/queue/join`);
    expect(cancel?.body).toMatchObject({ session_hash: (join?.body as { session_hash: string }).session_hash, fn_index: 0 });
    expect(typeof (cancel?.body as { event_id: unknown }).event_id).toBe('string');
  });

  it('keeps messages that arrive before the join answer and delivers them in order', async () => {
    const s = await start({ gradioVersion, endpoints: [slow({ ms: 600, tickMs: 20 }), echo()] });
    // The echo job's join answer reaches the client 200 ms late, while the already open stream
    // brings its estimation, start and completion (spec §6.4 rule 3).
    const app = gradio(s.url, {
      sessionHash: 'early-session',
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const body = typeof init?.body === 'string' ? init.body : '';
        if (body.includes('"early"')) await new Promise((resolve) => setTimeout(resolve, 200));
        return response;
      },
    });
    const running = app.submit('/slow', ['keep the stream open']).subscribe();
    await until(() => dataStreams(s).length === 1);
    const result = await all(app.submit('/echo', ['early']));
    running.unsubscribe();
    expect(result.map((e) => e.type)).toEqual(['queued', 'started', 'completed']);
    expect(result.at(-1)).toMatchObject({ data: ['echo: early'] });
    expect(dataStreams(s)).toHaveLength(1);
  });

  it('ends a job with a network error when the server drops the stream mid-job', async () => {
    const s = await start({ gradioVersion, endpoints: [slow()] });
    const seen: GradioEvent[] = [];
    const finished = new Promise<void>((resolve) => gradio(s.url).submit('/slow', ['x']).subscribe({ next: (e) => seen.push(e), complete: resolve }));
    await until(() => seen.some((e) => e.type === 'generating'));
    s.fake.close();
    await finished;
    const last = seen.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && ['network', 'session-lost'].includes(last.error.type)).toBe(true);
  });

  it('ends a silent job with a timeout error after idleTimeoutMs', async () => {
    const s = await start({ gradioVersion, heartbeatMs: 60_000, endpoints: [slow({ tickMs: 10_000 })] });
    const started = Date.now();
    const result = await all(gradio(s.url, { idleTimeoutMs: 300 }).submit('/slow', ['x']));
    expect(result.at(-1)).toMatchObject({ type: 'error', error: { type: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('ends a ZeroGPU quota failure with a gpu-quota-error carrying the seconds and retry time', async () => {
    const { url } = await start({ gradioVersion, endpoints: [quota()] });
    const result = await all(gradio(url).submit('/infer', ['x']));
    expect(result.at(-1)).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 49_239_000, error: { type: 'gpu-quota' } });
    expect(result.filter((e) => e.type === 'gpu-quota-error' || e.type === 'error')).toHaveLength(1);
  });

  it('says the app hid the reason of a crash when show_error is off', async () => {
    const { url } = await start({ gradioVersion, endpoints: [crash()] });
    const [last] = (await all(gradio(url).submit('/crash', ['x']))).slice(-1);
    expect(last).toMatchObject({ type: 'error', error: { type: 'app', endpoint: '/crash' } });
    expect(last?.type === 'error' && last.error.message).toMatch(/show_error setting is off/);
  });

  it('predict emits the final outputs once', async () => {
    const { url } = await start({ gradioVersion, endpoints: [echo()] });
    expect(await all(gradio(url).predict('/echo', ['hi']))).toEqual([['echo: hi']]);
  });
});

describe('app.submit', () => {
  it('predict errors with the typed GradioError of a failed job', async () => {
    const { url } = await start({ showError: true, endpoints: [{ apiName: 'boom', inputs: [], outputs: [{ type: 'textbox' }], fn: () => { throw new Error('division by zero'); } }] });
    const error = await firstValueFrom(gradio(url).predict('/boom', [])).catch((e: unknown) => e);
    expect(isGradioError(error) && error.type).toBe('app');
    expect((error as Error).message).toContain('division by zero');
  });

  it('maps a full queue to a queue-full error event', async () => {
    const { url } = await start({ maxQueueSize: 0, endpoints: [echo()] });
    const [last] = await all(gradio(url).submit('/echo', ['x']));
    expect(last).toMatchObject({ type: 'error', error: { type: 'queue-full', status: 503 } });
  });

  it('accepts an fn_index as the endpoint', async () => {
    const { url } = await start({ endpoints: [echo('first'), echo('second')] });
    expect(await firstValueFrom(gradio(url).predict(1, ['x']))).toEqual(['echo: x']);
  });

  it('reuses the first session for sequential jobs so gr.State carries over', async () => {
    const s = await start({ endpoints: [echo()] });
    const app = gradio(s.url);
    await all(app.submit('/echo', ['1']));
    await all(app.submit('/echo', ['2']));
    const sessions = s.requests.filter((r) => r.path.endsWith('/queue/join')).map((r) => (r.body as { session_hash: string }).session_hash);
    expect(new Set(sessions).size).toBe(1);
  });
});

describe('app.submit on a server before Gradio 4.31 (no /cancel; the 4.26 layout)', () => {
  const resets = (s: FakeGradioServer) => s.requests.filter((r) => r.path === '/reset');

  it('runs jobs of endpoints found by position, the dependencies carrying no id', async () => {
    const s = await start({ gradioVersion: 4.26, endpoints: [echo('first'), echo('second')] });
    const app = gradio(s.url);
    expect((await all(app.submit('/second', ['a']))).at(-1)).toMatchObject({ type: 'completed', data: ['echo: a'] });
    expect((await all(app.submit(1, ['b']))).at(-1)).toMatchObject({ type: 'completed', data: ['echo: b'] });
    expect(s.requests.filter((r) => r.path === '/queue/join').map((r) => (r.body as { fn_index: number }).fn_index)).toEqual([1, 1]);
  });

  it('stops an unsubscribed job through /reset with its event id, and sends no /cancel', async () => {
    const s = await start({ gradioVersion: 4.26, endpoints: [slow({ ms: 400, tickMs: 20 })] });
    const app = gradio(s.url);
    const seen: GradioEvent[][] = [[], []];
    let completed: GradioEvent[] | undefined;
    const subscriptions = seen.map((list, i) =>
      app.submit('/slow', [`job${i}`]).subscribe({ next: (e) => list.push(e), complete: () => i === 0 && (completed = list) }),
    );
    await until(() => seen.every((list) => list.some((e) => e.type === 'generating')));
    subscriptions[1]!.unsubscribe();
    const eventId = (seen[1]![0] as { eventId: string }).eventId;
    await until(() => s.fake.stopped.includes(eventId));
    expect(resets(s).map((r) => r.body)).toEqual([{ event_id: eventId }]);
    expect(s.fake.cancelled).toEqual([expect.objectContaining({ eventId, via: 'reset' })]);
    await until(() => completed !== undefined);
    expect(completed!.at(-1)?.type).toBe('completed');
    expect(s.requests.some((r) => r.path === '/cancel')).toBe(false);
  });

  it('in a pinned session, stops the unsubscribed job while its sibling of the same endpoint runs on', async () => {
    // /reset names one event, so the sibling that /cancel would stop too is safe.
    const s = await start({ gradioVersion: 4.26, endpoints: [slow({ ms: 300, tickMs: 20 })] });
    const { left: stopped, sibling } = await leaveFirstOfPinnedPair(s.url);
    const eventId = (stopped[0] as { eventId: string }).eventId;
    await until(() => s.fake.stopped.includes(eventId));
    expect((await sibling).at(-1)?.type).toBe('completed');
    expect(s.fake.cancelled).toEqual([expect.objectContaining({ eventId, sessionHash: 'pinned', via: 'reset' })]);
  });

  it('stops a job unsubscribed before its join answered, through /reset once the event id arrives', async () => {
    const s = await start({ gradioVersion: 4.26, delays: { joinMs: 200 }, endpoints: [slow()] });
    const subscription = gradio(s.url).submit('/slow', ['x']).subscribe();
    await until(() => s.requests.some((r) => r.path === '/queue/join'));
    subscription.unsubscribe();
    await until(() => s.fake.stopped.length === 1);
    expect(resets(s).map((r) => r.body)).toEqual([{ event_id: s.fake.stopped[0] }]);
  });
});
