/**
 * A browser that cannot load gradio-rx's lazy chunks (it went offline after the page loaded):
 * every module loaded on first use fails to import here. Each job that needs one ends with
 * one typed `network` error event naming the module, and no promise is left rejected unhandled.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gradio, type GradioEvent } from '../../src/index.js';
import { chat, crash } from '../helpers/apps.js';
import { useFakeServer } from '../helpers/fakeServer.js';

// `vi.mock` is hoisted above the imports: the factory must be hoisted with it.
const { offline } = vi.hoisted(() => ({
  offline: (): never => {
    throw new TypeError('Failed to fetch dynamically imported module');
  },
}));
vi.mock('../../src/namedArguments.js', offline);
vi.mock('../../src/uploads.js', offline);
vi.mock('../../src/httpError.js', offline);
vi.mock('../../src/hub/hubSpace.js', offline);
vi.mock('../../src/appError.js', offline);

const start = useFakeServer();
const events = (observable: import('rxjs').Observable<GradioEvent>) => lastValueFrom(observable.pipe(toArray()));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  // Give any stray rejection a chance to be reported.
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const loadError = (what: string) => ({
  type: 'network',
  message: `A module of gradio-rx (${what}) could not be loaded: check the connection and try again`,
});

describe('when a lazy chunk cannot be loaded', () => {
  it('ends a job with named arguments with one network error event, sending no join', async () => {
    const { url, requests } = await start({ gradioVersion: 5, endpoints: [chat()] });
    const result = await events(gradio(url).submit('/chat', { message: 'Hi' }));
    expect(result).toEqual([{ type: 'error', error: expect.objectContaining({ ...loadError('named arguments'), endpoint: '/chat' }) }]);
    expect(requests.filter((r) => r.path.endsWith('/queue/join'))).toEqual([]);
  });

  it('ends a job with a file after its uploading event with one network error event, sending no upload', async () => {
    const { url, requests } = await start({ gradioVersion: 5, endpoints: [chat()] });
    const result = await events(gradio(url).submit('/chat', [new Blob(['hello']), [], null]));
    expect(result.map((event) => event.type)).toEqual(['uploading', 'error']);
    expect(result.at(-1)).toMatchObject({ error: { ...loadError('file uploads'), endpoint: '/chat' } });
    expect(requests.filter((r) => /\/(upload|queue\/join)$/.test(r.path))).toEqual([]);
  });

  it('fails app.upload() with the same typed error', async () => {
    const { url } = await start({ gradioVersion: 5, endpoints: [chat()] });
    await expect(lastValueFrom(gradio(url).upload([new Blob(['hello'])]))).rejects.toMatchObject({ ...loadError('file uploads'), endpoint: 'upload' });
  });

  it('reports a failed HTTP answer whose wording cannot be loaded as a network error', async () => {
    const fetch = vi.fn(async () => new Response('Internal Server Error', { status: 500 }));
    const result = await events(gradio('http://127.0.0.1:9/', { fetch }).submit('/chat', ['Hi', [], null]));
    expect(result).toEqual([{ type: 'error', error: expect.objectContaining({ ...loadError('HTTP error details'), endpoint: '/chat' }) }]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('ends a failed job whose error wording cannot be loaded with one network error event, sending no cancel', async () => {
    const { url, requests } = await start({ gradioVersion: 5, endpoints: [crash()] });
    const result = await events(gradio(url).submit('/crash', ['x']));
    expect(result.map((event) => event.type)).toEqual(['queued', 'started', 'error']);
    expect(result.at(-1)).toMatchObject({ error: { ...loadError('app error details'), endpoint: '/crash' } });
    expect(requests.filter((r) => r.path.endsWith('/cancel'))).toEqual([]);
  });

  it('ends a job of a Space id with one network error event, before asking the hub anything', async () => {
    const fetch = vi.fn(async () => new Response('{}'));
    const result = await events(gradio('owner/space', { fetch }).submit('/chat', ['Hi', [], null]));
    expect(result).toEqual([{ type: 'error', error: expect.objectContaining({ ...loadError('Hugging Face Space support'), endpoint: '/chat' }) }]);
    expect(fetch).not.toHaveBeenCalled();
  });
});
