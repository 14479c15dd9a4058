/**
 * Queue semantics over real sockets: concurrency limits and estimation ranks, `/cancel`
 * (transcripts/cancel.txt, real/a19_*), `/reset` before Gradio 4.31 and disconnects (§7.3).
 */
import { describe, expect, it } from 'vitest';
import { type FakeEndpoint, type FakeGradioOptions, type FakeGradioServer } from '../../src/testing/index.js';
import {
  chatComponents,
  chatMessage,
  dataMessages,
  gate,
  join,
  normalize,
  openQueueStream,
  postJson,
  sleep,
  transcriptBody,
  transcriptRequestBody,
  waitFor,
} from './support.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const startServer = useFakeServer();

async function start(options: FakeGradioOptions): Promise<{ base: string; server: FakeGradioServer }> {
  // These tests compare with the Gradio 5 transcripts and captures: the 5 layout, pinned.
  const server = await startServer({ gradioVersion: 5, ...options });
  return { base: `${server.url}/gradio_api`, server };
}

/** An endpoint whose jobs wait for the gate named by their first input. */
function gated(gates: Map<string, () => Promise<void>>, overrides: Partial<FakeEndpoint> = {}): FakeEndpoint {
  return {
    apiName: 'work',
    inputs: [{ type: 'textbox' }],
    outputs: [{ type: 'textbox' }],
    fn: async ([name]) => {
      await gates.get(String(name))?.();
      return [`done ${String(name)}`];
    },
    ...overrides,
  };
}

/** A generator that streams a word every `stepMs` for a long time. */
function endless(stepMs: number): FakeEndpoint['fn'] {
  return async function* ([name], ctx) {
    let text = '';
    for (let step = 1; step < 10_000; step += 1) {
      text += `${String(name)}${step} `;
      yield [text];
      await ctx.sleep(stepMs);
    }
  };
}

describe('concurrency limits', () => {
  it('ranks waiting jobs in their function queue and updates the ranks when a job starts', async () => {
    const gates = new Map(['a', 'b', 'c'].map((name) => [name, gate()] as const));
    const { base } = await start({
      endpoints: [gated(new Map([...gates].map(([name, held]) => [name, () => held.promise])))],
    });
    const stream = await openQueueStreamAfterJoin(base, 'ranks', ['a']);
    const [a] = stream.ids;
    const b = await join(base, { data: ['b'], fn_index: 0, session_hash: 'ranks' });
    const c = await join(base, { data: ['c'], fn_index: 0, session_hash: 'ranks' });
    const estimation = (id: string | undefined, rank: number, size: number): string =>
      `{"msg":"estimation","event_id":"${id}","rank":${rank},"queue_size":${size},"rank_eta":`;

    expect(await stream.reader.next()).toContain(estimation(a, 0, 1));
    expect(await stream.reader.next()).toContain(`"process_starts","event_id":"${a}"`);
    expect(await stream.reader.next()).toContain(estimation(b, 0, 1));
    expect(await stream.reader.next()).toContain(estimation(c, 1, 2));
    gates.get('a')?.open();
    expect(await stream.reader.next()).toContain(`"process_completed","event_id":"${a}"`);
    expect(await stream.reader.next()).toContain(`"process_starts","event_id":"${b}"`);
    // Gradio knows the run time of one job now, so rank_eta is a number.
    expect(await stream.reader.next()).toMatch(new RegExp(`${escape(estimation(c, 0, 1))}[0-9.e-]+\\}`));
    gates.get('b')?.open();
    gates.get('c')?.open();
    const rest = dataMessages(await stream.reader.rest()).map((message) => `${String(message['msg'])} ${String(message['event_id'])}`);
    expect(rest).toEqual([`process_completed ${b}`, `process_starts ${c}`, `process_completed ${c}`, 'close_stream null']);
  });

  it('runs jobs of an unlimited function at the same time', async () => {
    const held = gate();
    let running = 0;
    let maximum = 0;
    const { base } = await start({
      endpoints: [
        {
          apiName: 'parallel',
          concurrencyLimit: null,
          inputs: [],
          outputs: [],
          fn: async () => {
            running += 1;
            maximum = Math.max(maximum, running);
            await held.promise;
            running -= 1;
            return [];
          },
        },
      ],
    });
    for (const session of ['p1', 'p2', 'p3']) await join(base, { data: [], fn_index: 0, session_hash: session });
    await waitFor(() => running === 3);
    held.open();
    await waitFor(() => running === 0);
    expect(maximum).toBe(3);
  });
});

