/**
 * The presets as AI SDK models: the real `ai` package (streamText, generateText) against the
 * fake Spaces over real sockets, on the Gradio 4 and 5 layouts.
 */
import { APICallError, generateText, NoSuchModelError, RetryError, streamText, UnsupportedFunctionalityError } from 'ai';
import { describe, expect, it } from 'vitest';
import { createGradioProvider } from '../../src/ai/index.js';
import { isGpuQuotaError, isGradioError } from '../../src/errors.js';
import { useFakeServer } from '../helpers/fakeServer.js';
import type { FakeGradioOptions } from '../../src/testing/index.js';
import { qvqReport, qvqSpace, type Qwen25Shape, qwen25Space, qwen25Space as qwen25SpaceOn, qwen25Tokens } from '../spaces/fakeSpaces.js';
import { waitFor } from '../spaces/helpers.js';
import { errorOfStream, joinsOf, partsOf, pngBytes } from './helpers.js';

// The AI SDK logs the warnings it gets to the console; these tests read them from the results.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const start = useFakeServer();
const spaces = createGradioProvider();

describe.each([4, 5, 6] as const)('the presets as AI SDK models on the Gradio %i layout', (gradioVersion) => {
  // Gradio 6 has no tuples chatbot: there the Qwen2.5 imitation answers in messages (real6/b01).
  const qwen25Space = (shape: Qwen25Shape = {}, options: Partial<FakeGradioOptions> = {}) =>
    qwen25SpaceOn({ ...shape, ...(gradioVersion === 6 ? { chatbot: 'messages' as const } : {}) }, options);

  it('streams one chunk per Gradio text delta, and the text is the Space’s answer', async () => {
    const server = await start(qwen25Space({}, { gradioVersion }));
    const result = streamText({ model: spaces('qwen-2.5', { url: server.url }), prompt: 'Name three primes' });
    const chunks: string[] = [];
    for await (const chunk of result.textStream) chunks.push(chunk);
    expect(chunks).toEqual(qwen25Tokens('Name three primes', '72B'));
    expect(await result.text).toBe(qwen25Tokens('Name three primes', '72B').join(''));
    expect(await result.finishReason).toBe('stop');
  });

  it('emits the specification’s parts in order, with unknown token counts left undefined', async () => {
    const server = await start(qwen25Space({}, { gradioVersion }));
    const { stream } = await spaces('qwen-2.5', { url: server.url }).doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi there' }] }] });
    const parts = await partsOf(stream);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'response-metadata', 'text-start', 'text-delta', 'text-delta', 'text-delta', 'text-end', 'finish']);
    const finish = parts.at(-1)!;
    expect(finish).toMatchObject({ finishReason: { unified: 'stop', raw: 'completed' } });
    expect(finish.type === 'finish' && finish.usage).toEqual({
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    });
    const eventId = (parts[1] as { id: string }).id;
    expect(finish.type === 'finish' && finish.providerMetadata?.['gradio']).toMatchObject({ eventId });
  });

  it('returns the whole answer from generateText, built from the preset’s prompt', async () => {
    const server = await start(qwen25Space({}, { gradioVersion }));
    const { text, warnings } = await generateText({
      model: spaces('qwen-qwen2-5', { url: server.url }),
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Bye' },
      ],
    });
    const prompt = 'User: Hi\nAssistant: Hello!\nUser: Bye\nAssistant:';
    expect(text).toBe(qwen25Tokens(prompt, '72B').join(''));
    // the same inputs qwen25 builds: the flattened prompt, no history, the system prompt
    expect((joinsOf(server)[0]!.body as { data: unknown[] }).data).toEqual([prompt, [], 'Be brief.', '72B']);
    expect(warnings).toContainEqual(expect.objectContaining({ type: 'compatibility', feature: 'message history' }));
    expect(warnings).not.toContainEqual(expect.objectContaining({ feature: 'system messages' }));
  });

  it('uploads an image part to QVQ as the same bytes', async () => {
    const server = await start(qvqSpace({ gradioVersion }));
    const image = pngBytes();
    const { text } = await generateText({
      model: spaces('qvq-72b', { url: server.url }),
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', image, mediaType: 'image/png' }] }],
    });
    expect(server.fake.uploads).toHaveLength(1);
    expect(server.fake.uploads[0]!.bytes).toEqual(image);
    expect(text.startsWith(qvqReport({ name: 'image.png', type: 'image/png', bytes: image }, 'What is this?'))).toBe(true);
  });

  it('cancels the job on the Space when the stream is aborted mid-way, and its generator stops', async () => {
    const server = await start(qvqSpace({ gradioVersion }));
    const controller = new AbortController();
    const result = streamText({ model: spaces('qvq-72b', { url: server.url }), prompt: 'SLOW please', abortSignal: controller.signal });
    const chunks: string[] = [];
    for await (const chunk of result.textStream) {
      chunks.push(chunk);
      if (chunks.length === 2) controller.abort();
    }
    expect(chunks).toHaveLength(2);
    await waitFor(() => server.fake.cancelled.length === 1 && server.fake.stopped.length === 1);
    expect(server.fake.cancelled[0]!.via).toBe('cancel');
    expect(server.fake.stopped).toEqual([server.fake.cancelled[0]!.eventId]);
  });

  it('sends nothing when the call is aborted before the job starts', async () => {
    const server = await start(qwen25Space({}, { gradioVersion }));
    const controller = new AbortController();
    controller.abort();
    const model = spaces('qwen-2.5', { url: server.url });
    await expect(model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], abortSignal: controller.signal })).rejects.toThrow(/abort/i);
    expect(server.requests).toEqual([]);
  });

  it('fails a quota error with the GpuQuotaError and its retry time, and does not retry a wait the SDK would not honour', async () => {
    const server = await start(qvqSpace({ gradioVersion }));
    const error = await generateText({ model: spaces('qvq-72b', { url: server.url }), prompt: 'QUOTA' }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(isGpuQuotaError(apiError.cause)).toBe(true);
    // "Try again in 0:01:23": 83 s, longer than the 60 s the SDK's retry logic honours
    expect(apiError.responseHeaders).toEqual({ 'retry-after-ms': '83000' });
    expect(apiError.isRetryable).toBe(false);
    expect(apiError.message).toMatch(/GPU quota/);
    expect(joinsOf(server)).toHaveLength(1);
  });

  it('surfaces the quota error in the stream of streamText too', async () => {
    const server = await start(qvqSpace({ gradioVersion }));
    const error = await errorOfStream(streamText({ model: spaces('qvq-72b', { url: server.url }), prompt: 'QUOTA', onError: () => {} }));
    expect(isGpuQuotaError((error as APICallError).cause)).toBe(true);
  });
});

