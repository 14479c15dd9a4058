/**
 * The official `@gradio/client` 2.7.0 against the fake, on the Gradio 4, 4.26, 5 and 6 layouts:
 * if the official client cannot use the fake, the fake is not faithful.
 */
import { Client, handle_file } from '@gradio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { startFakeGradioServer, type FakeEndpoint, type FakeGradioServer } from '../../src/testing/index.js';
import { serverAppC } from './real6Apps.js';
import { chatApp, waitFor } from './support.js';

// The official client reports stream errors (e.g. its heartbeat stream ending when the server
// closes) with console.error; keep the test output clean and check it stayed silent while in use.
let consoleSpies: MockInstance[] = [];
beforeAll(() => {
  consoleSpies = (['error', 'warn', 'log'] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
});
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (const spy of consoleSpies) spy.mockRestore();
});

function app(): FakeEndpoint[] {
  const [chat, predict] = chatApp(['Hello', '! How', ' can I help?'], 5) as [FakeEndpoint, FakeEndpoint];
  return [
    chat,
    { ...predict, fn: ([text]) => [String(text).toUpperCase()] },
    {
      apiName: 'describe',
      inputs: [
        { type: 'image', label: 'Image', parameterName: 'image' },
        { type: 'textbox', label: 'Question', parameterName: 'question' },
      ],
      outputs: [{ type: 'textbox', label: 'Answer' }],
      fn: ([image, question], ctx) => {
        const file = ctx.file((image as { path: string }).path);
        return [`${file?.bytes.byteLength ?? 0} bytes: ${new TextDecoder().decode(file?.bytes)} / ${String(question)}`];
      },
    },
    {
      apiName: 'divide',
      inputs: [{ type: 'number' }, { type: 'number' }],
      outputs: [{ type: 'number' }],
      fn: ([a, b], ctx) => (b === 0 ? ctx.error('Cannot divide by zero!') : [Number(a) / Number(b)]),
    },
    {
      apiName: 'forever',
      inputs: [],
      outputs: [{ type: 'textbox' }],
      async *fn(_inputs, ctx) {
        for (let step = 0; ; step += 1) {
          yield [`step ${step}`];
          await ctx.sleep(10);
        }
      },
    },
  ];
}

/**
 * Closes the official client and the fake server, then checks that the test printed no console
 * error (other than `tolerated`, a message a test expects the client to print).
 */
async function closeExpectingNoConsoleErrors(client: Client | undefined, server: FakeGradioServer | undefined, tolerated?: string): Promise<void> {
  const errors = [...(consoleSpies[0]?.mock.calls ?? [])].filter((call) => tolerated === undefined || call[0] !== tolerated);
  client?.close();
  await server?.close();
  // Closing aborts the client's streams, which it reports on the console: not our business.
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (const spy of consoleSpies) spy.mockClear();
  expect(errors).toEqual([]);
}

