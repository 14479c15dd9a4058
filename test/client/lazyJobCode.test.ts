/**
 * The code a job loads on first use while it runs (src/lazy.ts): the wording of a failed job
 * (appError.ts) and the general diff applier (diffEdits.ts, for anything but text appended at
 * the root). Their loads are held here (or fail) at will: a job waits for them with the
 * messages behind in order, fails with one typed error when they cannot load, and a job
 * unsubscribed meanwhile ends quietly. The tests of each part run in order: the modules stay
 * loaded once they have loaded.
 *
 * `gradio` is imported from client.ts: the package entry also exports `applyDiff`, which
 * imports diffEdits.ts statically.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gradio } from '../../src/client.js';
import type { GradioEvent } from '../../src/events.js';
import { chat, crash, echo, until } from '../helpers/apps.js';
import { useFakeServer } from '../helpers/fakeServer.js';

/** Each load waits for `gate` (when set) and counts itself; a gate that rejects is a failed load. */
const loads = vi.hoisted(() => ({
  appError: { count: 0, gate: undefined as Promise<void> | undefined },
  diffEdits: { count: 0, gate: undefined as Promise<void> | undefined },
}));
vi.mock('../../src/appError.js', async (importOriginal) => {
  loads.appError.count++;
  await loads.appError.gate;
  return importOriginal();
});
vi.mock('../../src/diffEdits.js', async (importOriginal) => {
  loads.diffEdits.count++;
  await loads.diffEdits.gate;
  return importOriginal();
});

const start = useFakeServer();
const events = (observable: import('rxjs').Observable<GradioEvent>) => lastValueFrom(observable.pipe(toArray()));
const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));
const offline = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

/** A gate to open (or fail) later. */
function gate() {
  let open!: () => void;
  let fail!: () => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = () => reject(new TypeError('Failed to fetch dynamically imported module'));
  });
  return { promise, open, fail };
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  await settle(50);
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('the wording of a failed job, loaded with the first failure', () => {
  const cancels = () => start.current!.requests.filter((r) => r.path.endsWith('/cancel'));

  it('ends a failed queue job with one network error event when it cannot load, sending no cancel', async () => {
    loads.appError.gate = offline();
    loads.appError.gate.catch(() => {});
    const { url } = await start({ gradioVersion: 5, endpoints: [crash()] });
    const result = await events(gradio(url).submit('/crash', ['x']));
    expect(result.filter((event) => event.type === 'error' || event.type === 'completed' || event.type === 'gpu-quota-error')).toHaveLength(1);
    expect(result.at(-1)).toEqual({
      type: 'error',
      eventId: expect.any(String),
      error: expect.objectContaining({
        type: 'network',
        message: 'A module of gradio-rx (app error details) could not be loaded: check the connection and try again',
        endpoint: '/crash',
        eventId: expect.any(String),
      }),
    });
    await settle(50);
    expect(cancels()).toEqual([]);
  });

  it('ends a failed /call job the same way', async () => {
    const { url } = await start({ gradioVersion: 6, endpoints: [crash()] });
    const result = await events(gradio(url).call('/crash', ['x']));
    expect(result).toEqual([{ type: 'error', eventId: expect.any(String), error: expect.objectContaining({ type: 'network', endpoint: '/crash' }) }]);
  });

  it('sends no cancel for a queue job unsubscribed while the wording of its failure loads: the job is over on the server', async () => {
    const held = gate();
    loads.appError.gate = held.promise;
    const before = loads.appError.count;
    const { url } = await start({ gradioVersion: 5, endpoints: [crash()] });
    const seen: GradioEvent[] = [];
    const subscription = gradio(url).submit('/crash', ['x']).subscribe((event) => seen.push(event));
    await until(() => loads.appError.count > before);
    subscription.unsubscribe();
    // This load fails, so that the next test loads the module again.
    held.fail();
    await settle();
    expect(seen.map((event) => event.type)).not.toContain('error');
    expect(cancels()).toEqual([]);
  });

  it('stops listening to the session stream when the failure arrives, not when its wording has loaded', async () => {
    const held = gate();
    loads.appError.gate = held.promise;
    const before = loads.appError.count;
    const { url, requests } = await start({ gradioVersion: 5, endpoints: [crash(), echo()] });
    const app = gradio(url);
    const failed = events(app.submit('/crash', ['x']));
    await until(() => loads.appError.count > before);
    // sse_v3 closes the stream once no job of the session is pending: it must not be reopened
    // for a job that has nothing more to say.
    await settle();
    const streams = () => requests.filter((r) => r.path.endsWith('/queue/data'));
    expect(streams()).toHaveLength(1);
    // This load fails too, so that the next test loads the module again.
    held.fail();
    expect((await failed).at(-1)).toMatchObject({ type: 'error', error: { type: 'network', endpoint: '/crash' } });
    expect((await events(app.submit('/echo', ['hi']))).at(-1)).toMatchObject({ type: 'completed', data: ['echo: hi'] });
  });

  it('sends no cancel for a /call job unsubscribed while the wording of its failure loads', async () => {
    const held = gate();
    loads.appError.gate = held.promise;
    const before = loads.appError.count;
    const { url } = await start({ gradioVersion: 6, endpoints: [crash()] });
    const seen: GradioEvent[] = [];
    const subscription = gradio(url).call('/crash', ['x']).subscribe((event) => seen.push(event));
    await until(() => loads.appError.count > before);
    subscription.unsubscribe();
    held.open();
    await settle();
    expect(seen).toEqual([]);
    expect(cancels()).toEqual([]);
  });

  it('words the failure once the module has loaded', async () => {
    loads.appError.gate = undefined;
    const { url } = await start({ gradioVersion: 5, endpoints: [crash()] });
    const result = await events(gradio(url).submit('/crash', ['x']));
    expect(result.at(-1)).toMatchObject({ type: 'error', error: { type: 'app', endpoint: '/crash' } });
  });
});

