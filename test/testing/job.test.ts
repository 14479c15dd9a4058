/**
 * What a job's function produces on the queue stream: failures (§10.1), logs and progress
 * (§6.3), State and FileData handling (§11).
 */
import { describe, expect, it } from 'vitest';
import { type FakeEndpoint, type FakeGradioOptions } from '../../src/testing/index.js';
import {
  chatApp,
  chatComponents,
  chatMessage,
  dataMessages,
  join,
  messagesOf,
  normalize,
  postJson,
  transcriptBody,
  transcriptRequestBody,
} from './support.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const startServer = useFakeServer();

async function start(options: FakeGradioOptions): Promise<string> {
  // These tests compare with the Gradio 5 transcripts and captures: the 5 layout, pinned.
  const server = await startServer({ gradioVersion: 5, ...options });
  return `${server.url}${options.gradioVersion === 4 ? '' : '/gradio_api'}`;
}

/** Joins with a transcript's request body and returns the whole stream of its session. */
async function runTranscriptJoin(base: string, transcript: string, sessionHash = 'k3v9qz1x7mw'): Promise<string> {
  await postJson(`${base}/queue/join?`, transcriptRequestBody(transcript, 1));
  return (await fetch(`${base}/queue/data?session_hash=${sessionHash}`)).text();
}

const calculator = (fn: FakeEndpoint['fn']): FakeEndpoint => ({
  apiName: 'divide',
  fnIndex: 3,
  inputs: [{ type: 'number' }, { type: 'number' }],
  outputs: [{ type: 'number' }],
  fn,
});

/** The image app of the ZeroGPU transcripts: dependency 2 `infer` with seven inputs. */
function imageApp(fn: FakeEndpoint['fn']): FakeEndpoint[] {
  const noop: FakeEndpoint = { apiName: false, inputs: [], outputs: [], fn: () => [] };
  return [
    noop,
    { ...noop, fnIndex: 1 },
    {
      apiName: 'infer',
      fnIndex: 2,
      triggerId: 4,
      inputs: ['textbox', 'number', 'checkbox', 'slider', 'slider', 'slider', 'slider'].map((type) => ({ type })),
      outputs: [{ type: 'image' }, { type: 'number' }],
      fn,
    },
  ];
}

const quotaText =
  'You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 13:40:39. Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU';

