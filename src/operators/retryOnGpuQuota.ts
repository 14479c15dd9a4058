import { asyncScheduler, catchError, map, of, retry, throwError, timer } from 'rxjs';
import type { MonoTypeOperatorFunction, Observable, SchedulerLike } from 'rxjs';
import { isGpuQuotaError } from '../errors.js';
import type { GpuQuotaErrorEvent } from '../events.js';

/** Options of {@link retryOnGpuQuota}. */
export interface RetryOnGpuQuotaOptions {
  /**
   * How many times to run the job again after a ZeroGPU quota failure.
   * @default 1
   */
  maxRetries?: number;
  /**
   * The longest wait for one retry, in milliseconds. When the quota frees up later than
   * this, the failure is passed on at once (as the terminal event, or as the error).
   * @default 900_000 (15 minutes)
   */
  maxWaitMs?: number;
  /**
   * The shortest wait before a retry, in milliseconds, also used when the message gave no
   * time: "Try again in 0:00:00" must not make the client spin.
   * @default 1000
   */
  minDelayMs?: number;
  /**
   * Where the waits are scheduled (a `TestScheduler` in marble tests).
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
}

/**
 * Runs a job again when it fails on a ZeroGPU quota, after the time the quota message asked
 * for (`retryAfterMs`, at least `minDelayMs`), at most `maxRetries` times and never waiting
 * longer than `maxWaitMs`.
 *
 * Works on both kinds of streams:
 * - events (`submit`, `call`): a `gpu-quota-error` terminal event is swallowed while a
 *   retry remains, and the source is subscribed again after the wait; when no retry is left
 *   (or the wait would be too long) the event is emitted as usual;
 * - values (`predict`, `text`, or after `throwOnError()`): an RxJS error that is a
 *   `GpuQuotaError` is retried the same way, and rethrown when no retry is left.
 *
 * Every other event and error passes through untouched. Each retry is a new job: put this
 * operator before anything that accumulates the job's output.
 *
 * @example
 * ```ts
 * app.predict('/infer', [prompt]).pipe(retryOnGpuQuota({ maxRetries: 2, maxWaitMs: 60_000 }));
 * ```
 */
export function retryOnGpuQuota<T>(options: RetryOnGpuQuotaOptions = {}): MonoTypeOperatorFunction<T> {
  const { maxRetries = 1, maxWaitMs = 15 * 60_000, minDelayMs = 1000, scheduler = asyncScheduler } = options;

  /** The wait before a retry, or undefined when it would be longer than allowed. */
  const waitFor = (retryAfterMs: number | undefined): number | undefined => {
    const wait = Math.max(retryAfterMs ?? 0, minDelayMs);
    return wait <= maxWaitMs ? wait : undefined;
  };

  if (maxRetries <= 0) return (source) => source;
  return (source: Observable<T>) =>
    source.pipe(
      // A quota event is turned into an error so that `retry` resubscribes; when the retry
      // is refused, catchError below turns it back into the event.
      map((value) => {
        if (isQuotaEvent(value)) throw new QuotaEventFailure(value);
        return value;
      }),
      retry({
        count: maxRetries,
        delay: (error: unknown) => {
          const retryAfterMs =
            error instanceof QuotaEventFailure
              ? (error.event.retryAfterMs ?? error.event.error?.retryAfterMs)
              : isGpuQuotaError(error)
                ? error.retryAfterMs
                : undefined;
          const wait = error instanceof QuotaEventFailure || isGpuQuotaError(error) ? waitFor(retryAfterMs) : undefined;
          return wait === undefined ? throwError(() => error) : timer(wait, scheduler);
        },
      }),
      catchError((error: unknown) =>
        error instanceof QuotaEventFailure ? of(error.event as T) : throwError(() => error),
      ),
    );
}

/** Carries a `gpu-quota-error` event through `retry`; never leaves this operator. */
class QuotaEventFailure {
  constructor(readonly event: GpuQuotaErrorEvent) {}
}

function isQuotaEvent(value: unknown): value is GpuQuotaErrorEvent {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'gpu-quota-error';
}
