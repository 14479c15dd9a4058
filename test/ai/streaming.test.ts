/**
 * The stream of a Gradio model in detail: progress, failures after the answer started, image
 * data in every form the prompt carries it, and what is left behind after a cancel.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV4FilePart, LanguageModelV4Prompt } from '@ai-sdk/provider';
import { APICallError, streamText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { createGradioProvider } from '../../src/ai/index.js';
import type { GradioEvent } from '../../src/events.js';
import type { FakeEndpoint } from '../../src/testing/index.js';
import { useFakeServer } from '../helpers/fakeServer.js';
import { qvqReport, qvqSpace, qwen25Space } from '../spaces/fakeSpaces.js';
import { waitFor } from '../spaces/helpers.js';
import { errorOfStream, partsOf, pngBytes } from './helpers.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const start = useFakeServer();
const ask = (text: string, ...files: LanguageModelV4FilePart[]): LanguageModelV4Prompt => [{ role: 'user', content: [{ type: 'text', text }, ...files] }];

/** An image host on 127.0.0.1 that records the headers it was sent. */
async function startImageHost(bytes: Uint8Array): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(request.url === '/image.png' ? 200 : 404, { 'content-type': 'image/png' }).end(request.url === '/image.png' ? bytes : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let imageHost: Awaited<ReturnType<typeof startImageHost>> | undefined;
afterEach(async () => {
  await imageHost?.close();
  imageHost = undefined;
});

describe('progress of a job', () => {
  it('reports the queue position to onEvent, as raw parts and in the provider metadata', async () => {
    const server = await start(qwen25Space());
    const events: GradioEvent[] = [];
    const model = createGradioProvider()('qwen-2.5', { url: server.url, onEvent: (event) => events.push(event) });
    const parts = await partsOf((await model.doStream({ prompt: ask('Hi'), includeRawChunks: true })).stream);
    const queued = events.find((event) => event.type === 'queued');
    expect(queued).toMatchObject({ type: 'queued', position: 0 });
    expect(parts.filter((part) => part.type === 'raw').map((part) => (part as { rawValue: unknown }).rawValue)).toEqual(events);
    expect(events.at(-1)?.type).toBe('completed');
    const finish = parts.at(-1);
    expect(finish?.type === 'finish' && finish.providerMetadata?.['gradio']).toMatchObject({ eventId: (queued as { eventId: string }).eventId, queuePosition: 0 });
  });

  it('fails the call with the error of a throwing onEvent, without an unhandled error', async () => {
    const server = await start(qwen25Space());
    const model = createGradioProvider()('qwen-2.5', {
      url: server.url,
      onEvent: () => {
        throw new Error('observer broke');
      },
    });
    await expect(model.doStream({ prompt: ask('Hi') })).rejects.toThrow('observer broke');
  });
});

describe('a failure after the Space started answering', () => {
  it('is an error part followed by a finish with the error reason', async () => {
    const halfway: FakeEndpoint = {
      apiName: 'chat',
      inputs: [{ type: 'textbox', label: 'Prompt' }],
      outputs: [{ type: 'textbox', label: 'Answer' }],
      async *fn(_inputs, ctx) {
        yield ['Half an answer'];
        await ctx.sleep(5);
        ctx.error('The model crashed midway');
      },
    };
    const server = await start({ endpoints: [halfway] });
    const model = createGradioProvider().chat(server.url, { endpoint: 'chat', inputs: ['prompt'] });
    const parts = await partsOf((await model.doStream({ prompt: ask('Go') })).stream);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'response-metadata', 'text-start', 'text-delta', 'error', 'finish']);
    const error = (parts[4] as { error: unknown }).error;
    expect(APICallError.isInstance(error) && error.message).toMatch(/The model crashed midway/);
    expect(parts[5]).toMatchObject({ finishReason: { unified: 'error', raw: 'app' } });

    const result = streamText({ model, prompt: 'Go', onError: () => {} });
    expect(await errorOfStream(result)).toSatisfy((e) => APICallError.isInstance(e));
  });
});

describe('image data in every form', () => {
  it('uploads base64 data as its bytes', async () => {
    const server = await start(qvqSpace());
    const image = pngBytes();
    const base64 = btoa(String.fromCharCode(...image));
    const model = createGradioProvider()('qvq-72b', { url: server.url });
    const { stream } = await model.doStream({ prompt: ask('What?', { type: 'file', mediaType: 'image/png', data: { type: 'data', data: base64 } }) });
    await partsOf(stream);
    expect(server.fake.uploads[0]!.bytes).toEqual(image);
  });

  it('fetches a URL without the Space’s token, and uploads its bytes with the token to the Space only', async () => {
    const image = pngBytes();
    imageHost = await startImageHost(image);
    const server = await start(qvqSpace({ token: 'hf_secret' }));
    const model = createGradioProvider({ token: 'hf_secret' })('qvq-72b', { url: server.url });
    const { stream } = await model.doStream({ prompt: ask('What?', { type: 'file', mediaType: 'image/png', data: { type: 'url', url: new URL(`${imageHost.url}/image.png`) } }) });
    const text = (await partsOf(stream)).map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
    expect(text.startsWith(qvqReport({ name: 'image.png', type: 'image/png', bytes: image }, 'What?'))).toBe(true);
    expect(imageHost.seen).toHaveLength(1);
    expect(JSON.stringify(imageHost.seen[0])).not.toContain('hf_secret');
  });

  it('fails with an API call error when the image URL cannot be fetched, before any job', async () => {
    imageHost = await startImageHost(pngBytes());
    const server = await start(qvqSpace());
    const model = createGradioProvider()('qvq-72b', { url: server.url });
    const call = model.doStream({ prompt: ask('What?', { type: 'file', mediaType: 'image/png', data: { type: 'url', url: new URL(`${imageHost.url}/missing.png`) } }) });
    await expect(call).rejects.toSatisfy((e) => APICallError.isInstance(e) && /404/.test(e.message));
    expect(server.requests.filter((request) => request.path.endsWith('/queue/join'))).toEqual([]);
  });

  it('sends the image of a chat endpoint’s image input', async () => {
    const server = await start(qvqSpace());
    const model = createGradioProvider().chat(server.url, { endpoint: '/generate', inputs: ['image', 'prompt'] });
    expect(await model.capabilities()).toMatchObject({ supportsImages: true, supportsMessageHistory: false });
    const image = pngBytes();
    const { stream } = await model.doStream({ prompt: ask('Describe', { type: 'file', mediaType: 'image/png', filename: 'photo.png', data: { type: 'data', data: image } }) });
    const text = (await partsOf(stream)).map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
    expect(text.startsWith(qvqReport({ name: 'photo.png', type: 'image/png', bytes: image }, 'Describe'))).toBe(true);
  });
});

