/**
 * `provider.chat`: any Gradio chat endpoint as an AI SDK model, with the real `ai` package
 * against fake Spaces over real sockets, on the Gradio 4 and 5 layouts and both chatbot formats.
 */
import { APICallError, generateText, type ModelMessage, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createGradioProvider } from '../../src/ai/index.js';
import { isGradioError } from '../../src/errors.js';
import { useFakeServer } from '../helpers/fakeServer.js';
import { type ChatbotFormat, chatReplyTokens, chatSpace } from './chatSpace.js';
import { joinsOf } from './helpers.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const start = useFakeServer();
const spaces = createGradioProvider();

const layouts: [4 | 5 | 6, ChatbotFormat][] = [
  [4, 'tuples'],
  [4, 'messages'],
  [5, 'tuples'],
  [5, 'messages'],
  [6, 'blocks'],
];

describe.each(layouts)('provider.chat on the Gradio %i layout with a %s chatbot', (gradioVersion, format) => {
  /** The history as the chatbot itself writes it (Gradio 6: text blocks, metadata and options null, real6/b03). */
  const history = (user: string, assistant: string): unknown[] => {
    if (format === 'tuples') return [[user, assistant]];
    if (format === 'messages') return [{ role: 'user', content: user }, { role: 'assistant', content: assistant }];
    const item = (role: string, text: string) => ({ role, metadata: null, content: [{ type: 'text', text }], options: null });
    return [item('user', user), item('assistant', assistant)];
  };

  const chatModel = (url: string) => spaces.chat(url, { endpoint: '/chat', inputs: ['prompt', 'history', 'system'] });

  it('streams the reply read from the chatbot output, one chunk per delta', async () => {
    const server = await start(chatSpace(format, { gradioVersion }));
    const result = streamText({ model: chatModel(server.url), prompt: 'Hello there' });
    const chunks: string[] = [];
    for await (const chunk of result.textStream) chunks.push(chunk);
    expect(chunks).toEqual(chatReplyTokens('Hello there', 1));
  });

  it('sends the history back in the format the chatbot returned it (round trip)', async () => {
    const server = await start(chatSpace(format, { gradioVersion }));
    const model = chatModel(server.url);
    const messages: ModelMessage[] = [{ role: 'user', content: 'Hi' }];
    const first = await generateText({ model, messages });
    expect(first.text).toBe(chatReplyTokens('Hi', 1).join(''));

    messages.push({ role: 'assistant', content: first.text }, { role: 'user', content: 'And now?' });
    const second = await generateText({ model, messages });
    expect(second.text).toBe(chatReplyTokens('And now?', 2).join(''));

    // the history sent with turn 2 is the chatbot value the Space produced in turn 1 (Gradio 6
    // also writes metadata and options: null, which a client need not send back)
    const [, secondJoin] = joinsOf(server);
    const sentHistory = (secondJoin!.body as { data: unknown[] }).data[1];
    expect(history('Hi', first.text)).toMatchObject(sentHistory as unknown[]);
    expect(sentHistory).toHaveLength(format === 'tuples' ? 1 : 2);
  });
});

