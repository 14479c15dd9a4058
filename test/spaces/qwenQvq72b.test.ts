import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { GpuQuotaError, isGradioError } from '../../src/errors.js';
import type { GradioEvent } from '../../src/events.js';
import { qwenQvq72b } from '../../src/spaces/index.js';
import { type FakeGradioOptions, type FakeGradioServer, startFakeGradioServer } from '../../src/testing/index.js';
import { hex, qvqReport, qvqSpace, quotaText } from './fakeSpaces.js';
import { imageBytes } from './fixtures.js';
import { assistant, errorOf, system, user, valuesOf, waitFor } from './helpers.js';

// The QVQ imitation follows real/a01_get_config.txt (fn_index 0 `generate`, inputs image 3 and
// question 5, output 8) and answers cumulatively like real/a03_call_generate_sse.txt.

let server: FakeGradioServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<FakeGradioOptions> = {}): Promise<FakeGradioServer> {
  server = await startFakeGradioServer(qvqSpace(options));
  return server;
}

const steps = ' step1 step2 step3 step4 step5 ';
const requestsTo = (fake: FakeGradioServer, method: string, suffix: string) =>
  fake.requests.filter((request) => request.method === method && request.path.endsWith(suffix));

describe('qwenQvq72b with text only', () => {
  it('streams the answer as deltas that add up to the final text, through the queue by default', async () => {
    const fake = await start();
    const deltas = await valuesOf(qwenQvq72b.stream({ messages: [user('Hello, world!')], url: fake.url }));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(`${qvqReport(null, 'Hello, world!')}${steps}`);
    expect(requestsTo(fake, 'POST', '/gradio_api/queue/join')).toHaveLength(1);
    expect(requestsTo(fake, 'POST', '/gradio_api/call/generate')).toHaveLength(0);
  });

  it('sends [null, prompt] to fn_index 0, found by its api name "generate"', async () => {
    const fake = await start();
    const messages = [system('Be brief.'), user('Hi'), assistant('Hello'), user('2+2?')];
    await valuesOf(qwenQvq72b.stream({ messages, url: fake.url }));
    const [join] = requestsTo(fake, 'POST', '/queue/join');
    // format_prompt keeps system messages for QVQ (spec §12.1)
    expect(join?.body).toMatchObject({ data: [null, 'System: Be brief.\nUser: Hi\nAssistant: Hello\nUser: 2+2?\nAssistant:'], fn_index: 0, trigger_id: 6 });
  });

  it("uses the /call API when via is 'call', as the original provider did", async () => {
    const fake = await start();
    const deltas = await valuesOf(qwenQvq72b.stream({ messages: [user('Hi')], url: fake.url, via: 'call' }));
    expect(deltas.join('')).toBe(`${qvqReport(null, 'Hi')}${steps}`);
    const [post] = requestsTo(fake, 'POST', '/gradio_api/call/generate');
    expect(post?.body).toEqual({ data: [null, 'Hi'] });
    expect(fake.requests.some((request) => request.method === 'GET' && request.path.startsWith('/gradio_api/call/generate/'))).toBe(true);
    expect(requestsTo(fake, 'POST', '/queue/join')).toHaveLength(0);
  });

  it('sends apiKey as the bearer token', async () => {
    const fake = await start({ token: 'hf_secret' });
    const deltas = await valuesOf(qwenQvq72b.stream({ messages: [user('Hi')], url: fake.url, apiKey: 'hf_secret' }));
    expect(deltas.join('')).toContain('Prompt: "Hi"');
    expect(requestsTo(fake, 'POST', '/queue/join')[0]?.headers['authorization']).toBe('Bearer hf_secret');
  });

  it('fetches /config once for several requests to the same Space', async () => {
    const fake = await start();
    await valuesOf(qwenQvq72b.stream({ messages: [user('one')], url: fake.url }));
    await valuesOf(qwenQvq72b.stream({ messages: [user('two')], url: fake.url }));
    expect(requestsTo(fake, 'GET', '/config')).toHaveLength(1);
    expect(requestsTo(fake, 'POST', '/queue/join')).toHaveLength(2);
  });

  it('exposes every event of the job through events(), ending with one completed event', async () => {
    const fake = await start();
    const events = await valuesOf(qwenQvq72b.events({ messages: [user('Hi')], url: fake.url }));
    const types = events.map((event) => event.type);
    expect(types).toContain('queued');
    expect(types).toContain('generating');
    expect(types.at(-1)).toBe('completed');
    expect(types.filter((type) => type === 'completed')).toHaveLength(1);
  });
});