describe('the provider’s options', () => {
  it('sends its token and headers to the Space of a preset and of a chat model', async () => {
    const server = await start(qwen25Space({}, { token: 'hf_secret' }));
    const provider = createGradioProvider({ token: 'hf_secret', headers: { 'X-IP-Token': 'ip-123' } });
    await generateText({ model: provider('qwen-2.5', { url: server.url }), prompt: 'Hi' });
    await generateText({ model: provider.chat(server.url, { endpoint: '/model_chat', inputs: ['prompt', 'history', 'system', { value: '7B' }] }), prompt: 'Hi' });
    const joins = joinsOf(server);
    expect(joins).toHaveLength(2);
    for (const join of joins) {
      expect(join.headers['authorization']).toBe('Bearer hf_secret');
      expect(join.headers['x-ip-token']).toBe('ip-123');
    }
    expect((joins[1]!.body as { data: unknown[] }).data[3]).toBe('7B');
  });

  it('sends a call’s own headers with that job only, as a server relays each visitor’s ZeroGPU identity', async () => {
    const server = await start(qwen25Space());
    const chat = spaces.chat(server.url, { endpoint: '/model_chat', inputs: ['prompt', 'history', 'system', { value: '72B' }] });
    for (const model of [spaces('qwen-2.5', { url: server.url }), chat]) {
      const { warnings } = await generateText({ model, prompt: 'Hi', headers: { 'X-IP-Token': 'visitor-1' } });
      expect(warnings).toEqual([]);
      await generateText({ model, prompt: 'Hi' });
    }
    expect(joinsOf(server).map((join) => join.headers['x-ip-token'])).toEqual(['visitor-1', undefined, 'visitor-1', undefined]);
  });

  it('serves language models only', () => {
    expect(() => spaces.embeddingModel('qwen-2.5')).toThrow(NoSuchModelError);
    expect(() => spaces.imageModel('qvq-72b')).toThrow(NoSuchModelError);
    expect(spaces.languageModel('qvq-72b').modelId).toBe('qvq-72b');
  });
});