describe('POST {P}/cancel', () => {
  it('ends a running generator with the synthetic completion of transcripts/cancel.txt', async () => {
    const { message, chatbot, state } = chatComponents;
    const { base, server: running } = await start({
      endpoints: [
        {
          apiName: 'chat',
          inputs: [message, chatbot, state],
          outputs: [message, chatbot],
          triggerId: 5,
          async *fn([text], ctx) {
            yield ['', [chatMessage('user', String(text)), chatMessage('assistant', 'Once')]];
            await ctx.sleep(5);
            yield ['', [chatMessage('user', String(text)), chatMessage('assistant', 'Once upon a time')]];
            await ctx.sleep(60_000);
            yield ['', []];
          },
        },
      ],
    });
    const joined = await postJson(`${base}/queue/join?`, transcriptRequestBody('cancel.txt', 1));
    const { event_id: eventId } = (await joined.json()) as { event_id: string };
    const stream = await openQueueStream(base, 'k3v9qz1x7mw');
    let received = '';
    for (let count = 0; count < 4; count += 1) received += (await stream.next()) ?? '';

    const cancel = await postJson(`${base}/cancel`, { event_id: eventId, session_hash: 'k3v9qz1x7mw', fn_index: 0 });
    expect(await cancel.text()).toBe(transcriptBody('cancel.txt', 3));
    const reset = await postJson(`${base}/reset`, { event_id: eventId });
    expect(await reset.text()).toBe(transcriptBody('cancel.txt', 4));
    received += await stream.rest();

    expect(normalize(received)).toBe(normalize(transcriptBody('cancel.txt', 2)));
    expect(running.fake.cancelled).toEqual([{ eventId, fnIndex: 0, sessionHash: 'k3v9qz1x7mw', via: 'cancel' }]);
    await waitFor(() => running.fake.stopped.includes(eventId));
  });

  it('stops every running job of that function in the session, but not other functions or sessions', async () => {
    const { base, server: running } = await start({
      heartbeatMs: 100,
      endpoints: [
        { apiName: 'stream', concurrencyLimit: null, inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }], fn: endless(10) },
        {
          apiName: 'other',
          inputs: [],
          outputs: [{ type: 'textbox' }],
          fn: async (_inputs, ctx) => {
            await ctx.sleep(150);
            return ['other done'];
          },
        },
      ],
    });
    const ids = [
      await join(base, { data: ['x'], fn_index: 0, session_hash: 'shared' }),
      await join(base, { data: ['y'], fn_index: 0, session_hash: 'shared' }),
      await join(base, { data: ['z'], fn_index: 0, session_hash: 'shared' }),
    ];
    const other = await join(base, { data: [], fn_index: 1, session_hash: 'shared' });
    const elsewhere = await join(base, { data: ['w'], fn_index: 0, session_hash: 'elsewhere' });
    const stream = await openQueueStream(base, 'shared');
    const elsewhereStream = await openQueueStream(base, 'elsewhere');
    await sleep(40);

    await postJson(`${base}/cancel`, { event_id: ids[1], session_hash: 'shared', fn_index: 0 });
    expect(running.fake.cancelled.map((record) => record.eventId).sort()).toEqual([...ids].sort());
    expect(running.fake.cancelled.every((record) => record.via === 'cancel' && record.sessionHash === 'shared')).toBe(true);
    await waitFor(() => ids.every((id) => running.fake.stopped.includes(id)));
    expect(running.fake.stopped).not.toContain(elsewhere);

    // Only the given event gets a completion; the other two stay pending, so no close_stream.
    const after: Record<string, unknown>[] = [];
    for (;;) {
      const block = await stream.next();
      if (block === null) break;
      const [message] = dataMessages(block);
      if (message === undefined) continue;
      after.push(message);
      if (message['msg'] === 'heartbeat' && after.some((seen) => seen['event_id'] === other && seen['msg'] === 'process_completed')) break;
    }
    const completions = after.filter((message) => message['msg'] === 'process_completed');
    expect(completions).toEqual([
      { msg: 'process_completed', event_id: ids[1], output: {}, success: true, title: null },
      expect.objectContaining({ event_id: other, success: true }),
    ]);
    expect(after.some((message) => message['msg'] === 'close_stream')).toBe(false);
    await stream.cancel();
    await elsewhereStream.cancel();
  });

  it('leaves a job that has not started in the queue, where it runs later, and stops nothing else', async () => {
    const gates = new Map([['first', gate()]]);
    const calls: string[] = [];
    const { base, server: running } = await start({
      endpoints: [
        gated(new Map([['first', () => gates.get('first')?.promise ?? Promise.resolve()]]), {
          fn: async ([name]) => {
            calls.push(String(name));
            if (name === 'first') await gates.get('first')?.promise;
            return [`done ${String(name)}`];
          },
        }),
      ],
    });
    await join(base, { data: ['first'], fn_index: 0, session_hash: 'A' });
    const queued = await join(base, { data: ['second'], fn_index: 0, session_hash: 'B' });
    const stream = await openQueueStream(base, 'B');
    await postJson(`${base}/cancel`, { event_id: queued, session_hash: 'B', fn_index: 0 });
    const messages = dataMessages(await stream.rest());
    expect(messages.map((message) => message['msg'])).toEqual(['estimation', 'process_completed', 'close_stream']);
    expect(messages[1]).toEqual({ msg: 'process_completed', event_id: queued, output: {}, success: true, title: null });
    expect(calls).toEqual(['first']);
    expect(running.fake.cancelled).toEqual([{ eventId: queued, fnIndex: 0, sessionHash: 'B', via: 'cancel' }]);
    gates.get('first')?.open();
    await waitFor(() => calls.includes('second'));
    expect(running.fake.stopped).toEqual([]);
  });

  it('answers 422 when a field is missing', async () => {
    const { base } = await start({ endpoints: [gated(new Map())] });
    const response = await postJson(`${base}/cancel`, { event_id: 'e', session_hash: 's' });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'fn_index'], msg: 'Field required', input: { event_id: 'e', session_hash: 's' } }],
    });
  });
});

