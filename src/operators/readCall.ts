import { defer, type OperatorFunction, switchMap } from 'rxjs';
import { contextOf } from '../context.js';
import type { GradioEvent } from '../events.js';
import type { CallJob } from '../jobs.js';
import { callRoute } from '../lazy.js';

/**
 * Follows jobs started by `callEndpoint`: reads `GET {prefix}/call/{api_name}/{event_id}` and
 * emits `generating` events and one terminal event. Server and network failures become a
 * terminal `error` event, never an RxJS error. Unsubscribing before the end aborts the stream
 * and POSTs `{prefix}/cancel` for the job.
 *
 * The route's code is loaded on first use (before the jobs are subscribed); if it cannot be
 * loaded, the result errors with a `network` `GradioError` (`app.call()` makes it the job's
 * terminal `error` event).
 *
 * @param apiName unused: the job knows its api name (kept for symmetry with `callEndpoint`).
 */
export function readCall(app: object, apiName?: string): OperatorFunction<CallJob, GradioEvent> {
  void apiName;
  contextOf(app); // an object gradio() did not create fails here, at once
  return (jobs$) => defer(callRoute).pipe(switchMap(({ readCalls }) => jobs$.pipe(readCalls(app))));
}
