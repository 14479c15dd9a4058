import { firstValueFrom, lastValueFrom, merge, type Observable, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type ErrorEvent, gradio, type GradioEvent } from '../../src/index.js';
import { echo } from '../helpers/apps.js';
import { fastPolling, useFakeHub } from '../helpers/fakeHub.js';

const startHub = useFakeHub();

const events = (observable: Observable<GradioEvent>) => lastValueFrom(observable.pipe(toArray()));
const stagesOf = (list: GradioEvent[]) => list.flatMap((event) => (event.type === 'space-status' ? [event.stage] : []));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const runtimeReads = (hub: { requests: { path: string }[] }) => hub.requests.filter((request) => request.path === '/api/spaces/owner/demo').length;

describe('waking a Space', () => {
  it('reports sleeping, building, starting and running before the job is queued, and wakes the Space by touching it', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['SLEEPING', 'BUILDING', 'APP_STARTING', 'RUNNING'] } } });
    const app = gradio('owner/demo', { hubUrl: hub.url, wakePolling: fastPolling });
    const list = await events(app.submit('/echo', ['hi']));
    expect(list.map((event) => event.type)).toEqual(['space-status', 'space-status', 'space-status', 'space-status', 'queued', 'started', 'completed']);
    expect(stagesOf(list)).toEqual(['sleeping', 'building', 'starting', 'running']);
    expect(list[0]).toMatchObject({ message: expect.stringMatching(/owner\/demo is asleep/) });
    // Only traffic wakes a sleeping Space: the first request to the edge met its 503 page.
    expect(hub.space('owner/demo').requests[0]?.path).toBe('/config');
    app.close();
  });

  it.each([
    [['BUILDING', 'RUNNING'], ['building', 'running']],
    [['APP_STARTING', 'APP_STARTING', 'RUNNING'], ['starting', 'running']],
    [['STOPPED', 'APP_STARTING', 'RUNNING_BUILDING'], ['sleeping', 'starting', 'running']],
  ])('follows the stage script %j with the events %j', async (stages, expected) => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages } } });
    const app = gradio('owner/demo', { hubUrl: hub.url, wakePolling: fastPolling });
    const list = await events(app.submit('/echo', ['hi']));
    expect(stagesOf(list)).toEqual(expected);
    expect(list.at(-1)).toMatchObject({ type: 'completed', data: ['echo: hi'] });
    app.close();
  });

  it('emits no space-status event for a Space that is running', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] } } } });
    const list = await events(gradio('owner/demo', { hubUrl: hub.url }).submit('/echo', ['hi']));
    expect(list.map((event) => event.type)).toEqual(['queued', 'started', 'completed']);
  });

  it('ends the job at once with space-unavailable for a paused Space, saying it is paused', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['PAUSED'] } } });
    const started = Date.now();
    const list = await events(gradio('owner/demo', { hubUrl: hub.url }).submit('/echo', ['hi']));
    expect(Date.now() - started).toBeLessThan(500);
    expect(list).toHaveLength(1);
    const error = (list[0] as ErrorEvent).error;
    expect(error.type).toBe('space-unavailable');
    expect(error.message).toMatch(/paused/);
    expect(hub.space('owner/demo').requests).toHaveLength(0);
  });

  it.each(['BUILD_ERROR', 'RUNTIME_ERROR', 'CONFIG_ERROR', 'NO_APP_FILE'])('ends the job with space-unavailable naming the stage %s', async (stage) => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: [stage] } } });
    const list = await events(gradio('owner/demo', { hubUrl: hub.url }).submit('/echo', ['hi']));
    expect(list).toHaveLength(1);
    const error = (list[0] as ErrorEvent).error;
    expect(error.type).toBe('space-unavailable');
    expect(error.message).toContain(stage);
  });

  it('gives up with space-unavailable once wakeTimeoutMs has passed', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['SLEEPING', 'BUILDING'] } } });
    const started = Date.now();
    const list = await events(gradio('owner/demo', { hubUrl: hub.url, wakeTimeoutMs: 300, wakePolling: fastPolling }).submit('/echo', ['hi']));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
    expect(stagesOf(list)).toEqual(['sleeping', 'building']);
    const error = (list.at(-1) as ErrorEvent).error;
    expect(error.type).toBe('space-unavailable');
    expect(error.message).toMatch(/still building .*wakeTimeoutMs/);
  });

  it('polls with a growing wait, from initialMs up to maxMs', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['BUILDING'] } } });
    await events(gradio('owner/demo', { hubUrl: hub.url, wakeTimeoutMs: 700, wakePolling: { initialMs: 40, maxMs: 120 } }).submit('/echo', ['hi']));
    const times = hub.requests.filter((request) => request.path === '/api/spaces/owner/demo').map((request) => request.time);
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    // 40, 60, 90, 120, 120, …
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[0]).toBeLessThan(60 + 40);
    expect(gaps[2]).toBeGreaterThanOrEqual(85);
    expect(Math.max(...gaps)).toBeLessThan(120 + 60);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(110);
  });

  it('stops polling at once when the waiting job is unsubscribed: no request and no timer afterwards', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['SLEEPING', 'BUILDING'] } } });
    const timers = trackTimers();
    const app = gradio('owner/demo', { hubUrl: hub.url, wakePolling: fastPolling });
    const seen: GradioEvent[] = [];
    const subscription = app.submit('/echo', ['hi']).subscribe((event) => seen.push(event));
    while (!seen.some((event) => event.type === 'space-status' && event.stage === 'building')) await sleep(5);
    subscription.unsubscribe();
    const hubRequests = hub.requests.length;
    const edgeRequests = hub.space('owner/demo').requests.length;
    await sleep(150);
    expect(hub.requests.length).toBe(hubRequests);
    expect(hub.space('owner/demo').requests.length).toBe(edgeRequests);
    expect(timers.pending()).toEqual([]);
    timers.restore();
    expect(seen.some((event) => event.type === 'error' || event.type === 'completed')).toBe(false);
  });

  it('shares one wake-up between the jobs waiting on a Space, each of them seeing its stages', async () => {
    const script = ['SLEEPING', 'BUILDING', 'APP_STARTING', 'RUNNING'];
    const single = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: script } } });
    await events(gradio('owner/demo', { hubUrl: single.url, wakePolling: fastPolling }).submit('/echo', ['alone']));
    const readsForOne = runtimeReads(single);
    await single.close();

    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: script } } });
    const app = gradio('owner/demo', { hubUrl: hub.url, wakePolling: fastPolling });
    const [first, second, third] = await Promise.all([events(app.submit('/echo', ['a'])), events(app.submit('/echo', ['b'])), events(app.call('/echo', ['c']))]);
    for (const list of [first!, second!, third!]) {
      expect(stagesOf(list)).toEqual(['sleeping', 'building', 'starting', 'running']);
      expect(list.at(-1)?.type).toBe('completed');
    }
    expect(runtimeReads(hub)).toBe(readsForOne);
    app.close();
  });

  it('keeps waking for the jobs still waiting when one of them is unsubscribed', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['SLEEPING', 'BUILDING', 'BUILDING', 'BUILDING', 'RUNNING'] } } });
    const app = gradio('owner/demo', { hubUrl: hub.url, wakePolling: fastPolling });
    const leaving = app.submit('/echo', ['leaves']).subscribe();
    const staying = events(merge(app.submit('/echo', ['stays'])));
    await sleep(20);
    leaving.unsubscribe();
    expect((await staying).at(-1)).toMatchObject({ type: 'completed', data: ['echo: stays'] });
    app.close();
  });

  it('wakes a Space again when its edge answers a later job with an error page', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] } } } });
    const app = gradio('owner/demo', { hubUrl: hub.url, wakePolling: fastPolling });
    expect((await events(app.submit('/echo', ['first']))).at(-1)?.type).toBe('completed');
    hub.space('owner/demo').setStages('SLEEPING', 'APP_STARTING', 'RUNNING');
    const list = await events(app.submit('/echo', ['second']));
    // The refused join was the traffic that woke the Space: the hub already calls it starting.
    expect(stagesOf(list)).toEqual(['starting', 'running']);
    expect(list.at(-1)).toMatchObject({ type: 'completed', data: ['echo: second'] });
    const joins = hub.space('owner/demo').requests.filter((request) => request.path === '/gradio_api/queue/join');
    expect(joins).toHaveLength(3);
    expect(hub.space('owner/demo').app!.requests.filter((request) => request.path === '/gradio_api/queue/join')).toHaveLength(2);
    app.close();
  });

  it('reads the config of a sleeping Space through app.config(), waking it silently', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['SLEEPING', 'RUNNING'] } } });
    const config = await firstValueFrom(gradio('owner/demo', { hubUrl: hub.url, wakePolling: fastPolling }).config());
    expect(config.dependencies.length).toBeGreaterThan(0);
  });
});

