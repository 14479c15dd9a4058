/**
 * The queue protocol routes over real sockets, compared with the spec's transcripts and the real
 * Gradio 5.49.1 captures (event ids and timings normalised).
 */
import { describe, expect, it } from 'vitest';
import { type FakeEndpoint, type FakeGradioOptions, type FakeGradioServer } from '../../src/testing/index.js';
import {
  chatApp,
  chatComponents,
  chatMessage,
  dataMessages,
  gate,
  join,
  messagesOf,
  normalize,
  openQueueStream,
  postJson,
  realBody,
  realRequestBody,
  sseReader,
  transcriptBody,
  transcriptRequestBody,
  yieldedValues,
} from './support.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const startServer = useFakeServer();

async function start(options: FakeGradioOptions): Promise<{ base: string; server: FakeGradioServer }> {
  // These tests compare with the Gradio 5 transcripts and captures: the 5 layout, pinned.
  const server = await startServer({ gradioVersion: 5, ...options });
  return { base: `${server.url}${options.gradioVersion === 4 ? '' : '/gradio_api'}`, server };
}

/** A generator endpoint that replays the values a captured stream carried. */
function replaying(values: unknown[][], stepMs = 2): FakeEndpoint['fn'] {
  return async function* (_inputs, ctx) {
    for (const value of values) {
      yield value;
      await ctx.sleep(stepMs);
    }
  };
}

