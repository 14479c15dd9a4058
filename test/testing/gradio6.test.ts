/**
 * The Gradio 6 layout of the fake server over real sockets, compared with the real Gradio 6.25.0
 * captures (test/fixtures/spec/real6): byte for byte where the answer is deterministic, with
 * event ids and timings normalised where it is not.
 */
import { describe, expect, it } from 'vitest';
import { createFakeGradio, type FakeEndpoint, type FakeGradioOptions, type FakeGradioServer } from '../../src/testing/index.js';
import { useFakeServer } from '../helpers/fakeServer.js';
import { qvq6App, qwen6App } from './real6Apps.js';
import { dataMessages, gate, join, normalize, openQueueStream, postJson, real6Body, real6Head, real6RequestBody, waitFor, yieldedValues } from './support.js';

const startServer = useFakeServer();

async function start(options: FakeGradioOptions): Promise<{ base: string; server: FakeGradioServer }> {
  const server = await startServer(options);
  return { base: `${server.url}/gradio_api`, server };
}

function replaying(values: unknown[][], stepMs = 2): FakeEndpoint['fn'] {
  return async function* (_inputs, ctx) {
    for (const value of values) {
      yield value;
      await ctx.sleep(stepMs);
    }
  };
}

/** The values a `/call` stream carried, in order (generating and complete). */
function callValues(body: string): unknown[][] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)) as unknown[]);
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** A history with string content, as a Python function returns it (Gradio 6 turns it into blocks). */
function withStringContent(values: unknown[][]): unknown[][] {
  return values.map(([text, history]) => [
    text,
    (history as { role: string; content: { text: string }[] }[]).map((message) => ({ role: message.role, content: message.content.map((block) => block.text).join('') })),
  ]);
}

const generateSse = real6Body('a03_call_generate_sse.txt');
const generated = callValues(generateSse).slice(0, -1);

describe('GET /config on the Gradio 6 layout', () => {
  it('is the default layout', async () => {
    const fake = createFakeGradio({ endpoints: qvq6App(replaying(generated)).endpoints });
    const config = (await (await fake(`${fake.url}/config`)).json()) as Record<string, unknown>;
    fake.close();
    expect(config['version']).toBe('6.25.0');
  });

  it('has the top-level fields of real6/a01_get_config.txt in their order and the same dependency', async () => {
    const { server } = await start(qvq6App(replaying(generated)));
    const config = await getJson(`${server.url}/config`);
    const real = JSON.parse(real6Body('a01_get_config.txt')) as Record<string, unknown>;
    expect(Object.keys(config)).toEqual(Object.keys(real));
    for (const key of Object.keys(real)) {
      if (['app_id', 'components', 'layout', 'page', 'root', 'title'].includes(key)) continue;
      expect(config[key], key).toEqual(real[key]);
    }
    expect(config['dependencies']).toEqual(real['dependencies']);
    expect(Object.keys((config['dependencies'] as object[])[0] ?? {})).toEqual(Object.keys((real['dependencies'] as object[])[0] ?? {}));
    const realById = new Map((real['components'] as Record<string, unknown>[]).map((component) => [component['id'], component]));
    for (const component of config['components'] as Record<string, unknown>[]) {
      if (component['type'] === 'button') continue;
      const wanted = realById.get(component['id']) ?? {};
      for (const key of ['type', 'skip_api', 'api_info', 'api_info_as_input', 'api_info_as_output', 'example_inputs', 'key']) {
        expect(component[key], `component ${String(component['id'])} ${key}`).toEqual(wanted[key]);
      }
    }
  });

  it('describes the messages-only chatbot like real6/b01_get_config.txt, without a type prop', async () => {
    const { server } = await start(qwen6App(replaying([])));
    const config = await getJson(`${server.url}/config`);
    const real = JSON.parse(real6Body('b01_get_config.txt')) as { components: Record<string, unknown>[]; dependencies: Record<string, unknown>[] };
    const chatbot = (config['components'] as Record<string, unknown>[]).find((component) => component['type'] === 'chatbot') ?? {};
    const realChatbot = real.components.find((component) => component['type'] === 'chatbot') ?? {};
    for (const key of ['id', 'api_info', 'api_info_as_input', 'api_info_as_output', 'example_inputs']) expect(chatbot[key], key).toEqual(realChatbot[key]);
    expect(chatbot['props']).not.toHaveProperty('type');
    const dependencies = config['dependencies'] as Record<string, unknown>[];
    expect(dependencies.map((dependency) => [dependency['id'], dependency['api_name'], dependency['api_visibility'], dependency['inputs'], dependency['outputs']])).toEqual(
      real.dependencies.map((dependency) => [dependency['id'], dependency['api_name'], dependency['api_visibility'], dependency['inputs'], dependency['outputs']]),
    );
  });

  it('refuses a Gradio version it has no layout for', () => {
    expect(() => createFakeGradio({ gradioVersion: 7 as 6, endpoints: [] })).toThrow('gradioVersion must be 4, 4.26, 5 or 6, not 7.');
  });

  it('refuses a tuples chatbot, which Gradio 6 no longer has', () => {
    const chatbot = { type: 'chatbot', props: { type: 'tuples' } };
    expect(() => createFakeGradio({ endpoints: [{ apiName: 'chat', inputs: [chatbot], outputs: [chatbot], fn: () => [[]] }] })).toThrow(/no tuples chatbot/);
  });
});