/**
 * Follows every timer and interval that gradio-rx's own code (src/) sets through the globals
 * from now on: `pending()` lists the delays of those neither fired nor cleared (an interval
 * stays pending until cleared). Timers of fetch's connection pool are not ours to judge.
 */
function trackTimers(): { pending(): number[]; restore(): void } {
  const original = { setTimeout, clearTimeout, setInterval, clearInterval };
  const pending = new Map<unknown, number>();
  const ours = (): boolean => /[\\/]src[\\/]/.test(new Error().stack ?? '');
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = original.setTimeout(
      (...callArgs: unknown[]) => {
        pending.delete(handle);
        callback(...callArgs);
      },
      ms,
      ...args,
    );
    if (ours()) pending.set(handle, ms ?? 0);
    return handle;
  }) as typeof setTimeout;
  globalThis.setInterval = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = original.setInterval(callback, ms, ...args);
    if (ours()) pending.set(handle, ms ?? 0);
    return handle;
  }) as typeof setInterval;
  globalThis.clearTimeout = ((handle: Parameters<typeof clearTimeout>[0]) => {
    pending.delete(handle);
    original.clearTimeout(handle);
  }) as typeof clearTimeout;
  globalThis.clearInterval = ((handle: Parameters<typeof clearInterval>[0]) => {
    pending.delete(handle);
    original.clearInterval(handle);
  }) as typeof clearInterval;
  return {
    pending: () => [...pending.values()],
    restore: () => Object.assign(globalThis, original),
  };
}