describe('retryable failures', () => {
  it('marks a full queue retryable, so the AI SDK tries again', async () => {
    const server = await start(qwen25Space({}, { maxQueueSize: 0 }));
    const error = await generateText({ model: spaces('qwen-2.5', { url: server.url }), prompt: 'Hi', maxRetries: 1 }).catch((e: unknown) => e);
    expect(RetryError.isInstance(error)).toBe(true);
    const last = (error as RetryError).lastError as APICallError;
    expect(last.isRetryable).toBe(true);
    expect(isGradioError(last.cause) && last.cause.type).toBe('queue-full');
    expect(last.message).toMatch(/queue/i);
    expect(joinsOf(server)).toHaveLength(2);
  });
});

describe('models and prompts the presets cannot serve', () => {
  it('refuses an unknown model id with the known names listed', () => {
    expect(() => spaces('gpt-5')).toThrow(NoSuchModelError);
    expect(() => spaces('gpt-5')).toThrow(/Known models: "qwen-qvq-72b-preview", "qwen-qwen2-5", "qvq-72b", "qwen-2.5"/);
  });

  it('refuses an image for a Space that takes none, before sending anything', async () => {
    const server = await start(qwen25Space());
    const error = await generateText({
      model: spaces('qwen-2.5', { url: server.url }),
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image', image: pngBytes(), mediaType: 'image/png' }] }],
    }).catch((e: unknown) => e);
    expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
    expect(server.requests).toEqual([]);
  });

  it('refuses a non-image file for QVQ and tool results for any Space', async () => {
    const model = spaces('qvq-72b', { url: 'http://127.0.0.1:9' });
    const pdf = model.doStream({ prompt: [{ role: 'user', content: [{ type: 'file', mediaType: 'application/pdf', data: { type: 'data', data: new Uint8Array([37, 80]) } }] }] });
    await expect(pdf).rejects.toSatisfy((e) => UnsupportedFunctionalityError.isInstance(e) && /application\/pdf/.test((e as Error).message));
    const tools = model.doStream({
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't1', toolName: 'weather', input: {} }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', toolName: 'weather', output: { type: 'text', value: 'sunny' } }] },
      ],
    });
    await expect(tools).rejects.toSatisfy((e) => UnsupportedFunctionalityError.isInstance(e));
  });

  it('warns about the settings a Space cannot honour and about a flattened system prompt', async () => {
    const server = await start(qvqSpace());
    const { warnings } = await generateText({
      model: spaces('qvq-72b', { url: server.url }),
      system: 'Describe images.',
      prompt: 'Hi',
      temperature: 0.2,
      maxOutputTokens: 100,
    });
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'unsupported', feature: 'temperature' }),
        expect.objectContaining({ type: 'unsupported', feature: 'maxOutputTokens' }),
        expect.objectContaining({ type: 'compatibility', feature: 'system messages' }),
      ]),
    );
  });
});