describe('provider.chat', () => {
  it('fills the system input from system messages, and with the component’s default without any', async () => {
    const server = await start(chatSpace('tuples'));
    const model = spaces.chat(server.url, { endpoint: 'chat', inputs: ['prompt', 'history', 'system'] });
    await generateText({ model, system: 'Be terse.', prompt: 'Hi' });
    await generateText({ model, prompt: 'Hi' });
    const [withSystem, withoutSystem] = joinsOf(server).map((join) => (join.body as { data: unknown[] }).data[2]);
    expect(withSystem).toBe('Be terse.');
    expect(withoutSystem).toBe('You are a test Space.');
  });

  it('derives its capabilities from the endpoint', async () => {
    const server = await start(chatSpace('tuples'));
    const model = spaces.chat(server.url, { endpoint: 'chat', inputs: ['prompt', 'history', 'system'] });
    expect(await model.capabilities()).toEqual({ supportsStream: true, supportsSystemMessage: true, supportsMessageHistory: true, supportsImages: false });
    const plain = spaces.chat(server.url, { endpoint: 'ask', inputs: ['prompt'] });
    expect(await plain.capabilities()).toEqual({ supportsStream: true, supportsSystemMessage: false, supportsMessageHistory: false, supportsImages: false });
  });

  it('flattens the conversation into one prompt, with warnings, for an endpoint without history or system inputs', async () => {
    const server = await start(chatSpace('tuples'));
    const model = spaces.chat(server.url, { endpoint: 'ask', inputs: ['prompt'] });
    const { text, warnings } = await generateText({
      model,
      system: 'Be terse.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Bye' },
      ],
    });
    expect(text).toBe('You asked: System: Be terse.\nUser: Hi\nAssistant: Hello\nUser: Bye\nAssistant:');
    expect((warnings ?? []).map((warning) => (warning as { feature?: string }).feature)).toEqual(expect.arrayContaining(['system messages', 'message history']));
  });

  it('fails with an API call error naming the inputs when they do not match the endpoint', async () => {
    const server = await start(chatSpace('tuples'));
    const model = spaces.chat(server.url, { endpoint: 'chat', inputs: ['prompt'] });
    const error = await generateText({ model, prompt: 'Hi' }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).message).toMatch(/\/chat takes 3 inputs, but inputs names 1/);
    expect(isGradioError((error as APICallError).cause)).toBe(true);
    expect(joinsOf(server)).toHaveLength(0);
  });

  it('is retried by the AI SDK after the quota wait when that wait is one it honours', async () => {
    let calls = 0;
    const server = await start({
      endpoints: [
        {
          apiName: 'generate',
          inputs: [{ type: 'textbox', label: 'Prompt' }],
          outputs: [{ type: 'textbox', label: 'Answer' }],
          fn([prompt], ctx) {
            calls += 1;
            // ZeroGPU's text (spec §13.1) with a one-second wait
            if (calls === 1) ctx.error('You have exceeded your GPU quota (60s requested vs. 59s left). Try again in 0:00:01.', { title: 'ZeroGPU quota exceeded' });
            return [`Answer to ${String(prompt)}`];
          },
        },
      ],
    });
    const model = spaces.chat(server.url, { endpoint: 'generate', inputs: ['prompt'] });
    // a plain function, not a generator: the whole answer arrives at once
    expect((await model.capabilities()).supportsStream).toBe(false);
    const startedAt = Date.now();
    const { text } = await generateText({ model, prompt: 'Hi', maxRetries: 1 });
    const elapsed = Date.now() - startedAt;
    expect(text).toBe('Answer to Hi');
    expect(joinsOf(server)).toHaveLength(2);
    // the SDK waited the Space's 1 s (retry-after-ms), not its own 2 s backoff
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('never shows credentials put in the source URL, neither in the model id nor in errors', async () => {
    const model = spaces.chat('http://user:hunter2@127.0.0.1:9', { endpoint: 'chat', inputs: ['prompt'] });
    expect(model.modelId).not.toContain('hunter2');
    const error = await generateText({ model, prompt: 'Hi', maxRetries: 0 }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(JSON.stringify({ url: (error as APICallError).url, message: (error as APICallError).message })).not.toContain('hunter2');
  });

  it('reads the answer from the output it is told, and refuses an output the endpoint does not have', async () => {
    const server = await start(chatSpace('tuples'));
    const asked = spaces.chat(server.url, { endpoint: 'ask', inputs: ['prompt'], output: 0 });
    expect((await generateText({ model: asked, prompt: 'Hi' })).text).toBe('You asked: Hi');
    const wrong = spaces.chat(server.url, { endpoint: 'ask', inputs: ['prompt'], output: 1 });
    const error = await generateText({ model: wrong, prompt: 'Hi' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/\/ask has 1 outputs: output must be an index from 0 to 0, not 1/);
  });

  it('refuses an unknown chat input at once', () => {
    expect(() => spaces.chat('http://127.0.0.1:9', { endpoint: 'chat', inputs: ['prompt', 'histroy' as 'history'] })).toThrow(/Unknown chat input "histroy"/);
  });
});
