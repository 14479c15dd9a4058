import { type MonoTypeOperatorFunction, tap } from 'rxjs';
import { stopJob } from '../cancel.js';
import { contextOf } from '../context.js';
import type { Job } from '../jobs.js';

/**
 * Asks the server to stop each job that passes (`POST {prefix}/cancel`, or `{prefix}/reset`
 * before Gradio 4.31; fire-and-forget, with the app's headers) and passes it on. Pipelines do
 * this by themselves on unsubscribe; use it to stop a job you hold on to, e.g. one whose events
 * you stopped reading.
 */
export function cancelJob<T extends Job>(app: object): MonoTypeOperatorFunction<T> {
  const context = contextOf(app);
  return tap((job) => stopJob(context.http, job));
}