describe('Gradio before 4.31 (gradioVersion 4.26): POST /reset, no /cancel', () => {
  async function startOld(endpoints: FakeEndpoint[]): Promise<{ base: string; server: FakeGradioServer }> {
    // The 4 layout: no /gradio_api prefix.
    const server = await startServer({ gradioVersion: 4.26, heartbeatMs: 50, endpoints });
    return { base: server.url, server };
  }
  const streaming: FakeEndpoint = { apiName: 'stream', concurrencyLimit: null, inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }], fn: endless(10) };

  it('reports version 4.26.0, dependencies without an id, and answers /cancel with a 404', async () => {
    const { base } = await startOld([streaming, gated(new Map())]);
    const config = (await (await fetch(`${base}/config`)).json()) as { version: string; api_prefix?: string; dependencies: Record<string, unknown>[] };
    expect(config.version).toBe('4.26.0');
    expect(config.api_prefix).toBeUndefined();
    expect(config.dependencies).toHaveLength(2);
    expect(config.dependencies.some((dependency) => 'id' in dependency)).toBe(false);
    const cancel = await postJson(`${base}/cancel`, { event_id: 'e', session_hash: 's', fn_index: 0 });
    expect(cancel.status).toBe(404);
  });

  it('stops the started generator /reset names, and no other job of its function and session', async () => {
    const { base, server: running } = await startOld([streaming]);
    const stopped = await join(base, { data: ['x'], fn_index: 0, session_hash: 'shared' });
    const sibling = await join(base, { data: ['y'], fn_index: 0, session_hash: 'shared' });
    const stream = await openQueueStream(base, 'shared');
    const received: Record<string, unknown>[] = [];
    const reading = (async () => {
      for (let block = await stream.next(); block !== null; block = await stream.next()) received.push(...dataMessages(block));
    })().catch(() => undefined);
    await waitFor(() => received.some((message) => message['msg'] === 'process_generating' && message['event_id'] === stopped));

    const reset = await postJson(`${base}/reset`, { event_id: stopped });
    expect(await reset.json()).toEqual({ success: true });
    expect(running.fake.cancelled).toEqual([{ eventId: stopped, fnIndex: 0, sessionHash: 'shared', via: 'reset' }]);
    await waitFor(() => running.fake.stopped.includes(stopped));
    expect(running.fake.stopped).not.toContain(sibling);

    // Its messages stop without a completion (clean_events marks it dead); the sibling's go on.
    await sleep(30);
    const afterStop = received.length;
    await sleep(60);
    const later = received.slice(afterStop);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((message) => message['event_id'] === sibling)).toBe(true);
    expect(received.some((message) => message['msg'] === 'process_completed')).toBe(false);
    await stream.cancel();
    await reading;
  });

  it('answers success false and stops nothing for a job that has not started or is no generator', async () => {
    const first = gate();
    const { base, server: running } = await startOld([gated(new Map([['first', () => first.promise]]))]);
    const plain = await join(base, { data: ['first'], fn_index: 0, session_hash: 'A' });
    const queued = await join(base, { data: ['second'], fn_index: 0, session_hash: 'B' });
    await sleep(20);
    expect(await (await postJson(`${base}/reset`, { event_id: plain })).json()).toEqual({ success: false });
    expect(await (await postJson(`${base}/reset`, { event_id: queued })).json()).toEqual({ success: false });
    expect(await (await postJson(`${base}/reset`, { event_id: 'unknown' })).json()).toEqual({ success: false });
    expect(running.fake.cancelled).toEqual([]);
    first.open();
    const stream = await openQueueStream(base, 'B');
    const completion = dataMessages(await stream.rest()).find((message) => message['msg'] === 'process_completed');
    expect(completion).toMatchObject({ event_id: queued, success: true, output: { data: ['done second'] } });
  });

  it('refuses an endpoint whose fn_index is not its position, which a dependency without id cannot say', async () => {
    await expect(startServer({ gradioVersion: 4.26, endpoints: [{ ...streaming, fnIndex: 3 }] })).rejects.toThrow(
      "Before Gradio 4.32 an fn_index is a dependency's position: endpoint stream cannot have fn_index 3.",
    );
  });
});

