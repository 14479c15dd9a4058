import { defer } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { GpuQuotaError, GradioError } from '../../src/errors.js';
import { failureEvent } from '../../src/events.js';
import type { GradioEvent } from '../../src/events.js';
import { retryOnGpuQuota } from '../../src/operators/retryOnGpuQuota.js';

let scheduler: TestScheduler;
beforeEach(() => {
  scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

/** A quota failure as queue-zerogpu-quota.txt reports it, with a chosen retry time. */
function quotaError(retryAfterMs?: number): GpuQuotaError {
  return new GpuQuotaError({
    message: 'You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 0:00:05.',
    requestedSeconds: 60,
    leftSeconds: 20,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

const queued: GradioEvent = { type: 'queued', eventId: 'E', position: 0 };
const completed: GradioEvent = { type: 'completed', eventId: 'E', data: ['done'] };

/** Subscribes `attempts[0]` first, then `attempts[1]` and so on: one cold source per job. */
function jobs<T>(...attempts: Observable<T>[]): Observable<T> {
  let next = 0;
  return defer(() => attempts[Math.min(next++, attempts.length - 1)] as Observable<T>);
}

describe('retryOnGpuQuota on an events stream', () => {
  it('swallows the quota event, waits retryAfterMs and runs the job again', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const first = cold('-a-q|', { a: queued, q: failureEvent(quotaError(5)) });
      const second = cold('-a-c|', { a: queued, c: completed });
      const result = jobs<GradioEvent>(first, second).pipe(retryOnGpuQuota({ minDelayMs: 1 }));
      expectObservable(result).toBe('-a-------a-c|', { a: queued, c: completed });
      expectSubscriptions(first.subscriptions).toBe('^--!');
      expectSubscriptions(second.subscriptions).toBe('--------^---!');
    });
  });

  it('emits the quota event and completes when no retry is left', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const quota = failureEvent(quotaError(5));
      const source = cold('-a-q|', { a: queued, q: quota });
      expectObservable(source.pipe(retryOnGpuQuota({ minDelayMs: 1 }))).toBe('-a-------a-(q|)', { a: queued, q: quota });
      expectSubscriptions(source.subscriptions).toBe(['^--!', '--------^--!']);
    });
  });

  it('retries up to maxRetries times', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const quota = failureEvent(quotaError(2));
      const source = cold('q|', { q: quota });
      expectObservable(source.pipe(retryOnGpuQuota({ maxRetries: 2, minDelayMs: 1 }))).toBe('----(q|)', { q: quota });
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '--(^!)', '----(^!)']);
    });
  });

  it('waits at least minDelayMs when the quota message says "Try again in 0:00:00"', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('q|', { q: failureEvent(quotaError(0)) });
      expectObservable(source.pipe(retryOnGpuQuota({ minDelayMs: 300 }))).toBe('300ms (q|)', {
        q: failureEvent(quotaError(0)),
      });
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '300ms (^!)']);
    });
  });

  it('waits minDelayMs (1 s by default) when the quota message gives no time', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const quota = failureEvent(quotaError());
      const source = cold('q|', { q: quota });
      expectObservable(source.pipe(retryOnGpuQuota())).toBe('1000ms (q|)', { q: quota });
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '1000ms (^!)']);
    });
  });

  it('reads the retry time from the event error when the event itself has none', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const error = quotaError(2000);
      const quota = { type: 'gpu-quota-error', eventId: 'E', error, message: error.message } satisfies GradioEvent;
      const source = cold('q|', { q: quota });
      expectObservable(source.pipe(retryOnGpuQuota())).toBe('2000ms (q|)', { q: quota });
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '2000ms (^!)']);
    });
  });

  it('gives up at once, emitting the quota event, when the wait would exceed maxWaitMs', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const quota = failureEvent(quotaError(49_239_000)); // "Try again in 13:40:39" (queue-zerogpu-quota.txt)
      const source = cold('-a-q|', { a: queued, q: quota });
      expectObservable(source.pipe(retryOnGpuQuota())).toBe('-a-(q|)', { a: queued, q: quota });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('does not retry with maxRetries 0', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const quota = failureEvent(quotaError(5));
      const source = cold('-q|', { q: quota });
      expectObservable(source.pipe(retryOnGpuQuota({ maxRetries: 0 }))).toBe('-q|', { q: quota });
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('passes other terminal events through without retrying', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failed = failureEvent(new GradioError({ type: 'app', message: 'boom' }), 'E');
      const source = cold('-a-e|', { a: queued, e: failed });
      expectObservable(source.pipe(retryOnGpuQuota())).toBe('-a-e|', { a: queued, e: failed });
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('does not resubscribe when the subscriber leaves during the wait', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-q|', { a: queued, q: failureEvent(quotaError(10)) });
      expectObservable(source.pipe(retryOnGpuQuota({ minDelayMs: 1 })), '^-----!').toBe('-a----', { a: queued });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('uses the scheduler given in the options', () => {
    const virtual = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const attempts: number[] = [];
    const quota = failureEvent(quotaError(50));
    const source = defer(() => {
      attempts.push(virtual.now());
      return [quota];
    });
    const seen: GradioEvent[] = [];
    source.pipe(retryOnGpuQuota({ scheduler: virtual, minDelayMs: 1 })).subscribe((event) => seen.push(event));
    expect(attempts).toEqual([0]);
    virtual.flush();
    expect(attempts).toEqual([0, 50]);
    expect(seen).toEqual([quota]);
  });
});

describe('retryOnGpuQuota on a value stream', () => {
  it('resubscribes after a GpuQuotaError and rethrows it when no retry is left', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const error = quotaError(4);
      const source = cold('-v-#', { v: 'text' }, error);
      expectObservable(source.pipe(retryOnGpuQuota({ minDelayMs: 1 }))).toBe('-v------v-#', { v: 'text' }, error);
      expectSubscriptions(source.subscriptions).toBe(['^--!', '-------^--!']);
    });
  });

  it('rethrows a GpuQuotaError at once when its wait exceeds maxWaitMs', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const error = quotaError(60_000);
      const source = cold('-#', {}, error);
      expectObservable(source.pipe(retryOnGpuQuota({ maxWaitMs: 59_999 }))).toBe('-#', {}, error);
      expectSubscriptions(source.subscriptions).toBe('^!');
    });
  });

  it('passes other errors through without retrying', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const error = new GradioError({ type: 'queue-full', message: 'Queue is full' });
      const source = cold('-v-#', { v: 1 }, error);
      expectObservable(source.pipe(retryOnGpuQuota())).toBe('-v-#', { v: 1 }, error);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('completes like the source when the retried job succeeds', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const first = cold<string>('#', {}, quotaError(3));
      const second = cold('-v|', { v: 'ok' });
      expectObservable(jobs(first, second).pipe(retryOnGpuQuota({ minDelayMs: 1 }))).toBe('----v|', { v: 'ok' });
    });
  });
});