describe('POST {P}/queue/join and GET {P}/queue/data', () => {
  it('streams the chat app like transcripts/queue-v3-streaming-diffs.txt', async () => {
    const { base } = await start({ endpoints: chatApp() });
    const joinResponse = await postJson(`${base}/queue/join?`, transcriptRequestBody('queue-v3-streaming-diffs.txt', 1));
    expect(joinResponse.status).toBe(200);
    expect(joinResponse.headers.get('content-type')).toBe('application/json');
    expect(joinResponse.headers.get('content-length')).toBe('47');
    expect(await joinResponse.text()).toMatch(/^\{"event_id":"[0-9a-f]{32}"\}$/);

    const stream = await fetch(`${base}/queue/data?session_hash=k3v9qz1x7mw`);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(normalize(await stream.text())).toBe(normalize(transcriptBody('queue-v3-streaming-diffs.txt', 2)));
  });

  it('reproduces the real capture of a text generator (real/a14_queue_generate_data.txt)', async () => {
    const captured = realBody('a14_queue_generate_data.txt');
    const { base } = await start({
      endpoints: [
        {
          apiName: 'generate',
          inputs: [
            { type: 'image', label: 'Image', id: 3 },
            { type: 'textbox', label: 'Question', id: 5 },
          ],
          outputs: [{ type: 'textbox', label: 'Answer', id: 8 }],
          triggerId: 6,
          fn: replaying(yieldedValues(dataMessages(captured))),
        },
      ],
    });
    await postJson(`${base}/queue/join`, realRequestBody('a14_queue_generate_join.txt'));
    const body = await (await fetch(`${base}/queue/data?session_hash=sessA14x01`)).text();
    expect(normalize(body)).toBe(normalize(captured));
  });

  it('reproduces the real capture of a tuple-style chatbot (real/b03_queue_chat_data.txt)', async () => {
    const captured = realBody('b03_queue_chat_data.txt');
    const { base } = await start({ endpoints: [qwenLikeEndpoint(replaying(yieldedValues(dataMessages(captured))))] });
    await postJson(`${base}/queue/join`, realRequestBody('b03_queue_chat_join.txt'));
    const body = await (await fetch(`${base}/queue/data?session_hash=sessB03x01`)).text();
    expect(normalize(body)).toBe(normalize(captured));
  });

  it('keeps nothing back when the stream opens after the job finished', async () => {
    const { base, server: running } = await start({ endpoints: chatApp(['Hi'], 1) });
    const eventId = await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: 'late' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const messages = dataMessages(await (await fetch(`${base}/queue/data?session_hash=late`)).text());
    expect(messages.map((message) => message['msg'])).toEqual([
      'estimation',
      'process_starts',
      'process_generating',
      'process_generating',
      'process_completed',
      'close_stream',
    ]);
    expect(messages[0]?.['event_id']).toBe(eventId);
    expect(running.fake.cancelled).toEqual([]);
  });

  it('multiplexes two events of one session and closes once after both (transcripts/queue-multiplexed-two-events.txt)', async () => {
    const hold = gate();
    const [chat] = chatApp(['Hello', '!']);
    const predict: FakeEndpoint = {
      apiName: 'predict',
      inputs: [chatComponents.message],
      outputs: [chatComponents.message],
      triggerId: 6,
      fn: async () => {
        await hold.promise;
        return ['Pong'];
      },
    };
    const { base } = await start({ endpoints: [chat as FakeEndpoint, predict] });
    const first = await join(base, { data: ['Ping'], fn_index: 1, session_hash: 'k3v9qz1x7mw' });
    const stream = await openQueueStream(base, 'k3v9qz1x7mw');
    const second = await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: 'k3v9qz1x7mw' });
    hold.open();
    const messages = dataMessages(await stream.rest());
    const expected = dataMessages(transcriptBody('queue-multiplexed-two-events.txt', 2));
    const [expectedFirst, expectedSecond] = [expected[0]?.['event_id'], expected[2]?.['event_id']];
    for (const [ours, theirs] of [
      [first, expectedFirst],
      [second, expectedSecond],
    ]) {
      expect(normalize(JSON.stringify(messagesOf(messages, ours)))).toBe(normalize(JSON.stringify(messagesOf(expected, theirs))));
    }
    expect(messages.filter((message) => message['msg'] === 'close_stream')).toHaveLength(1);
    expect(messages[messages.length - 1]).toEqual({ msg: 'close_stream', event_id: null });
  });

  it('carries a failed and a succeeding event of one endpoint on one stream (real/b17_multiplex_data.txt)', async () => {
    const captured = dataMessages(realBody('b17_multiplex_data.txt'));
    const [firstId, secondId] = [captured[0]?.['event_id'], captured[3]?.['event_id']];
    const values = yieldedValues(messagesOf(captured, firstId));
    const { base } = await start({
      endpoints: [
        qwenLikeEndpoint(async function* ([query], ctx) {
          if (String(query).startsWith('QUOTA')) {
            ctx.error('You have exceeded your GPU quota (60s requested vs. 12s left). Try again in 0:01:23.', { title: 'ZeroGPU quota exceeded' });
          }
          for (const value of values) {
            yield value;
            await ctx.sleep(2);
          }
        }, null),
      ],
    });
    const first = await join(base, JSON.parse(realRequestBody('b17_multiplex_join1.txt')) as Record<string, unknown>);
    const stream = await openQueueStream(base, 'sessB17x01');
    expect(await stream.next()).toContain('"estimation"');
    const second = await join(base, JSON.parse(realRequestBody('b17_multiplex_join2.txt')) as Record<string, unknown>);
    const messages = dataMessages(await stream.rest());
    expect(normalize(JSON.stringify(messagesOf(messages, first).slice(0)))).toBe(
      normalize(JSON.stringify(messagesOf(captured, firstId).slice(1))),
    );
    expect(normalize(JSON.stringify(messagesOf(messages, second)))).toBe(normalize(JSON.stringify(messagesOf(captured, secondId))));
    expect(messages[messages.length - 1]).toEqual({ msg: 'close_stream', event_id: null });
  });

  it('sends a heartbeat after heartbeatMs without a message', async () => {
    const { base } = await start({
      heartbeatMs: 40,
      endpoints: [
        {
          apiName: 'slow',
          inputs: [],
          outputs: [{ type: 'textbox' }],
          fn: async (_inputs, ctx) => {
            await ctx.sleep(150);
            return ['done'];
          },
        },
      ],
    });
    await join(base, { data: [], fn_index: 0, session_hash: 's1' });
    const body = await (await fetch(`${base}/queue/data?session_hash=s1`)).text();
    const messages = dataMessages(body);
    expect(body).toContain('data: {"msg":"heartbeat","event_id":null}\n\n');
    const kinds = messages.map((message) => message['msg']);
    expect(kinds.indexOf('heartbeat')).toBeGreaterThan(kinds.indexOf('process_starts'));
    expect(kinds.indexOf('heartbeat')).toBeLessThan(kinds.indexOf('process_completed'));
  });

  it('answers an unknown session with the in-band 404 of transcripts/queue-session-not-found.txt and drops the connection', async () => {
    const { base } = await start({ endpoints: chatApp() });
    const response = await fetch(`${base}/queue/data?session_hash=neverjoined1`);
    expect(response.status).toBe(200);
    const reader = sseReader(response);
    expect(await reader.next()).toBe(transcriptBody('queue-session-not-found.txt', 1));
    await expect(reader.next()).rejects.toThrow(TypeError);
  });

  it('ends without close_stream on sse_v2 but still sends diffs', async () => {
    const { base } = await start({ endpoints: chatApp(['Hello', '!'], 1), protocol: 'sse_v2' });
    await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: 'v2' });
    const messages = dataMessages(await (await fetch(`${base}/queue/data?session_hash=v2`)).text());
    expect(messages[messages.length - 1]?.['msg']).toBe('process_completed');
    const generating = messages.filter((message) => message['msg'] === 'process_generating');
    expect((generating[1]?.['output'] as { data: unknown[] }).data).toEqual([[], [['append', [1, 'content'], 'Hello']]]);
  });

  it('sends full values in every generating message on sse_v1 and no close_stream', async () => {
    const { base, server: running } = await start({ endpoints: chatApp(['Hello', '!'], 1), protocol: 'sse_v1' });
    await join(base, { data: ['Hi', [], null], fn_index: 0, session_hash: 'v1' });
    const messages = dataMessages(await (await fetch(`${base}/queue/data?session_hash=v1`)).text());
    expect(messages.some((message) => message['msg'] === 'close_stream')).toBe(false);
    const generating = messages.filter((message) => message['msg'] === 'process_generating');
    expect((generating[2]?.['output'] as { data: unknown[] }).data).toEqual([
      '',
      [chatMessage('user', 'Hi'), chatMessage('assistant', 'Hello!')],
    ]);
    const config = (await (await fetch(`${running.url}/config`)).json()) as { protocol: string };
    expect(config.protocol).toBe('sse_v1');
  });

  it('uses the Gradio 4 layout and shapes of transcripts/seed-qwen2-5-queue.txt', async () => {
    const expected = transcriptBody('seed-qwen2-5-queue.txt', 2);
    const values = yieldedValues(dataMessages(expected));
    const endpoint = qwenLikeEndpoint(replaying(values), 1, [{ type: 'json', id: 30 }]);
    const { base } = await start({ gradioVersion: 4, endpoints: [endpoint] });
    expect((await fetch(`${base}/gradio_api/queue/join`, { method: 'POST' })).status).toBe(404);
    await postJson(`${base}/queue/join`, transcriptRequestBody('seed-qwen2-5-queue.txt', 1));
    const body = await (await fetch(`${base}/queue/data?session_hash=3f9a1c7e2b`)).text();
    expect(normalize(body)).toBe(normalize(expected));
  });
});

