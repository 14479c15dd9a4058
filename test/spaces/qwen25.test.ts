import { afterEach, describe, expect, it } from 'vitest';
import { isGradioError } from '../../src/errors.js';
import { toAsyncIterable } from '../../src/operators/toAsyncIterable.js';
import { qwen25Endpoint, qwen25Inputs } from '../../src/spaces/qwen25.js';
import { qwen25, qwen25DefaultSystemPrompt } from '../../src/spaces/index.js';
import type { GradioConfig } from '../../src/protocol.js';
import { type FakeGradioOptions, type FakeGradioServer, startFakeGradioServer } from '../../src/testing/index.js';
import { type Qwen25Shape, qwen25Space, qwen25Tokens } from './fakeSpaces.js';
import { assistant, errorOf, system, user, valuesOf, waitFor } from './helpers.js';

// The Qwen2.5 imitation follows real/b01_get_config.txt (fn_index 3 `model_chat` fired by
// button 25, inputs [12, 11, 9, 1], outputs [12, 11], tuples chatbot) and streams its history
// with diffs like real/b03_queue_chat_data.txt and transcripts/seed-qwen2-5-queue.txt.

let server: FakeGradioServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(shape: Qwen25Shape = {}, options: Partial<FakeGradioOptions> = {}): Promise<FakeGradioServer> {
  server = await startFakeGradioServer(qwen25Space(shape, options));
  return server;
}

const joinsOf = (fake: FakeGradioServer) => fake.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/queue/join'));
const expectedReply = (prompt: string) => qwen25Tokens(prompt, '72B').join('');

describe('qwen25Inputs', () => {
  it('builds [prompt, [], system prompt, "72B"] with the default system prompt', () => {
    expect(qwen25Inputs([user('Hello Qwen, how are you?')])).toEqual(['Hello Qwen, how are you?', [], qwen25DefaultSystemPrompt, '72B']);
  });

  it('joins the system messages with a newline and keeps them out of the prompt', () => {
    const messages = [system('You are terse.'), user('Hi'), system('Answer in French.'), assistant('Hello! How can I help?'), user('Name three primes.')];
    expect(qwen25Inputs(messages)).toEqual([
      'User: Hi\nAssistant: Hello! How can I help?\nUser: Name three primes.\nAssistant:',
      [],
      'You are terse.\nAnswer in French.',
      '72B',
    ]);
  });

  it('refuses a conversation of system messages only', () => {
    expect(() => qwen25Inputs([system('Be nice.')])).toThrow(/no user message/);
  });
});

describe('qwen25Endpoint', () => {
  const config = (apiNames: (string | null)[]): GradioConfig => ({
    components: [],
    dependencies: apiNames.map((api_name, id) => ({ id, api_name, inputs: [], outputs: [] })),
  });

  it('uses the api name model_chat when the app has it', () => {
    expect(qwen25Endpoint(config(['a', 'b', 'c', 'model_chat']))).toEqual({ endpoint: 'model_chat', options: {} });
  });

  it("falls back to the original's fn_index 3 and trigger_id 25 otherwise", () => {
    expect(qwen25Endpoint(config(['a', 'b', 'c', null]))).toEqual({ endpoint: 3, options: { triggerId: 25 } });
  });
});