describe('the general diff applier, loaded with the first edit that is not streamed text', () => {
  const tokens = () => ['Hello', ' there', ',', ' how', ' are', ' you', ' today', '?', ' Fine', ' thanks'];
  const endpoints = [chat({ tokens, stepMs: 5 })];
  /** What the events say about the outputs (ids and timings differ from job to job). */
  const outputs = (list: GradioEvent[]) => list.map((event) => ({ type: event.type, data: 'data' in event ? event.data : undefined, edits: 'edits' in event ? event.edits : undefined }));

  it('ends a chat job whose diffs cannot be applied without the module with one network error event', async () => {
    loads.diffEdits.gate = offline();
    loads.diffEdits.gate.catch(() => {});
    const { url } = await start({ gradioVersion: 5, endpoints });
    const result = await events(gradio(url).submit('/chat', ['Hi', [], null]));
    expect(result.map((event) => event.type)).toEqual(['queued', 'started', 'generating', 'error']);
    expect(result.at(-1)).toMatchObject({ type: 'error', error: { type: 'network', message: expect.stringContaining('(streaming diffs)'), endpoint: '/chat' } });
  });

  it('keeps every event of a chat stream in order while the module loads, as once it has loaded', async () => {
    const held = gate();
    loads.diffEdits.gate = held.promise;
    const before = loads.diffEdits.count;
    const { url } = await start({ gradioVersion: 5, endpoints });
    const app = gradio(url);
    const first = events(app.submit('/chat', ['Hi', [], null]));
    await until(() => loads.diffEdits.count > before);
    // Let more messages arrive while the module loads.
    await settle(30);
    held.open();
    const whileLoading = await first;
    const loaded = await events(app.submit('/chat', ['Hi', [], null]));
    expect(loads.diffEdits.count).toBe(before + 1);
    expect(whileLoading.map((event) => event.type)).toEqual(['queued', 'started', ...tokens().map(() => 'generating'), 'generating', 'completed']);
    expect(outputs(whileLoading)).toEqual(outputs(loaded));
    const replies = whileLoading.flatMap((event) => (event.type === 'generating' ? [(event.data[1] as Array<{ content: string }>).at(-1)!.content] : []));
    expect(replies).toEqual(['', ...tokens().map((_, index) => tokens().slice(0, index + 1).join(''))]);
  });
});
