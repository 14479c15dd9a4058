import { catchError, filter, finalize, map, mergeMap, of, type OperatorFunction, takeWhile, tap } from 'rxjs';
import { stopJob } from '../cancel.js';
import { contextOf } from '../context.js';
import { failureEvent, type GradioEvent, isTerminalEvent } from '../events.js';
import type { QueueJob } from '../jobs.js';
import { toJobError } from '../jobError.js';
import { queueMessageToEvent } from '../queueEvents.js';
import { applyDiffs } from './applyDiffs.js';

/**
 * Follows jobs joined by `joinQueue` on their session's shared `/queue/data` stream, emitting
 * their events with diffs applied, then exactly one terminal event. Failures of the stream
 * (dropped connection, lost session, idle timeout) become a terminal `error` event.
 *
 * Unsubscribing before the end POSTs `{prefix}/cancel` for the job (or, in a pinned session
 * where a sibling of the same endpoint runs, only detaches it); other jobs on the stream go on.
 */
export function readQueue(app: object): OperatorFunction<QueueJob, GradioEvent> {
  const context = contextOf(app);
  return mergeMap((job) => {
    let finished = false;
    const stream = job.lease.session.stream;
    return stream.listen(job.eventId).pipe(
      applyDiffs({ diffs: job.diffs }),
      map((message) => queueMessageToEvent(message, job.endpoint)),
      filter((event): event is GradioEvent => event !== undefined),
      catchError((error: unknown) => of(failureEvent(toJobError(error, { endpoint: job.endpoint, eventId: job.eventId }), job.eventId))),
      takeWhile((event) => !isTerminalEvent(event), true),
      tap((event) => {
        if (isTerminalEvent(event)) finished = true;
      }),
      finalize(() => {
        if (finished) stream.retire(job.eventId);
        else stopJob(context.http, job);
        job.lease.release();
      }),
    );
  });
}