describe('several images for a chat endpoint', () => {
  const describeFiles = (files: unknown, ctx: { file(path: string): { name: string; bytes: Uint8Array } | undefined }) =>
    (files as { path: string }[]).map((file) => `${ctx.file(file.path)?.name}:${ctx.file(file.path)?.bytes.length}`).join(',');

  it('sends every image to a files input and to a multimodal message input', async () => {
    const server = await start({
      gradioVersion: 5,
      endpoints: [
        {
          apiName: 'files',
          inputs: [{ type: 'textbox', label: 'Prompt' }, { type: 'file', label: 'Files', props: { file_count: 'multiple' } }],
          outputs: [{ type: 'textbox', label: 'Answer' }],
          fn: ([prompt, files], ctx) => [`${String(prompt)} [${describeFiles(files, ctx)}]`],
        },
        {
          apiName: 'multimodal',
          inputs: [{ type: 'multimodaltextbox', label: 'Message' }],
          outputs: [{ type: 'textbox', label: 'Answer' }],
          fn: ([message], ctx) => [`${(message as { text: string }).text} [${describeFiles((message as { files: unknown }).files, ctx)}]`],
        },
      ],
    });
    const provider = createGradioProvider();
    const images = [
      { type: 'file' as const, mediaType: 'image/png', filename: 'a.png', data: { type: 'data' as const, data: pngBytes() } },
      { type: 'file' as const, mediaType: 'image/png', filename: 'b.png', data: { type: 'data' as const, data: new Uint8Array([...pngBytes(), 9]) } },
    ];
    const answer = async (model: ReturnType<typeof provider.chat>) =>
      (await partsOf((await model.doStream({ prompt: ask('Compare', ...images) })).stream)).map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
    expect(await answer(provider.chat(server.url, { endpoint: 'files', inputs: ['prompt', 'files'] }))).toBe('Compare [a.png:12,b.png:13]');
    expect(await answer(provider.chat(server.url, { endpoint: 'multimodal', inputs: ['message'] }))).toBe('Compare [a.png:12,b.png:13]');
  });

  it('sends the first image to an image input, with a warning about the others', async () => {
    const server = await start(qvqSpace());
    const model = createGradioProvider().chat(server.url, { endpoint: '/generate', inputs: ['image', 'prompt'] });
    const image = { type: 'file' as const, mediaType: 'image/png', data: { type: 'data' as const, data: pngBytes() } };
    const [start_] = await partsOf((await model.doStream({ prompt: ask('Two?', image, image) })).stream);
    expect(start_).toMatchObject({ type: 'stream-start', warnings: [expect.objectContaining({ type: 'unsupported', feature: 'several images' })] });
    expect(server.fake.uploads).toHaveLength(1);
  });
});

describe('an abort while the job waits in the queue', () => {
  it('rejects the call and cancels the queued job on the Space', async () => {
    const server = await start(qvqSpace());
    const model = createGradioProvider()('qvq-72b', { url: server.url });
    const busy = new AbortController();
    const first = await model.doStream({ prompt: ask('SLOW first'), abortSignal: busy.signal });
    // the Space runs one job at a time: the second waits in the queue, with nothing to stream yet
    const events: GradioEvent[] = [];
    const waiting = new AbortController();
    const queuedModel = createGradioProvider()('qvq-72b', { url: server.url, onEvent: (event) => events.push(event) });
    const second = queuedModel.doStream({ prompt: ask('SLOW second'), abortSignal: waiting.signal });
    await waitFor(() => events.some((event) => event.type === 'queued'));
    waiting.abort();
    await expect(second).rejects.toThrow(/abort/i);
    const queuedId = (events.find((event) => event.type === 'queued') as { eventId: string }).eventId;
    await waitFor(() => server.fake.cancelled.some((record) => record.eventId === queuedId));
    busy.abort();
    await first.stream.cancel().catch(() => undefined);
  });
});

describe('after a cancel', () => {
  it('leaves no stream open on the Space', async () => {
    const server = await start(qvqSpace());
    const controller = new AbortController();
    const model = createGradioProvider()('qvq-72b', { url: server.url });
    const { stream } = await model.doStream({ prompt: ask('SLOW'), abortSignal: controller.signal });
    const reader = stream.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow(/abort/i);
    await waitFor(() => server.fake.cancelled.length === 1 && server.fake.openStreams === 0);
  });
});