describe('join errors (transcripts/queue-join-errors.txt)', () => {
  async function expectAnswer(response: Response, status: number, body: string): Promise<void> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe(body);
  }

  it('answers 400 without a session hash and without a function index', async () => {
    const { base } = await start({ endpoints: chatApp() });
    await expectAnswer(
      await postJson(`${base}/queue/join?`, transcriptRequestBody('queue-join-errors.txt', 2)),
      400,
      transcriptBody('queue-join-errors.txt', 2),
    );
    await expectAnswer(
      await postJson(`${base}/queue/join?`, transcriptRequestBody('queue-join-errors.txt', 3)),
      400,
      transcriptBody('queue-join-errors.txt', 3),
    );
  });

  it('answers 422 with the pydantic error list for a body without data', async () => {
    const { base } = await start({ endpoints: chatApp() });
    await expectAnswer(
      await postJson(`${base}/queue/join?`, transcriptRequestBody('queue-join-errors.txt', 5)),
      422,
      transcriptBody('queue-join-errors.txt', 5),
    );
    const notJson = await postJson(`${base}/queue/join?`, '{not json');
    expect(notJson.status).toBe(422);
    expect(((await notJson.json()) as { detail: { type: string }[] }).detail[0]?.type).toBe('json_invalid');
  });

  it('answers 503 "Queue is full" once maxQueueSize jobs wait', async () => {
    const hold = gate();
    const { base } = await start({
      maxQueueSize: 1,
      endpoints: [{ apiName: 'wait', inputs: [], outputs: [], fn: async () => hold.promise.then(() => []) }],
    });
    await join(base, { data: [], fn_index: 0, session_hash: 'a' }); // runs
    await join(base, { data: [], fn_index: 0, session_hash: 'b' }); // waits
    const full = await postJson(`${base}/queue/join?`, { data: [], fn_index: 0, session_hash: 'c' });
    const expected = transcriptBody('queue-join-errors.txt', 1).replaceAll('10', '1');
    await expectAnswer(full, 503, expected);
    hold.open();
  });

  it('answers an unknown fn_index with a plain-text 500 traceback', async () => {
    const { base } = await start({ endpoints: chatApp() });
    const response = await postJson(`${base}/queue/join?`, { data: [], fn_index: 99, session_hash: 'x' });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    expect(text.startsWith('Traceback (most recent call last):\n')).toBe(true);
    expect(text).toContain('KeyError: 99');
  });
});

/**
 * The chat endpoint of the real app b (fn_index 3, trigger 25, inputs [prompt, history, system,
 * model size], outputs [textbox, tuple chatbot]).
 */
function qwenLikeEndpoint(fn: FakeEndpoint['fn'], concurrencyLimit: number | null = 1, extraOutputs: FakeEndpoint['outputs'] = []): FakeEndpoint {
  const query = { type: 'textbox', label: 'Input', id: 12, parameterName: 'query' };
  const chatbot = { type: 'chatbot', label: 'Qwen2.5-72B-Instruct', id: 11, props: { type: 'tuples' }, default: [], parameterName: 'history' };
  return {
    apiName: 'model_chat',
    fnIndex: 3,
    triggerId: 25,
    concurrencyLimit,
    inputs: [
      query,
      chatbot,
      { type: 'textbox', id: 9, default: 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.', parameterName: 'system' },
      { type: 'radio', label: 'Qwen2.5:', id: 1, default: '72B', props: { choices: ['72B', '32B'] }, parameterName: 'radio' },
    ],
    outputs: [query, chatbot, ...extraOutputs],
    fn,
  };
}
