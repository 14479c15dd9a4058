import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { GpuQuotaError, GradioError } from '../../src/errors.js';
import { failureEvent } from '../../src/events.js';
import type { GradioEvent } from '../../src/events.js';
import { throwOnError } from '../../src/operators/throwOnError.js';

let scheduler: TestScheduler;
beforeEach(() => {
  scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const queued: GradioEvent = { type: 'queued', eventId: 'E', position: 0 };
const generating: GradioEvent = { type: 'generating', eventId: 'E', data: ['Hel'] };
const completed: GradioEvent = { type: 'completed', eventId: 'E', data: ['Hello'] };

describe('throwOnError', () => {
  it('re-emits the events of a successful job and completes with it', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c|', { a: queued, b: generating, c: completed });
      expectObservable(source.pipe(throwOnError())).toBe('-a-b-c|', { a: queued, b: generating, c: completed });
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  it('turns a terminal error event into an RxJS error with its GradioError and unsubscribes', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const error = new GradioError({ type: 'app', message: 'Cannot divide by zero!', eventId: 'E' });
      const source = cold('-a-e-c|', { a: queued, e: failureEvent(error), c: completed });
      expectObservable(source.pipe(throwOnError())).toBe('-a-#', { a: queued }, error);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('turns a gpu-quota-error event into an RxJS error with its GpuQuotaError', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const error = new GpuQuotaError({ message: 'You have exceeded your GPU quota', requestedSeconds: 60, leftSeconds: 20 });
      const event = failureEvent(error, 'E');
      expect(event.type).toBe('gpu-quota-error');
      const source = cold('-a-q-|', { a: queued, q: event });
      expectObservable(source.pipe(throwOnError())).toBe('-a-#', { a: queued }, error);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('unsubscribes from the source when the subscriber leaves', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c|', { a: queued, b: generating, c: completed });
      expectObservable(source.pipe(throwOnError()), '^--!').toBe('-a-', { a: queued });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('passes an error of the source through unchanged', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const error = new GradioError({ type: 'network', message: 'connection reset' });
      expectObservable(cold('-a-#', { a: queued }, error).pipe(throwOnError())).toBe('-a-#', { a: queued }, error);
    });
  });
});