describe('qwenQvq72b with an image', () => {
  const bytesOf = {
    Uint8Array: (bytes: Uint8Array) => bytes,
    ArrayBuffer: (bytes: Uint8Array) => bytes.slice().buffer,
    Blob: (bytes: Uint8Array) => new Blob([bytes.slice()]),
  } as const;

  it.each(Object.keys(bytesOf) as (keyof typeof bytesOf)[])('uploads the first media item given as %s, with its name and sniffed type', async (kind) => {
    const fake = await start();
    const media = [[bytesOf[kind](imageBytes.png), 'tiny.png'] as const, [imageBytes.gif, 'ignored.gif'] as const];
    const text = (await valuesOf(qwenQvq72b.stream({ messages: [user('What is in this image?')], media, url: fake.url }))).join('');
    // The app reports the bytes it received, read back from the upload.
    expect(text).toBe(`${qvqReport({ name: 'tiny.png', type: 'image/png', bytes: imageBytes.png }, 'What is in this image?')}${steps}`);
    expect(text).toContain(hex(imageBytes.png));
    const [upload] = requestsTo(fake, 'POST', '/gradio_api/upload');
    expect(upload?.body).toEqual({ parts: [expect.objectContaining({ name: 'files', filename: 'tiny.png', type: 'image/png', size: imageBytes.png.length })] });
    expect(fake.fake.uploads.map((file) => file.name)).toEqual(['tiny.png']);
  });

  it.each(['jpeg', 'gif', 'webp'] as const)('sends %s images with their type sniffed from the bytes, whatever the file name says', async (kind) => {
    const fake = await start();
    await valuesOf(qwenQvq72b.stream({ messages: [user('Describe')], media: [[imageBytes[kind], 'upload.bin']], url: fake.url }));
    expect(fake.fake.uploads[0]).toMatchObject({ name: 'upload.bin', type: `image/${kind}` });
  });

  it('passes the uploaded file as FileData with meta, which Gradio ≥ 5.5 requires (§11.2)', async () => {
    const fake = await start();
    await valuesOf(qwenQvq72b.stream({ messages: [user('Describe')], media: [[imageBytes.jpeg, 'photo.jpg']], url: fake.url }));
    const [join] = requestsTo(fake, 'POST', '/queue/join');
    const [file] = (join?.body as { data: unknown[] }).data;
    expect(file).toMatchObject({ path: fake.fake.uploads[0]?.path, orig_name: 'photo.jpg', meta: { _type: 'gradio.FileData' } });
  });

  it('reports the upload in events() before the job joins the queue', async () => {
    const fake = await start();
    const events = await valuesOf(qwenQvq72b.events({ messages: [user('Describe')], media: [[imageBytes.webp, 'x.webp']], url: fake.url }));
    const types = events.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['uploading', 'uploaded']);
  });

  it('refuses bytes that are no known image with an upload error, before any request', async () => {
    const fake = await start();
    const pdf = new TextEncoder().encode('%PDF-1.7 not an image');
    const error = await errorOf(qwenQvq72b.stream({ messages: [user('Describe')], media: [[pdf, 'doc.pdf']], url: fake.url }));
    expect(isGradioError(error) && error.type).toBe('upload');
    expect((error as Error).message).toContain('"doc.pdf"');
    const events = await valuesOf(qwenQvq72b.events({ messages: [user('Describe')], media: [[new Blob([pdf]), 'doc.pdf']], url: fake.url }));
    expect(events).toEqual([{ type: 'error', error: expect.objectContaining({ type: 'upload' }) }]);
    expect(fake.requests).toEqual([]);
  });
});

describe('qwenQvq72b on the Gradio 4 layout (no /gradio_api prefix)', () => {
  it.each(['queue', 'call'] as const)('uploads the image and streams the answer via %s', async (via) => {
    const fake = await start({ gradioVersion: 4 });
    const media = [[imageBytes.jpeg, 'photo.jpg'] as const];
    const text = (await valuesOf(qwenQvq72b.stream({ messages: [user('Old server')], media, url: fake.url, via }))).join('');
    expect(text).toBe(`${qvqReport({ name: 'photo.jpg', type: 'image/jpeg', bytes: imageBytes.jpeg }, 'Old server')}${steps}`);
    const paths = fake.requests.map((request) => `${request.method} ${request.path}`);
    expect(paths).toContain('POST /upload');
    expect(paths).toContain(via === 'queue' ? 'POST /queue/join' : 'POST /call/generate');
    expect(paths.some((path) => path.includes('/gradio_api'))).toBe(false);
  });

  it('turns the quota error into gpu-quota-error there too', async () => {
    const fake = await start({ gradioVersion: 4 });
    const events = await valuesOf(qwenQvq72b.events({ messages: [user('QUOTA again')], url: fake.url }));
    expect(events.at(-1)).toMatchObject({ type: 'gpu-quota-error', retryAfterMs: 83_000 });
  });
});

