import { defer, type OperatorFunction, switchMap } from 'rxjs';
import { contextOf } from '../context.js';
import type { CallJob } from '../jobs.js';
import { callRoute } from '../lazy.js';

/** Options of `callEndpoint()` and `app.call()`. */
export interface CallEndpointOptions {
  /**
   * Headers for this job's `/call` POST only (not its stream, not other jobs), e.g. the
   * ZeroGPU identity of the visitor a server relays. To the app's origin only.
   * @example { headers: { 'x-ip-token': visitorToken } }
   */
  headers?: Record<string, string>;
}

/**
 * Starts a job through the `/call/{api_name}` API: `POST {prefix}/call/{api_name}` with the
 * inputs, emitting the accepted job (its `eventId`). Read it with `readCall`.
 *
 * Unsubscribing while the POST is in flight does not abort it: the server may already have
 * queued the job, so it is cancelled as soon as its event id arrives.
 *
 * The route's code is loaded on first use (before the inputs are subscribed); if it cannot be
 * loaded, the result errors with a `network` `GradioError`.
 */
export function callEndpoint(app: object, apiName: string, options: CallEndpointOptions = {}): OperatorFunction<unknown[], CallJob> {
  contextOf(app); // an object gradio() did not create fails here, at once
  return (inputs$) => defer(callRoute).pipe(switchMap(({ startCalls }) => inputs$.pipe(startCalls(app, apiName, options))));
}