describe('disconnecting the data stream (§7.3)', () => {
  it('cancels the running and the waiting jobs of the session and forgets the session', async () => {
    const calls: string[] = [];
    const { base, server: running } = await start({
      endpoints: [
        {
          apiName: 'stream',
          inputs: [{ type: 'textbox' }],
          outputs: [{ type: 'textbox' }],
          fn: (inputs, ctx) => {
            calls.push(String(inputs[0]));
            return endless(10)(inputs, ctx);
          },
        },
      ],
    });
    const first = await join(base, { data: ['a'], fn_index: 0, session_hash: 'gone' });
    const second = await join(base, { data: ['b'], fn_index: 0, session_hash: 'gone' });
    const stream = await openQueueStream(base, 'gone');
    let block = await stream.next();
    while (block !== null && !block.includes('process_generating')) block = await stream.next();
    await stream.cancel();

    await waitFor(() => running.fake.cancelled.length === 2);
    expect(running.fake.cancelled).toEqual(
      expect.arrayContaining([
        { eventId: first, fnIndex: 0, sessionHash: 'gone', via: 'disconnect' },
        { eventId: second, fnIndex: 0, sessionHash: 'gone', via: 'disconnect' },
      ]),
    );
    await waitFor(() => running.fake.stopped.includes(first));
    await sleep(30);
    expect(calls).toEqual(['a']);
    const again = await fetch(`${base}/queue/data?session_hash=gone`);
    await expect(again.text()).rejects.toThrow();
  });

  it('does not cancel anything when the client closes after close_stream', async () => {
    const { base, server: running } = await start({
      endpoints: [{ apiName: 'quick', inputs: [], outputs: [{ type: 'textbox' }], fn: () => ['ok'] }],
    });
    await join(base, { data: [], fn_index: 0, session_hash: 'done' });
    const stream = await openQueueStream(base, 'done');
    let block = await stream.next();
    while (block !== null && !block.includes('close_stream')) block = await stream.next();
    await stream.cancel();
    await join(base, { data: [], fn_index: 0, session_hash: 'done' });
    expect(dataMessages((await (await fetch(`${base}/queue/data?session_hash=done`)).text())).at(-1)).toEqual({
      msg: 'close_stream',
      event_id: null,
    });
    expect(running.fake.cancelled).toEqual([]);
  });
});

/** Joins the given inputs of fn 0, then opens the stream; returns the reader and the event ids. */
async function openQueueStreamAfterJoin(
  base: string,
  session: string,
  inputs: string[],
): Promise<{ reader: Awaited<ReturnType<typeof openQueueStream>>; ids: string[] }> {
  const ids: string[] = [];
  for (const input of inputs) ids.push(await join(base, { data: [input], fn_index: 0, session_hash: session }));
  return { reader: await openQueueStream(base, session), ids };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