describe('GET {P}/info on the Gradio 6 layout', () => {
  it('answers app a with the bytes of real6/a02_get_info.txt, code snippets included', async () => {
    const { base } = await start(qvq6App(replaying(generated)));
    const response = await fetch(`${base}/info`);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe(real6Body('a02_get_info.txt'));
  });

  it('answers app b with the bytes of real6/b02_get_info.txt', async () => {
    const { base } = await start(qwen6App(replaying([])));
    expect(await (await fetch(`${base}/info`)).text()).toBe(real6Body('b02_get_info.txt'));
  });

  it('leaves private and undocumented endpoints out, and private ones cannot be called by name', async () => {
    const echo = (apiName: string, apiVisibility?: 'private' | 'undocumented'): FakeEndpoint => ({
      apiName,
      ...(apiVisibility === undefined ? {} : { apiVisibility }),
      inputs: [{ type: 'textbox' }],
      outputs: [{ type: 'textbox' }],
      fn: ([text]) => [`${apiName}: ${String(text)}`],
    });
    const { base, server } = await start({ endpoints: [echo('open'), echo('secret', 'private'), echo('hidden', 'undocumented')] });
    const info = await getJson(`${base}/info`);
    expect(Object.keys(info['named_endpoints'] as object)).toEqual(['/open']);
    const config = await getJson(`${server.url}/config`);
    expect((config['dependencies'] as Record<string, unknown>[]).map((dependency) => dependency['api_visibility'])).toEqual(['public', 'private', 'undocumented']);

    const refused = await postJson(`${base}/call/secret`, { data: ['x'] });
    expect(refused.status).toBe(500);
    expect(await refused.text()).toBe('Internal Server Error');
    const undocumented = await postJson(`${base}/call/hidden`, { data: ['x'] });
    expect(undocumented.status).toBe(200);
    // The UI reaches a private endpoint by its fn_index.
    await join(base, { data: ['x'], fn_index: 1, session_hash: 'private1' });
    const messages = dataMessages(await (await fetch(`${base}/queue/data?session_hash=private1`)).text());
    expect(messages.find((message) => message['msg'] === 'process_completed')).toMatchObject({ success: true, output: { data: ['secret: x'] } });
  });
});

