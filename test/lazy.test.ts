/**
 * The loader every lazy boundary goes through (src/lazy.ts): one load shared by every caller,
 * a failed load reported as a typed `network` error and tried again on the next use.
 */
import { describe, expect, it, vi } from 'vitest';
import { gradio, type GradioEvent, isGradioError } from '../src/index.js';
import { lazy, withModule } from '../src/lazy.js';
import { chat } from './helpers/apps.js';
import { useFakeServer } from './helpers/fakeServer.js';

describe('lazy', () => {
  it('loads once and gives every caller the same module', async () => {
    const module = { value: 1 };
    const load = vi.fn(() => Promise.resolve(module));
    const get = lazy('a module', load);
    const [first, second] = await Promise.all([get(), get()]);
    expect(await get()).toBe(module);
    expect(first).toBe(module);
    expect(second).toBe(module);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('turns a failed load into a network GradioError that names the module, keeping the cause', async () => {
    const cause = new TypeError('Failed to fetch dynamically imported module: https://example.test/chunk-1.js');
    const error: unknown = await lazy('named arguments', () => Promise.reject(cause))().catch((caught: unknown) => caught);
    expect(isGradioError(error)).toBe(true);
    expect(error).toMatchObject({ type: 'network', message: 'A module of gradio-rx (named arguments) could not be loaded: check the connection and try again', cause });
  });

  it('tries again after a failed load, and keeps the module once it loaded', async () => {
    const module = { value: 2 };
    const load = vi.fn().mockRejectedValueOnce(new TypeError('offline')).mockResolvedValue(module);
    const get = lazy('uploads', load);
    await expect(get()).rejects.toMatchObject({ type: 'network' });
    expect(await get()).toBe(module);
    expect(await get()).toBe(module);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('withModule', () => {
  it('waits for a module that has not loaded, then uses it at once, without a promise', async () => {
    const get = lazy('a module', () => Promise.resolve({ double: (value: number) => value * 2 }));
    const first = withModule(get, (loaded) => loaded.double(1));
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe(2);
    expect(withModule(get, (loaded) => loaded.double(2))).toBe(4);
  });

  it('rejects with the typed network error while the module cannot load', async () => {
    const get = lazy('a module', () => Promise.reject(new TypeError('offline')));
    await expect(withModule(get, () => 1)).rejects.toMatchObject({ type: 'network' });
    expect(get.loaded).toBeUndefined();
  });
});

describe('unsubscribing while a lazy module loads', () => {
  const start = useFakeServer();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('emits nothing and sends no join for a job with named arguments', async () => {
    const { url, requests } = await start({ gradioVersion: 5, endpoints: [chat()] });
    const seen: GradioEvent[] = [];
    gradio(url).submit('/chat', { message: 'Hi' }).subscribe((event) => seen.push(event)).unsubscribe();
    await settle();
    expect(seen).toEqual([]);
    expect(requests.filter((r) => r.path.endsWith('/queue/join'))).toEqual([]);
  });

  it('emits nothing after uploading and sends no upload for a job with a file', async () => {
    const { url, requests } = await start({ gradioVersion: 5, endpoints: [chat()] });
    const seen: GradioEvent[] = [];
    gradio(url).submit('/chat', [new Blob(['hello']), [], null]).subscribe((event) => seen.push(event)).unsubscribe();
    await settle();
    expect(seen.map((event) => event.type)).toEqual(['uploading']);
    expect(requests.filter((r) => /\/(upload|queue\/join)$/.test(r.path))).toEqual([]);
  });
});
