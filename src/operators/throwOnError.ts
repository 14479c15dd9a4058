import { map } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import type { GradioEvent } from '../events.js';

/**
 * Re-emits a job's events, except that a terminal `error` or `gpu-quota-error` event becomes
 * an RxJS error carrying its `GradioError` (a `GpuQuotaError` for quota failures); the
 * source is then unsubscribed. This turns "one terminal event" streams into streams that
 * `retry({ delay })` and `catchError` understand.
 *
 * @example
 * ```ts
 * app.submit('/chat', ['Hi', []]).pipe(
 *   throwOnError(),
 *   catchError((error: GradioError) => of(fallback(error))),
 * );
 * ```
 */
export function throwOnError(): MonoTypeOperatorFunction<GradioEvent> {
  return (source) =>
    source.pipe(
      map((event) => {
        if (event.type === 'error' || event.type === 'gpu-quota-error') throw event.error;
        return event;
      }),
    );
}