describe('qwen25 against a local imitation of the Space', () => {
  it('streams the reply from the tuples chat history as exact deltas', async () => {
    const fake = await start();
    const deltas = await valuesOf(qwen25.stream({ messages: [user('Hello Qwen, how are you?')], url: fake.url }));
    expect(deltas.join('')).toBe(expectedReply('Hello Qwen, how are you?'));
    expect(deltas).toEqual(qwen25Tokens('Hello Qwen, how are you?', '72B'));
  });

  it('joins model_chat with the data and ids of the original provider (b03_queue_chat_join.txt)', async () => {
    const fake = await start();
    await valuesOf(qwen25.stream({ messages: [system('Be brief.'), user('Hi')], url: fake.url }));
    const [join] = joinsOf(fake);
    expect(join?.path).toBe('/gradio_api/queue/join');
    expect(join?.body).toMatchObject({ data: ['Hi', [], 'Be brief.', '72B'], event_data: null, fn_index: 3, trigger_id: 25 });
  });

  it('keeps repeated tokens, which the original endswith de-duplication dropped', async () => {
    const fake = await start();
    const deltas = await valuesOf(qwen25.stream({ messages: [user('laugh REPEAT')], url: fake.url }));
    expect(deltas).toEqual(['ha', 'ha', 'ha', '!']);
  });

  it.each([
    ['a messages chatbot', { chatbot: 'messages' }],
    ['{ text } bot items in tuples', { botItem: 'text-object' }],
    ['{ text } contents in messages', { chatbot: 'messages', botItem: 'text-object' }],
  ] satisfies [string, Qwen25Shape][])('streams the reply from %s', async (_name, shape) => {
    const fake = await start(shape);
    const deltas = await valuesOf(qwen25.stream({ messages: [user('One two three')], url: fake.url }));
    expect(deltas.join('')).toBe(expectedReply('One two three'));
  });

  it('follows only the chat history, not text the app shows in its textbox output', async () => {
    const fake = await start({ echoPrompt: true });
    const deltas = await valuesOf(qwen25.stream({ messages: [user('Echoed first')], url: fake.url }));
    expect(deltas.join('')).toBe(expectedReply('Echoed first'));
  });

  it('finds model_chat by its name when it moved to another fn_index', async () => {
    const fake = await start({ layout: 'moved' });
    const deltas = await valuesOf(qwen25.stream({ messages: [user('Moved here')], url: fake.url }));
    expect(deltas.join('')).toBe(expectedReply('Moved here'));
    expect(joinsOf(fake)[0]?.body).toMatchObject({ fn_index: 5, trigger_id: 30 });
  });

  it("falls back to fn_index 3 with trigger_id 25 when the app does not name model_chat", async () => {
    const fake = await start({ layout: 'unnamed' });
    const deltas = await valuesOf(qwen25.stream({ messages: [user('No name')], url: fake.url }));
    expect(deltas.join('')).toBe(expectedReply('No name'));
    expect(joinsOf(fake)[0]?.body).toMatchObject({ data: ['No name', [], qwen25DefaultSystemPrompt, '72B'], fn_index: 3, trigger_id: 25 });
  });

  it('works on the Gradio 4 layout, where the original posted to /queue/join without a prefix', async () => {
    const fake = await start({}, { gradioVersion: 4 });
    const deltas = await valuesOf(qwen25.stream({ messages: [user('Old server')], url: fake.url }));
    expect(deltas.join('')).toBe(expectedReply('Old server'));
    const paths = fake.requests.map((request) => `${request.method} ${request.path}`);
    expect(paths).toContain('POST /queue/join');
    expect(paths).toContain('GET /queue/data');
    expect(paths.some((path) => path.includes('/gradio_api'))).toBe(false);
  });

  it('falls back to fn_index 3 on the Gradio 4 layout too', async () => {
    const fake = await start({ layout: 'unnamed' }, { gradioVersion: 4 });
    const deltas = await valuesOf(qwen25.stream({ messages: [user('Old and unnamed')], url: fake.url }));
    expect(deltas.join('')).toBe(expectedReply('Old and unnamed'));
    expect(joinsOf(fake)[0]).toMatchObject({ path: '/queue/join', body: { fn_index: 3, trigger_id: 25 } });
  });

  it('gives the full history in the completed event of events()', async () => {
    const fake = await start();
    const events = await valuesOf(qwen25.events({ messages: [user('Hi there')], url: fake.url }));
    const last = events.at(-1);
    expect(last?.type).toBe('completed');
    expect(last?.type === 'completed' && last.data[1]).toEqual([['Hi there', expectedReply('Hi there')]]);
  });

  it('can be read with for await through toAsyncIterable, like the original async generator', async () => {
    const fake = await start();
    const chunks: string[] = [];
    for await (const chunk of toAsyncIterable(qwen25.stream({ messages: [user('Iterate me')], url: fake.url }))) chunks.push(chunk);
    expect(chunks.join('')).toBe(expectedReply('Iterate me'));
  });

  it('stops the job when the for await loop is left early', async () => {
    const fake = await start();
    for await (const chunk of toAsyncIterable(qwen25.stream({ messages: [user(`${'word '.repeat(200)}end`)], url: fake.url }))) {
      expect(chunk).toBe('[72B]');
      break;
    }
    await waitFor(() => fake.fake.cancelled.length > 0);
    expect(fake.fake.cancelled[0]).toMatchObject({ fnIndex: 3, via: 'cancel' });
  });

  it('fails stream() with an invalid-input error for a model of another preset', async () => {
    const error = await errorOf(qwen25.stream({ messages: [user('Hi')], model: 'qvq-72b', url: 'http://127.0.0.1:9' }));
    expect(isGradioError(error) && error.type).toBe('invalid-input');
  });
});

describe('qwen25 on the Gradio 6 layout (a messages-only chatbot with content blocks, real6/b03)', () => {
  it('streams the reply from the content blocks as exact deltas', async () => {
    const fake = await start({ chatbot: 'messages' }, { gradioVersion: 6 });
    const deltas = await valuesOf(qwen25.stream({ messages: [user('Hello six')], url: fake.url }));
    expect(deltas.join('')).toBe(expectedReply('Hello six'));
    expect(deltas).toEqual(qwen25Tokens('Hello six', '72B'));
    expect(joinsOf(fake)[0]?.body).toMatchObject({ data: ['Hello six', [], qwen25DefaultSystemPrompt, '72B'], fn_index: 3, trigger_id: 25 });
  });

  it('keeps repeated tokens', async () => {
    const fake = await start({ chatbot: 'messages' }, { gradioVersion: 6 });
    expect(await valuesOf(qwen25.stream({ messages: [user('Laugh REPEAT')], url: fake.url }))).toEqual(['ha', 'ha', 'ha', '!']);
  });

  it('gives the full history, in content blocks, in the completed event of events()', async () => {
    const fake = await start({ chatbot: 'messages' }, { gradioVersion: 6 });
    const events = await valuesOf(qwen25.events({ messages: [user('Hi there')], url: fake.url }));
    const last = events.at(-1);
    expect(last?.type === 'completed' && last.data[1]).toEqual([
      { role: 'user', metadata: null, content: [{ text: 'Hi there', type: 'text' }], options: null },
      { role: 'assistant', metadata: null, content: [{ text: expectedReply('Hi there'), type: 'text' }], options: null },
    ]);
  });
});