describe('failures (§10.1)', () => {
  it('sends a gr.Error with its title, like transcripts/queue-process-completed-error.txt', async () => {
    const base = await start({ endpoints: [calculator((_inputs, ctx) => ctx.error('Cannot divide by zero!'))] });
    const body = await runTranscriptJoin(base, 'queue-process-completed-error.txt');
    expect(normalize(body)).toBe(normalize(transcriptBody('queue-process-completed-error.txt', 2)));
  });

  it('sends the ZeroGPU quota error of transcripts/queue-zerogpu-quota.txt', async () => {
    const base = await start({ endpoints: imageApp((_inputs, ctx) => ctx.error(quotaText, { title: 'ZeroGPU quota exceeded' })) });
    const body = await runTranscriptJoin(base, 'queue-zerogpu-quota.txt');
    expect(normalize(body)).toBe(normalize(transcriptBody('queue-zerogpu-quota.txt', 2)));
  });

  it('hides a generic exception and nulls the title of an error raised mid-stream (transcripts/queue-hidden-and-midstream-errors.txt)', async () => {
    const [, predict] = chatApp();
    const { message, chatbot, state } = chatComponents;
    const base = await start({
      endpoints: [
        {
          apiName: 'chat',
          inputs: [message, chatbot, state],
          outputs: [message, chatbot],
          async *fn([text], ctx) {
            yield ['', [chatMessage('user', String(text)), chatMessage('assistant', 'Hel')]];
            ctx.error('Model crashed', { title: 'Generation failed' });
          },
        },
        {
          ...(predict as FakeEndpoint),
          fn: () => {
            throw new Error('secret details');
          },
        },
      ],
    });
    const expected = dataMessages(transcriptBody('queue-hidden-and-midstream-errors.txt', 3));
    const first = await join(base, JSON.parse(transcriptRequestBody('queue-hidden-and-midstream-errors.txt', 1)) as Record<string, unknown>);
    const second = await join(base, JSON.parse(transcriptRequestBody('queue-hidden-and-midstream-errors.txt', 2)) as Record<string, unknown>);
    const body = await (await fetch(`${base}/queue/data?session_hash=k3v9qz1x7mw`)).text();
    expect(body).not.toContain('secret details');
    const messages = dataMessages(body);
    const pairs: [string, unknown][] = [
      [first, expected[0]?.['event_id']],
      [second, expected[1]?.['event_id']],
    ];
    for (const [ours, theirs] of pairs) {
      expect(normalize(JSON.stringify(messagesOf(messages, ours)))).toBe(normalize(JSON.stringify(messagesOf(expected, theirs))));
    }
    expect(messages.at(-1)).toEqual({ msg: 'close_stream', event_id: null });
  });

  it('sends the text of a generic exception when showError is on', async () => {
    const base = await start({
      showError: true,
      endpoints: [calculator(() => Promise.reject(new Error('division by zero')))],
    });
    await join(base, { data: [1, 0], fn_index: 3, session_hash: 's' });
    const completed = dataMessages(await (await fetch(`${base}/queue/data?session_hash=s`)).text()).find(
      (message) => message['msg'] === 'process_completed',
    );
    expect(completed).toMatchObject({ output: { error: 'division by zero' }, success: false, title: 'Error' });
  });

  it('quotes a gr.Error like Python repr and sends no title on Gradio 4', async () => {
    const base = await start({ gradioVersion: 4, endpoints: [calculator((_inputs, ctx) => ctx.error('Cannot divide by zero!'))] });
    await join(base, { data: [1, 0], fn_index: 3, session_hash: 's' });
    const body = await (await fetch(`${base}/queue/data?session_hash=s`)).text();
    expect(body).toContain(
      `"output":{"error":"'Cannot divide by zero!'","duration":10,"visible":true},"success":false}\n\n`,
    );
    expect(body).not.toContain('title');
  });

  it('sends an HTML quota error unquoted on Gradio 4, like transcripts/queue-zerogpu-quota-html.txt', async () => {
    const html =
      'You have exceeded your GPU quota (60s requested vs. 42s left). <a style="white-space: nowrap;text-underline-offset: 2px;color: var(--body-text-color)" href="https://huggingface.co/join">Create a free account</a> to get more usage quota.';
    const base = await start({
      gradioVersion: 4,
      endpoints: [{ apiName: 'infer', triggerId: 3, inputs: [{ type: 'textbox' }], outputs: [{ type: 'image' }], fn: (_inputs, ctx) => ctx.error(html, { quoteOnGradio4: false }) }],
    });
    const body = await runTranscriptJoin(base, 'queue-zerogpu-quota-html.txt');
    expect(normalize(body)).toBe(normalize(transcriptBody('queue-zerogpu-quota-html.txt', 2)));
  });

  it('fails a function that returns fewer values than it has outputs', async () => {
    const base = await start({
      showError: true,
      endpoints: [{ apiName: 'two', inputs: [], outputs: [{ type: 'textbox' }, { type: 'textbox' }], fn: () => ['only one'] }],
    });
    await join(base, { data: [], fn_index: 0, session_hash: 's' });
    const body = await (await fetch(`${base}/queue/data?session_hash=s`)).text();
    expect(body).toContain("didn't return enough output values (needed: 2, returned: 1)");
  });
});

describe('logs, progress and file outputs', () => {
  it('sends ZeroGPU logs, progress units and an absolute FileData url like transcripts/queue-estimation-progress-log.txt', async () => {
    const base = await start({
      root: 'https://owner-demo.hf.space',
      endpoints: imageApp(async (_inputs, ctx) => {
        ctx.log('info', 'Waiting for a GPU to become available', 'ZeroGPU queue');
        ctx.log('success', 'Successfully acquired a GPU', 'ZeroGPU queue');
        for (const index of [0, 9, 21, 28]) ctx.progress([{ index, length: 28 }]);
        const path = '/tmp/gradio/7d1e0f2a9c3b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d/image.webp';
        return [{ path, meta: { _type: 'gradio.FileData' } }, 1938473102];
      }),
    });
    const body = await runTranscriptJoin(base, 'queue-estimation-progress-log.txt');
    const expected = transcriptBody('queue-estimation-progress-log.txt', 2);
    // Everything from process_starts on (the transcript first waits behind other visitors' jobs).
    const fromStart = (text: string): string => normalize(text.slice(text.indexOf('data: {"msg":"process_starts"')));
    expect(fromStart(body)).toBe(fromStart(expected));
    expect(body).toContain('"level":"info","duration":10.0,"visible":true,"title":"ZeroGPU queue"}');
  });

  it('sends a number given to ctx.progress as the progress of one unit', async () => {
    const base = await start({
      endpoints: [
        {
          apiName: 'p',
          inputs: [],
          outputs: [],
          fn: (_inputs, ctx) => {
            ctx.progress(0.5);
            return [];
          },
        },
      ],
    });
    await join(base, { data: [], fn_index: 0, session_hash: 's' });
    const body = await (await fetch(`${base}/queue/data?session_hash=s`)).text();
    expect(body).toMatch(/"msg":"progress","event_id":"[0-9a-f]{32}","progress_data":\[\{"index":null,"length":null,"unit":"steps","progress":0.5,"desc":null\}\]/);
  });

  it('passes the headers of the join to the function (X-IP-Token for ZeroGPU)', async () => {
    let seen: string | null = null;
    const base = await start({
      endpoints: [
        {
          apiName: 'who',
          inputs: [],
          outputs: [],
          fn: (_inputs, ctx) => {
            seen = ctx.request.headers.get('x-ip-token');
            return [];
          },
        },
      ],
    });
    await postJson(`${base}/queue/join`, { data: [], fn_index: 0, session_hash: 's' }, { 'X-IP-Token': 'jwt-123' });
    await (await fetch(`${base}/queue/data?session_hash=s`)).text();
    expect(seen).toBe('jwt-123');
  });
});