describe('the queue on the Gradio 6 layout', () => {
  it('reproduces real6/a14_queue_generate_data.txt, with used_cache, cache_duration and avg_time', async () => {
    const captured = real6Body('a14_queue_generate_data.txt');
    const { base } = await start(qvq6App(replaying(yieldedValues(dataMessages(captured)))));
    expect((await postJson(`${base}/queue/join`, real6RequestBody('a14_queue_generate_join.txt'))).status).toBe(200);
    const body = await (await fetch(`${base}/queue/data?session_hash=g6sessA14`)).text();
    expect(normalize(body)).toBe(normalize(captured));
  });

  it('sends chat histories as content blocks and diffs them at [i, "content", j, "text"] (real6/b03)', async () => {
    const captured = real6Body('b03_queue_chat_data.txt');
    const { base } = await start(qwen6App(replaying(withStringContent(yieldedValues(dataMessages(captured))))));
    await postJson(`${base}/queue/join`, real6RequestBody('b03_queue_chat_join.txt'));
    const body = await (await fetch(`${base}/queue/data?session_hash=g6sessB03`)).text();
    expect(normalize(body)).toBe(normalize(captured));
    expect(body).toContain('[["append",[1,"content",0,"text"]," system=68chars"]]');
  });

  it('takes back a history of content blocks and hands the function full messages (real6/b07f)', async () => {
    const captured = real6Body('b07f_queue_chat_history_roundtrip_data.txt');
    const received: unknown[] = [];
    const values = withStringContent(yieldedValues(dataMessages(captured)));
    const { base } = await start(
      qwen6App(async function* ([, history], ctx) {
        received.push(history);
        yield* replaying(values)([], ctx) as AsyncIterable<unknown[]>;
      }),
    );
    await postJson(`${base}/queue/join`, real6RequestBody('b07f_queue_chat_history_roundtrip_join.txt'));
    const body = await (await fetch(`${base}/queue/data?session_hash=g6sessB07f`)).text();
    expect(normalize(body)).toBe(normalize(captured));
    const sent = (JSON.parse(real6RequestBody('b07f_queue_chat_history_roundtrip_join.txt')) as { data: unknown[] }).data[1];
    expect(received).toEqual([sent]);
  });

  it('accepts blocks without metadata, options or type (real6/b07b) and fills them in', async () => {
    const received: unknown[] = [];
    const { base } = await start(
      qwen6App(([, history]) => {
        received.push(history);
        return ['', history];
      }),
    );
    await join(base, { data: ['Hi', [{ role: 'user', content: [{ text: 'Hello' }] }], null, '72B'], fn_index: 3, session_hash: 'short' });
    const messages = dataMessages(await (await fetch(`${base}/queue/data?session_hash=short`)).text());
    expect(messages.find((message) => message['msg'] === 'process_completed')).toMatchObject({ success: true });
    expect(received).toEqual([[{ role: 'user', metadata: null, content: [{ text: 'Hello', type: 'text' }], options: null }]]);
  });

  it.each([
    ['string content (real6/b07e)', [{ role: 'user', content: 'Hi' }]],
    ['a tuples history', [['Hi', 'Hello']]],
  ])('fails a history with %s the way Gradio 6.25 does: error null, title "Error"', async (_name, history) => {
    const captured = real6Body('b07e_queue_chat_history_messages_data.txt');
    let called = false;
    const { base } = await start(
      qwen6App(() => {
        called = true;
        return ['', []];
      }),
    );
    await join(base, { data: ['And now?', history, null, '72B'], fn_index: 3, session_hash: 'g6sessB07e' });
    const body = await (await fetch(`${base}/queue/data?session_hash=g6sessB07e`)).text();
    expect(normalize(body)).toBe(normalize(captured));
    expect(called).toBe(false);
  });

  it('fails a chatbot output in the tuples shape with a hidden error', async () => {
    const { base } = await start(qwen6App(() => ['', [['Hi', 'Hello']]]));
    await join(base, { data: ['Hi', [], null, '72B'], fn_index: 3, session_hash: 'tuplesout' });
    const messages = dataMessages(await (await fetch(`${base}/queue/data?session_hash=tuplesout`)).text());
    expect(messages.find((message) => message['msg'] === 'process_completed')).toEqual({
      msg: 'process_completed',
      event_id: expect.any(String),
      output: { error: null },
      success: false,
      title: 'Error',
      used_cache: null,
      cache_duration: null,
      avg_time: null,
    });
  });

  it('ends a cancelled job with the completion of real6/a19_cancel_queue_data.txt', async () => {
    const captured = dataMessages(real6Body('a19_cancel_queue_data.txt'));
    const { base, server } = await start(
      qvq6App(async function* (_inputs, ctx) {
        let text = '';
        for (let step = 1; ; step += 1) {
          text += `step${step} `;
          yield [text];
          await ctx.sleep(5);
        }
      }),
    );
    const eventId = await join(base, JSON.parse(real6RequestBody('a19_cancel_queue_join.txt')) as Record<string, unknown>);
    const stream = await openQueueStream(base, 'g6sessA19');
    for (let block = await stream.next(); block !== null && !block.includes('step3 '); block = await stream.next());
    const cancel = await postJson(`${base}/cancel`, { event_id: eventId, session_hash: 'g6sessA19', fn_index: 0 });
    expect(await cancel.text()).toBe(real6Body('a19_cancel_queue_cancel.txt'));
    const rest = dataMessages(await stream.rest());
    expect(rest.slice(-2).map((message) => normalize(JSON.stringify(message)))).toEqual(captured.slice(-2).map((message) => normalize(JSON.stringify(message))));
    expect(server.fake.stopped).toEqual([eventId]);
  });

  it('stops the job of a cancel that names the wrong fn_index', async () => {
    const { base, server } = await start({
      endpoints: [
        { apiName: 'other', inputs: [], outputs: [{ type: 'textbox' }], fn: () => ['x'] },
        { apiName: 'slow', inputs: [], outputs: [{ type: 'textbox' }], concurrencyLimit: null, async *fn(_inputs, ctx) {
          for (;;) {
            yield ['.'];
            await ctx.sleep(5);
          }
        } },
      ],
    });
    const eventId = await join(base, { data: [], fn_index: 1, session_hash: 'wrongfn' });
    const stream = await openQueueStream(base, 'wrongfn');
    for (let block = await stream.next(); block !== null && !block.includes('process_generating'); block = await stream.next());
    await postJson(`${base}/cancel`, { event_id: eventId, session_hash: 'wrongfn', fn_index: 0 });
    await waitFor(() => server.fake.stopped.includes(eventId));
    const rest = dataMessages(await stream.rest());
    expect(rest.at(-2)).toMatchObject({ msg: 'process_completed', event_id: eventId, output: {} });
    expect(server.fake.cancelled).toEqual([{ eventId, fnIndex: 1, sessionHash: 'wrongfn', via: 'cancel' }]);
  });

  it('takes a cancelled job that has not started out of the queue', async () => {
    const hold = gate();
    let runs = 0;
    const { base, server } = await start({
      endpoints: [
        {
          apiName: 'one',
          inputs: [],
          outputs: [{ type: 'textbox' }],
          concurrencyLimit: 1,
          fn: async () => {
            runs += 1;
            await hold.promise;
            return ['done'];
          },
        },
      ],
    });
    await join(base, { data: [], fn_index: 0, session_hash: 'first' });
    const waiting = await join(base, { data: [], fn_index: 0, session_hash: 'second' });
    await postJson(`${base}/cancel`, { event_id: waiting, session_hash: 'second', fn_index: 0 });
    hold.open();
    const first = dataMessages(await (await fetch(`${base}/queue/data?session_hash=first`)).text());
    expect(first.find((message) => message['msg'] === 'process_completed')).toMatchObject({ success: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(1);
    expect(server.fake.cancelled).toEqual([{ eventId: waiting, fnIndex: 0, sessionHash: 'second', via: 'cancel' }]);
  });

  it('sends a log of level "error", which Gradio 6 added', async () => {
    const { base } = await start({
      endpoints: [
        {
          apiName: 'warn',
          inputs: [],
          outputs: [{ type: 'textbox' }],
          fn: (_inputs, ctx) => {
            ctx.log('error', 'Disk almost full');
            return ['ok'];
          },
        },
      ],
    });
    await join(base, { data: [], fn_index: 0, session_hash: 'logerror' });
    const messages = dataMessages(await (await fetch(`${base}/queue/data?session_hash=logerror`)).text());
    expect(messages.find((message) => message['msg'] === 'log')).toEqual({
      msg: 'log',
      event_id: expect.any(String),
      log: 'Disk almost full',
      level: 'error',
      duration: 10,
      visible: true,
      title: 'Error',
    });
  });

  it('answers an unknown fn_index with a plain-text 500 without traceback', async () => {
    const { base } = await start(qvq6App(replaying(generated)));
    const response = await postJson(`${base}/queue/join`, { data: [], fn_index: 42, session_hash: 'x1' });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('Internal Server Error');
  });
});

describe('the call API on the Gradio 6 layout', () => {
  async function callStream(base: string, path: string, body: string): Promise<string> {
    const posted = await postJson(`${base}/call/${path}`, body);
    expect(posted.status).toBe(200);
    const { event_id: eventId } = (await posted.json()) as { event_id: string };
    const apiName = path.replace(/^v2\//, '');
    return (await fetch(`${base}/call/${path.startsWith('v2/') ? 'v2/' : ''}${apiName}/${eventId}`)).text();
  }

  it('streams full values like real6/a03_call_generate_sse.txt', async () => {
    const { base } = await start(qvq6App(replaying(generated)));
    expect(await callStream(base, 'generate', real6RequestBody('a03_call_generate_post.txt'))).toBe(generateSse);
  });

  it.each([
    ['a gr.Error as its error object (real6/a09)', 'a09_call_quota_sse.txt'],
    ['a hidden exception as {"error": null} (real6/a11)', 'a11_call_crash_sse.txt'],
  ])('sends %s', async (_name, capture) => {
    const { base } = await start(
      qvq6App((_inputs, ctx) => {
        if (capture.startsWith('a09')) ctx.error('You have exceeded your GPU quota (60s requested vs. 12s left). Try again in 0:01:23.', { title: 'ZeroGPU quota exceeded' });
        throw new Error('CUDA out of memory');
      }),
    );
    expect(await callStream(base, 'generate', '{"data":[null,"QUOTA"]}')).toBe(real6Body(capture));
  });

  it('takes named parameters on /call/v2/{api_name} (real6/a27)', async () => {
    const received: unknown[][] = [];
    const { base } = await start(
      qvq6App(async function* (inputs, ctx) {
        received.push(inputs);
        yield* replaying(callValues(real6Body('a27_call_v2_sse.txt')).slice(0, -1))([], ctx) as AsyncIterable<unknown[]>;
      }),
    );
    expect(await callStream(base, 'v2/generate', real6RequestBody('a27_call_v2_post.txt'))).toBe(real6Body('a27_call_v2_sse.txt'));
    expect(received).toEqual([[null, 'Hello v2']]);
  });

  it('answers named parameters it cannot map with a 500, like an unknown api name', async () => {
    const { base } = await start(qvq6App(replaying(generated)));
    for (const [path, body] of [
      ['v2/generate', { text: 'hi', nope: 1 }],
      ['v2/generate', {}],
      ['v2/missing', { text: 'hi' }],
      ['missing', { data: [] }],
    ] as const) {
      const response = await postJson(`${base}/call/${path}`, body);
      expect(response.status, path).toBe(500);
      expect(await response.text()).toBe('Internal Server Error');
    }
  });

  it('streams a chat that got its history in content blocks like real6/b07b, full values in blocks', async () => {
    const captured = real6Body('b07b_call_chat_history_blocks_sse.txt');
    const received: unknown[] = [];
    const { base } = await start(
      qwen6App(async function* ([, history], ctx) {
        received.push(history);
        yield* replaying(withStringContent(callValues(captured).slice(0, -1)))([], ctx) as AsyncIterable<unknown[]>;
      }),
    );
    expect(await callStream(base, 'model_chat', real6RequestBody('b07b_call_chat_history_blocks_post.txt'))).toBe(captured);
    expect(received).toEqual([
      [
        { role: 'user', metadata: null, content: [{ text: 'Hi', type: 'text' }], options: null },
        { role: 'assistant', metadata: null, content: [{ text: 'Hello! How can I help?', type: 'text' }], options: null },
      ],
    ]);
  });

  it('finds an event posted with a session_hash (real6/a28)', async () => {
    const values = callValues(real6Body('a28_call_with_session_sse.txt')).slice(0, -1);
    const { base } = await start(qvq6App(replaying(values)));
    expect(await callStream(base, 'generate', real6RequestBody('a28_call_with_session_post.txt'))).toBe(real6Body('a28_call_with_session_sse.txt'));
  });

  it('accepts the /info-aligned data array, without State inputs', async () => {
    const received: unknown[][] = [];
    const { base } = await start({
      endpoints: [
        {
          apiName: 'remember',
          inputs: [{ type: 'textbox' }, { type: 'state', default: 'kept' }],
          outputs: [{ type: 'textbox' }],
          fn: (inputs) => {
            received.push(inputs);
            return [String(inputs[0])];
          },
        },
      ],
    });
    expect(await callStream(base, 'remember', '{"data":["short"]}')).toBe('event: complete\ndata: ["short"]\n\n');
    expect(received).toEqual([['short', 'kept']]);
  });

  it('answers the unknown api name and fn_index of real6/README.md item 9 with the headers of a plain 500', async () => {
    expect(real6Head('a03_call_generate_post.txt').status).toBe(200);
    const { base } = await start(qvq6App(replaying(generated)));
    const response = await postJson(`${base}/call/nope`, { data: [] });
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([500, 'text/plain; charset=utf-8', 'Internal Server Error']);
  });
});