describe.each([6, 5, 4, 4.26] as const)('@gradio/client 2.7.0 against the Gradio %s layout', (gradioVersion) => {
  const prefix = gradioVersion >= 5 ? '/gradio_api' : '';
  let server: FakeGradioServer | undefined;
  let client: Client | undefined;

  /** A console.error the official client is known to print in the current test (see its test). */
  let tolerated: string | undefined;

  afterEach(async () => {
    await closeExpectingNoConsoleErrors(client, server, tolerated);
    tolerated = undefined;
    client = undefined;
    server = undefined;
  });

  async function connect(): Promise<Client> {
    server = await startFakeGradioServer({ gradioVersion, endpoints: app() });
    client = await Client.connect(server.url, { events: ['data', 'status'] });
    return client;
  }

  it('connects and reads the API description', async () => {
    const connected = await connect();
    const api = await connected.view_api();
    expect(Object.keys(api.named_endpoints)).toEqual(['/chat', '/predict', '/describe', '/divide', '/forever']);
    expect(api.named_endpoints['/chat']?.parameters.map((parameter) => parameter.parameter_name)).toEqual(['message', 'history']);
    expect(connected.config?.api_prefix ?? '').toBe(prefix);
  });

  it('predicts with keyword and positional arguments', async () => {
    const connected = await connect();
    expect((await connected.predict('/predict', { text: 'hi there' })).data).toEqual(['HI THERE']);
    expect((await connected.predict('predict', ['array form'])).data).toEqual(['ARRAY FORM']);
  });

  it('streams status and data events of a generator with submit()', async () => {
    const connected = await connect();
    const stages: string[] = [];
    const replies: string[] = [];
    for await (const event of connected.submit('/chat', { message: 'Hi', history: [] })) {
      if (event.type === 'status') stages.push(event.stage);
      if (event.type === 'data') {
        // Gradio 6 sends the content as text blocks (real6/b03).
        const history = event.data[1] as { role: string; content: string | { text: string }[] }[];
        const content = history[history.length - 1]?.content ?? '';
        replies.push(typeof content === 'string' ? content : content.map((block) => block.text).join(''));
      }
    }
    expect(replies).toEqual(['', 'Hello', 'Hello! How', 'Hello! How can I help?', 'Hello! How can I help?']);
    expect(stages[0]).toBe('pending');
    expect(stages).toContain('generating');
    expect(stages[stages.length - 1]).toBe('complete');
    const heartbeatPath = `${prefix}/heartbeat/${connected.session_hash}`;
    expect(server?.requests.some((request) => request.path === heartbeatPath)).toBe(true);
  });

  it('uploads a Blob given with handle_file and passes it to the function', async () => {
    const connected = await connect();
    const result = await connected.predict('/describe', [handle_file(new Blob(['hello bytes'])), 'what is it?']);
    expect(result.data).toEqual(['11 bytes: hello bytes / what is it?']);
    expect(server?.fake.uploads.map((file) => file.size)).toEqual([11]);
  });

  it('rejects predict with the gr.Error text in the shape of the Gradio version', async () => {
    const connected = await connect();
    await expect(connected.predict('/divide', [1, 0])).rejects.toThrow(
      gradioVersion >= 5 ? 'Cannot divide by zero!' : "'Cannot divide by zero!'",
    );
  });

  it('cancels a running generator (through /reset before Gradio 4.31, which has no /cancel)', async () => {
    // Like real Gradio (real/a19_cancel_queue_data.txt) the fake then sends a completion with
    // `output: {}`; client-js 2.7.0 reads `output.data[0]` of it and logs this exception. It
    // sends /cancel and then /reset to every version.
    tolerated = 'Unexpected client exception';
    const via = gradioVersion === 4.26 ? 'reset' : 'cancel';
    const connected = await connect();
    const job = connected.submit('/forever', []);
    for await (const event of job) {
      if (event.type === 'data') break;
    }
    await job.cancel();
    const fake = server?.fake;
    await waitFor(() => fake?.cancelled.some((record) => record.via === via) === true);
    expect(fake?.cancelled).toEqual([expect.objectContaining({ fnIndex: 4, sessionHash: connected.session_hash, via })]);
    await waitFor(() => (fake?.stopped.length ?? 0) === 1);
  });
});

describe('@gradio/client 2.7.0 against a gradio.Server app (mode "server")', () => {
  let server: FakeGradioServer | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await closeExpectingNoConsoleErrors(client, server);
    client = undefined;
    server = undefined;
  });

  it('predicts, streams a generator and completes an endpoint without outputs', async () => {
    // The app as captured, but serving its own origin as root (the official client follows root).
    const { root: _capturedRoot, ...app } = serverAppC();
    server = await startFakeGradioServer(app);
    client = await Client.connect(server.url);
    expect((await client.predict('/hello', { name: 'World' })).data).toEqual(['Hello, World!']);
    const streamed: unknown[] = [];
    for await (const event of client.submit('/chat', { prompt: 'x', max_tokens: 3 })) {
      if (event.type === 'data') streamed.push(event.data);
    }
    expect(streamed).toEqual([['tok1'], ['tok1 tok2'], ['tok1 tok2 tok3'], ['tok1 tok2 tok3']]);
    expect((await client.predict('/log_only', { message: 'hi' })).data).toEqual([]);
  });
});