describe('State components', () => {
  it('keep their value per session, are sent as null and reported in changed_state_ids', async () => {
    const counter = { type: 'state', id: 7, default: 0 };
    const received: unknown[] = [];
    const base = await start({
      endpoints: [
        {
          apiName: 'count',
          inputs: [{ type: 'textbox' }, counter],
          outputs: [{ type: 'textbox' }, counter],
          fn: ([text, count]) => {
            received.push(count);
            return [`${String(text)} ${String(count)}`, Number(count) + 1];
          },
        },
      ],
    });
    const run = async (session: string): Promise<Record<string, unknown> | undefined> => {
      await join(base, { data: ['n', null], fn_index: 0, session_hash: session });
      return dataMessages(await (await fetch(`${base}/queue/data?session_hash=${session}`)).text()).find(
        (message) => message['msg'] === 'process_completed',
      );
    };
    expect(await run('one')).toMatchObject({ output: { data: ['n 0', null], changed_state_ids: [7] } });
    expect(await run('one')).toMatchObject({ output: { data: ['n 1', null], changed_state_ids: [7] } });
    await run('two');
    expect(received).toEqual([0, 1, 0]);
  });

  it('fails a job that sends fewer inputs than the dependency has', async () => {
    const base = await start({ showError: true, endpoints: chatApp() });
    await join(base, { data: ['Hi', []], fn_index: 0, session_hash: 's' });
    const body = await (await fetch(`${base}/queue/data?session_hash=s`)).text();
    expect(body).toContain("didn't receive enough input values (needed: 3, got: 2)");
  });
});

describe('FileData inputs (§11.2)', () => {
  const vision = (gradioVersion: 4 | 5): FakeGradioOptions => ({
    gradioVersion,
    showError: true,
    endpoints: [
      {
        apiName: 'look',
        inputs: [{ type: 'image' }],
        outputs: [{ type: 'textbox' }],
        fn: ([image]) => [`got ${String((image as { path: string }).path)}`],
      },
    ],
  });

  it('rejects a file input without meta on Gradio 5', async () => {
    const base = await start(vision(5));
    await join(base, { data: [{ path: '/tmp/gradio/x/cat.png' }], fn_index: 0, session_hash: 's' });
    const completed = dataMessages(await (await fetch(`${base}/queue/data?session_hash=s`)).text()).find(
      (message) => message['msg'] === 'process_completed',
    );
    expect(completed).toMatchObject({
      success: false,
      output: { error: "The 'meta' field must be explicitly provided in the input data and be equal to {'_type': 'gradio.FileData'}." },
    });
  });

  it('accepts a file input without meta on Gradio 4 and one with meta on Gradio 5', async () => {
    for (const [version, input] of [
      [4, { path: '/tmp/gradio/x/cat.png' }],
      [5, { path: '/tmp/gradio/x/cat.png', meta: { _type: 'gradio.FileData' } }],
    ] as const) {
      const base = await start(vision(version));
      await join(base, { data: [input], fn_index: 0, session_hash: 's' });
      const body = await (await fetch(`${base}/queue/data?session_hash=s`)).text();
      expect(body).toContain('"data":["got /tmp/gradio/x/cat.png"]');
      await startServer.current?.close();
    }
  });
});