describe('qwenQvq72b failures', () => {
  it('turns a ZeroGPU quota error into a gpu-quota-error event with the retry time (real/a15_queue_quota_data.txt)', async () => {
    const fake = await start();
    const events = await valuesOf(qwenQvq72b.events({ messages: [user('QUOTA please')], url: fake.url }));
    const last = events.at(-1) as Extract<GradioEvent, { type: 'gpu-quota-error' }>;
    expect(last).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 12, retryAfterMs: 83_000 });
    expect(last.message).toContain(quotaText.slice(0, 40));
  });

  it('fails stream() with a GpuQuotaError carrying retryAfterMs', async () => {
    const fake = await start();
    const error = await errorOf(qwenQvq72b.stream({ messages: [user('QUOTA please')], url: fake.url }));
    expect(error).toBeInstanceOf(GpuQuotaError);
    expect((error as GpuQuotaError).retryAfterMs).toBe(83_000);
  });

  it("cannot tell a quota error on the /call API of Gradio 5, which sends no error text (why 'queue' is the default)", async () => {
    const fake = await start();
    const error = await errorOf(qwenQvq72b.stream({ messages: [user('QUOTA please')], url: fake.url, via: 'call' }));
    expect(isGradioError(error) && error.type).toBe('app');
  });

  it('fails stream() with an app error when the function crashes', async () => {
    const fake = await start();
    const error = await errorOf(qwenQvq72b.stream({ messages: [user('CRASH now')], url: fake.url }));
    expect(isGradioError(error) && error.type).toBe('app');
    const events = await valuesOf(qwenQvq72b.events({ messages: [user('CRASH again')], url: fake.url }));
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'app' } });
  });

  it('cancels the job on the server when the subscriber leaves mid-stream', async () => {
    const fake = await start();
    const deltas = await firstValueFrom(qwenQvq72b.stream({ messages: [user('SLOW answer')], url: fake.url }).pipe(take(2), toArray()));
    expect(deltas).toHaveLength(2);
    await waitFor(() => fake.fake.cancelled.length > 0);
    expect(fake.fake.cancelled[0]).toMatchObject({ fnIndex: 0, via: 'cancel' });
    expect(requestsTo(fake, 'POST', '/gradio_api/cancel')).toHaveLength(1);
    await waitFor(() => fake.fake.stopped.includes(fake.fake.cancelled[0]!.eventId));
  });

  it('refuses a model name the preset does not serve', async () => {
    const fake = await start();
    const error = await errorOf(qwenQvq72b.stream({ messages: [user('Hi')], model: 'qwen-qwen2-5', url: fake.url }));
    expect(isGradioError(error) && error.type).toBe('invalid-input');
    expect(fake.requests).toEqual([]);
  });

  it('accepts its own model names and aliases', async () => {
    const fake = await start();
    for (const model of ['qwen-qvq-72b-preview', 'qvq-72b']) {
      expect((await valuesOf(qwenQvq72b.stream({ messages: [user('Hi')], model, url: fake.url }))).join('')).toContain('Prompt: "Hi"');
    }
  });

  it('refuses an empty conversation with an invalid-input error event', async () => {
    const events = await valuesOf(qwenQvq72b.events({ messages: [], url: 'http://127.0.0.1:9' }));
    expect(events).toEqual([{ type: 'error', error: expect.objectContaining({ type: 'invalid-input' }) }]);
  });
});

describe('qwenQvq72b on the Gradio 6 layout (what new Spaces run, real6/README.md)', () => {
  it.each(['queue', 'call'] as const)('uploads the image and streams the answer via %s', async (via) => {
    const fake = await start({ gradioVersion: 6 });
    const media = [[imageBytes.jpeg, 'photo.jpg'] as const];
    const text = (await valuesOf(qwenQvq72b.stream({ messages: [user('New server')], media, url: fake.url, via }))).join('');
    expect(text).toBe(`${qvqReport({ name: 'photo.jpg', type: 'image/jpeg', bytes: imageBytes.jpeg }, 'New server')}${steps}`);
    const paths = fake.requests.map((request) => `${request.method} ${request.path}`);
    expect(paths).toContain('POST /gradio_api/upload');
    expect(paths).toContain(via === 'queue' ? 'POST /gradio_api/queue/join' : 'POST /gradio_api/call/generate');
  });

  it.each(['queue', 'call'] as const)('reads the quota error with its retry time via %s, since Gradio 6 sends the error object on /call too', async (via) => {
    const fake = await start({ gradioVersion: 6 });
    const events = await valuesOf(qwenQvq72b.events({ messages: [user('QUOTA on six')], url: fake.url, via }));
    expect(events.at(-1)).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 12, retryAfterMs: 83_000 });
  });

  it('stops the job on the Space when the subscriber leaves', async () => {
    const fake = await start({ gradioVersion: 6 });
    const deltas = await firstValueFrom(qwenQvq72b.stream({ messages: [user('SLOW answer')], url: fake.url }).pipe(take(3), toArray()));
    expect(deltas).toHaveLength(3);
    await waitFor(() => fake.fake.stopped.length === 1);
    expect(fake.fake.cancelled).toHaveLength(1);
  });
});
