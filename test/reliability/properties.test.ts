/**
 * Properties of the whole client (fast-check), beyond the unit properties of the SSE decoder
 * (test/transport/sse.test.ts) and of applyDiff (test/diff.test.ts):
 * - a real stream gives the same job events however the network cuts it;
 * - any bytes on a stream end the job with one typed terminal event, never a thrown error;
 * - the client's diff application undoes the fake server's diff algorithm (§6.6) for any JSON.
 * Real captures replayed: real/b01_get_config.txt, real/b17_multiplex_join{1,2}.txt and
 * real/b17_multiplex_data.txt (two jobs on one stream), real/a01_get_config.txt,
 * real/a03_call_generate_post.txt and real/a03_call_generate_sse.txt (a /call stream).
 */
import fc from 'fast-check';
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyDiff } from '../../src/diff.js';
import { gradio, type GradioApp, type GradioEvent, isGradioError, isTerminalEvent } from '../../src/index.js';
import { diff } from '../../src/testing/index.js';
import { pythonEquals } from '../../src/testing/diff.js';
import { readRealCaptureBody } from '../helpers/sseFixtures.js';
import { SideEffects } from './harness.js';
import { captureJson, cutAt, replayFetch, type ReplayScript } from './replay.js';

const effects = new SideEffects();
beforeEach(() => effects.install());
afterEach(() => {
  effects.uninstall();
});

const all = (observable: Observable<GradioEvent>) => lastValueFrom(observable.pipe(toArray()));

/** Offsets to cut a body at: a few anywhere, or many (down to single bytes). */
const cuts = fc.oneof(fc.array(fc.nat(), { maxLength: 40 }), fc.array(fc.nat(), { minLength: 200, maxLength: 1_500 }));

describe('a real stream cut at arbitrary chunk boundaries', () => {
  const multiplexed = readRealCaptureBody('b17_multiplex_data.txt');
  const chatConfig = captureJson<unknown>('b01_get_config.txt');
  const eventIds = [captureJson<{ event_id: string }>('b17_multiplex_join1.txt').event_id, captureJson<{ event_id: string }>('b17_multiplex_join2.txt').event_id];

  /** Both jobs of b17 on one pinned session, the data stream served as `chunks`. */
  async function runMultiplexed(chunks: Uint8Array[]): Promise<GradioEvent[][]> {
    const script: ReplayScript = { config: chatConfig, eventIds, stream: (kind, index) => (kind === 'queue' && index === 0 ? chunks : undefined) };
    const app = gradio('http://127.0.0.1:7861', { fetch: replayFetch(script).fetch, sessionHash: 'sessB17x01', streamGraceMs: 0 });
    const system = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';
    return Promise.all([all(app.submit(3, ['first event', [], system, '72B'])), all(app.submit(3, ['QUOTA second event', [], system, '72B']))]);
  }

  it('gives the same events to both jobs of a multiplexed queue stream as in one chunk (real/b17)', async () => {
    const whole = await runMultiplexed([multiplexed]);
    // The replay itself is right: the chat completes with the text the capture ends with, the
    // second job fails on its ZeroGPU quota.
    expect(whole[0]?.at(-1)).toMatchObject({ type: 'completed', eventId: eventIds[0] });
    expect(whole[1]?.at(-1)).toMatchObject({ type: 'gpu-quota-error', eventId: eventIds[1], requestedSeconds: 60, leftSeconds: 12 });
    await fc.assert(
      fc.asyncProperty(cuts, async (offsets) => {
        expect(await runMultiplexed(cutAt(multiplexed, offsets))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
    expect(effects.unhandled).toEqual([]);
    expect(effects.printed).toEqual([]);
  });

  it('gives the same events for a /call stream as in one chunk (real/a03)', async () => {
    const body = readRealCaptureBody('a03_call_generate_sse.txt');
    const script = (chunks: Uint8Array[]): ReplayScript => ({
      config: captureJson<unknown>('a01_get_config.txt'),
      eventIds: [captureJson<{ event_id: string }>('a03_call_generate_post.txt').event_id],
      stream: (kind, index) => (kind === 'call' && index === 0 ? chunks : undefined),
    });
    const run = (chunks: Uint8Array[]) => all(gradio('http://127.0.0.1:7860', { fetch: replayFetch(script(chunks)).fetch }).call('/generate', [null, 'Hello there']));
    const whole = await run([body]);
    expect(whole.filter((event) => event.type === 'generating')).toHaveLength(20);
    expect(whole.at(-1)?.type).toBe('completed');
    await fc.assert(
      fc.asyncProperty(cuts, async (offsets) => {
        expect(await run(cutAt(body, offsets))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});

describe('arbitrary bytes on a stream', () => {
  const eventId = 'e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0';
  const config = {
    version: '5.49.1',
    protocol: 'sse_v3',
    api_prefix: '/gradio_api',
    components: [{ id: 1, type: 'textbox', props: {} }, { id: 2, type: 'textbox', props: {} }, { id: 3, type: 'button', props: {} }],
    dependencies: [{ id: 0, targets: [[3, 'click']], inputs: [1], outputs: [2], api_name: 'go', queue: true, types: { generator: true } }],
  };
  const json = fc.jsonValue({ maxDepth: 3 });
  const message = (msg: string, fields: fc.Arbitrary<Record<string, unknown>>) =>
    fields.map((rest) => `data: ${JSON.stringify({ msg, event_id: eventId, ...rest })}\n\n`);
  /** Pieces a stream is made of: plausible messages for the job with random fields, SSE syntax, and noise. */
  const piece = fc.oneof(
    message('estimation', fc.record({ rank: json, queue_size: json, rank_eta: json })),
    message('process_starts', fc.record({ eta: json })),
    message('progress', fc.record({ progress_data: json })),
    message('log', fc.record({ log: json, level: json, title: json, duration: json })),
    message('process_generating', fc.record({ output: fc.oneof(json, fc.record({ data: json })), success: json })),
    message('process_generating', fc.record({ output: fc.record({ data: fc.array(fc.array(fc.tuple(fc.constantFrom('append', 'add', 'replace', 'delete', 'x'), fc.array(fc.oneof(fc.nat(3), fc.string())), json), { maxLength: 3 }), { maxLength: 2 }) }) })),
    message('process_completed', fc.record({ output: fc.oneof(json, fc.record({ data: json }), fc.record({ error: json, title: json })), success: json, title: json })),
    message('unexpected_error', fc.record({ message: json, session_not_found: json })).map((text) => text.replace(`"event_id":"${eventId}"`, '"event_id":null')),
    fc.constantFrom('data: {"msg":"heartbeat","event_id":null}\n\n', 'data: {"msg":"close_stream","event_id":null}\n\n', ': keep-alive\n', '\r\n', 'data: ', 'event: ', 'event: generating\n', 'event: complete\n', 'event: error\n', '\n\n'),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.uint8Array({ maxLength: 30 }),
  );
  const encoder = new TextEncoder();
  const body = fc.array(piece, { maxLength: 12 }).map((pieces) => {
    const parts = pieces.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
    const bytes = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return bytes;
  });

  const optionalNumber = (value: unknown) => value === undefined || (typeof value === 'number' && Number.isFinite(value));

  /** The fields a consumer relies on have the types the event union promises, whatever came in. */
  function expectWellTyped(event: GradioEvent): void {
    switch (event.type) {
      case 'queued':
        expect([event.position, event.queueSize, event.etaSeconds].every(optionalNumber)).toBe(true);
        break;
      case 'started':
        expect(optionalNumber(event.etaSeconds)).toBe(true);
        break;
      case 'progress':
        expect(Array.isArray(event.progress)).toBe(true);
        break;
      case 'log':
        expect(typeof event.message).toBe('string');
        expect(['info', 'warning', 'success', 'error']).toContain(event.level);
        break;
      case 'generating':
      case 'completed':
        expect(Array.isArray(event.data)).toBe(true);
        break;
      default:
        break;
    }
  }

  /**
   * Every run ends with one terminal event; a failure is a GradioError that says what the
   * server did wrong, not a JavaScript exception that slipped through (toJobError's "failed
   * unexpectedly") or an object printed as "[object Object]".
   */
  function expectOneTypedEnd(events: GradioEvent[]): void {
    const ends = events.filter(isTerminalEvent);
    expect(ends).toHaveLength(1);
    expect(events.at(-1)).toBe(ends[0]);
    events.forEach(expectWellTyped);
    const last = ends[0]!;
    if (last.type === 'completed') return;
    expect(isGradioError(last.error)).toBe(true);
    expect(last.error.message).not.toMatch(/failed unexpectedly|\[object Object\]/);
  }

  it('end a queue job with exactly one typed terminal event, whatever they are and however they are cut', async () => {
    await fc.assert(
      fc.asyncProperty(body, cuts, async (bytes, offsets) => {
        const script: ReplayScript = { config, eventIds: [eventId], stream: (kind, index) => (kind === 'queue' && index === 0 ? cutAt(bytes, offsets) : undefined) };
        const events = await all(gradio('http://127.0.0.1:7860', { fetch: replayFetch(script).fetch, streamGraceMs: 0, idleTimeoutMs: 5_000 }).submit('/go', ['x']));
        expectOneTypedEnd(events);
      }),
      { numRuns: 300 },
    );
    expect(effects.unhandled).toEqual([]);
    expect(effects.printed).toEqual([]);
  });

  it('end a /call job with exactly one typed terminal event, whatever they are and however they are cut', async () => {
    await fc.assert(
      fc.asyncProperty(body, cuts, async (bytes, offsets) => {
        const script: ReplayScript = { config, eventIds: [eventId], stream: (kind, index) => (kind === 'call' && index === 0 ? cutAt(bytes, offsets) : undefined) };
        const events = await all(gradio('http://127.0.0.1:7860', { fetch: replayFetch(script).fetch, idleTimeoutMs: 5_000 }).call('/go', ['x']));
        expectOneTypedEnd(events);
      }),
      { numRuns: 300 },
    );
    expect(effects.unhandled).toEqual([]);
    expect(effects.printed).toEqual([]);
  });
});

describe('an arbitrary /config, /info or join answer', () => {
  const eventId = 'e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1';
  const json = fc.jsonValue({ maxDepth: 3 });
  /** Mostly a plausible value for a field, sometimes any JSON in its place. */
  const either = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plausible, weight: 12 }, { arbitrary: json, weight: 1 });
  const component = either(
    fc.record(
      { id: either(fc.constantFrom(1, 2, 3)), type: either(fc.constantFrom('textbox', 'state', 'chatbot', 'button')), props: either(fc.constant({})), skip_api: json },
      { requiredKeys: ['id', 'type'] },
    ),
  );
  const ids = either(fc.array(either(fc.nat(4)), { maxLength: 3 }));
  const dependency = either(
    fc.record(
      {
        id: either(fc.constant(0)),
        targets: either(fc.constant([[3, 'click']])),
        inputs: ids,
        outputs: ids,
        api_name: either(fc.constantFrom('go', false, null)),
        queue: json,
        backend_fn: json,
        types: either(fc.record({ generator: json, cancel: json }, { requiredKeys: [] })),
        show_api: json,
        api_visibility: either(fc.constantFrom('public', 'private', 'undocumented')),
      },
      { requiredKeys: ['inputs', 'outputs', 'api_name'] },
    ),
  );
  const config = either(
    fc.record(
      {
        version: either(fc.constantFrom('4.44.1', '5.49.1', '6.25.0')),
        protocol: either(fc.constantFrom('sse_v1', 'sse_v2', 'sse_v3', 'ws')),
        api_prefix: either(fc.constantFrom('', '/gradio_api')),
        components: either(fc.array(component, { maxLength: 4 })),
        dependencies: either(fc.array(dependency, { minLength: 1, maxLength: 3 })),
      },
      { requiredKeys: ['protocol', 'components', 'dependencies'] },
    ),
  );
  const parameter = either(
    fc.record(
      { label: json, parameter_name: either(fc.constantFrom('text', 'other')), parameter_has_default: json, parameter_default: json, type: json, python_type: json, component: json },
      { requiredKeys: ['parameter_name'] },
    ),
  );
  const endpointInfo = either(fc.record({ parameters: either(fc.array(parameter, { maxLength: 3 })), returns: json }, { requiredKeys: ['parameters'] }));
  const info = fc.option(
    either(fc.record({ named_endpoints: either(fc.record({ '/go': endpointInfo })), unnamed_endpoints: either(fc.record({ '0': endpointInfo })) }, { requiredKeys: ['named_endpoints'] })),
    { nil: undefined },
  );
  const jobAnswer = fc.option(either(fc.record({ event_id: either(fc.constant(eventId)) }, { requiredKeys: [] })), { nil: undefined });
  const stream = new TextEncoder().encode(
    `data: {"msg":"process_starts","event_id":"${eventId}"}\n\n` +
      `data: {"msg":"process_completed","event_id":"${eventId}","output":{"data":["ok"]},"success":true}\n\n` +
      'data: {"msg":"close_stream","event_id":null}\n\n',
  );
  const callStream = new TextEncoder().encode('event: complete\ndata: ["ok"]\n\n');
  /** How a user may start the job: by name through the queue or /call, by index, or with named arguments. */
  const start = fc.constantFrom(
    (app: GradioApp) => app.submit('/go', ['x']),
    (app: GradioApp) => app.call('/go', ['x']),
    (app: GradioApp) => app.submit(0, ['x']),
    (app: GradioApp) => app.submit('/go', { text: 'x' }),
  );

  it("ends every job with exactly one typed terminal event, whatever the server's config, /info and join answer hold", async () => {
    await fc.assert(
      fc.asyncProperty(config, info, jobAnswer, start, async (served, infoServed, answer, run) => {
        const script: ReplayScript = {
          config: served,
          ...(infoServed === undefined ? {} : { info: infoServed }),
          eventIds: [eventId],
          ...(answer === undefined ? {} : { jobAnswer: answer }),
          stream: (kind, index) => (index > 0 ? undefined : [kind === 'queue' ? stream : callStream]),
        };
        const app = gradio('http://127.0.0.1:7860', { fetch: replayFetch(script).fetch, streamGraceMs: 0, idleTimeoutMs: 5_000 });
        const events = await all(run(app));
        const ends = events.filter(isTerminalEvent);
        expect(ends).toHaveLength(1);
        expect(events.at(-1)).toBe(ends[0]);
        const last = ends[0]!;
        if (last.type !== 'completed') {
          expect(isGradioError(last.error)).toBe(true);
          expect(last.error.message).not.toMatch(/failed unexpectedly|\[object Object\]/);
        }
      }),
      { numRuns: 300 },
    );
    expect(effects.unhandled).toEqual([]);
    expect(effects.printed).toEqual([]);
  });
});

describe('applyDiff against the fake server diff (§6.6)', () => {
  /** Deep-freezes a value, so that any in-place edit throws. */
  function deepFreeze<T>(value: T): T {
    if (typeof value === 'object' && value !== null) {
      for (const child of Object.values(value)) deepFreeze(child);
      Object.freeze(value);
    }
    return value;
  }

  /** JSON values as the wire delivers them: keys that are special in JS included, no -0. */
  const { value: wireJson } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.constantFrom('', 'a', 'ab', 'abc', 'Hello', 'Hello!'),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'content', 'role')), tie('value'), { maxKeys: 5 }),
    ),
  }));
  // Through JSON, as the server's values arrive: "__proto__" becomes an own key of a plain object, -0 becomes 0.
  const wire = wireJson.map((value) => JSON.parse(JSON.stringify(value)) as unknown);

  /** Python's `==` is the server's notion of "unchanged": `True == 1`, so it sends no edit there. */
  function containsBoolean(value: unknown): boolean {
    if (typeof value === 'boolean') return true;
    if (typeof value !== 'object' || value === null) return false;
    return Object.values(value).some(containsBoolean);
  }

  it('apply(diff(a, b), a) equals b for arbitrary JSON values, and never mutates a', () => {
    fc.assert(
      fc.property(wire, wire, (before, after) => {
        const snapshot = JSON.stringify(before);
        const result = applyDiff(deepFreeze(before), diff(before, after));
        expect(pythonEquals(result, after)).toBe(true);
        if (!containsBoolean(before) && !containsBoolean(after)) expect(result).toEqual(after);
        expect(JSON.stringify(before)).toBe(snapshot);
      }),
      { numRuns: 2_000 },
    );
  });

  it('rebuilds every step of a growing value from the diffs alone, leaving every earlier step intact', () => {
    /** A chat history that grows like a streamed reply: new messages, appended text, edits. */
    const steps = fc.array(fc.tuple(fc.string({ maxLength: 5 }), fc.boolean(), wire), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(steps, (edits) => {
        let history: unknown[] = [];
        const values: unknown[][] = [];
        for (const [text, newMessage, extra] of edits) {
          const last = history.at(-1) as { role: string; content: string; extra: unknown } | undefined;
          history = newMessage || last === undefined
            ? [...history, { role: 'assistant', content: text, extra }]
            : [...history.slice(0, -1), { ...last, content: last.content + text, extra }];
          values.push(history);
        }
        const frozen: unknown[] = [];
        let current: unknown = null;
        for (const value of values) {
          current = applyDiff(current, diff(current, value));
          expect(pythonEquals(current, value)).toBe(true);
          frozen.push(deepFreeze(current));
        }
        // Every earlier step is still what it was when it was produced.
        frozen.forEach((step, index) => expect(pythonEquals(step, values[index])).toBe(true));
      }),
      { numRuns: 500 },
    );
  });
});
