import { mergeMap, Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import { stopJob } from '../cancel.js';
import { type AppContext, contextOf } from '../context.js';
import { failureEvent, type GradioEvent, isTerminalEvent } from '../events.js';
import type { QueueJob } from '../jobs.js';
import { toJobError } from '../jobError.js';
import { generatingEvent, queueMessageToEvent } from '../queueEvents.js';
import { createOutputTracker } from '../diff.js';
import type { DiffOp } from '../protocol.js';

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
  return mergeMap((job) => new Observable<GradioEvent>((subscriber) => followQueueJob(context, job, subscriber)));
}

/**
 * What `readQueue` does for one job, writing to `events` directly: `app.submit()` calls it
 * without an operator in between, so that a token passes no subscriber but the user's own.
 * Returns the teardown (cancels the job unless it finished).
 */
export function followQueueJob(context: AppContext, job: QueueJob, events: Subscriber<GradioEvent>): () => void {
  const stream = job.lease.session.stream;
  // One step per message instead of an operator chain: this runs for every token. A
  // generating event is built from the full outputs directly, leaving the message untouched.
  const fullOutputs = job.diffs ? createOutputTracker(job.eventId) : undefined;
  let finished = false;
  const finish = (event: GradioEvent) => {
    finished = true;
    events.next(event);
    events.complete();
  };
  const fail = (error: unknown) => {
    if (!finished) finish(failureEvent(toJobError(error, { endpoint: job.endpoint, eventId: job.eventId }), job.eventId));
  };
  const stopListening = stream.follow(job.eventId, {
    next: (message) => {
      if (finished) return;
      let event: GradioEvent | undefined;
      try {
        if (fullOutputs !== undefined && message.msg === 'process_generating') {
          const edits = message.output?.data;
          const data = fullOutputs(edits);
          event = generatingEvent(job.eventId, data, data === edits ? undefined : (edits as DiffOp[][]));
        } else {
          event = queueMessageToEvent(message, job.endpoint);
        }
      } catch (error) {
        fail(error);
        return;
      }
      if (event === undefined) return;
      if (isTerminalEvent(event)) finish(event);
      else events.next(event);
    },
    error: fail,
  });
  return () => {
    stopListening();
    if (finished) stream.retire(job.eventId);
    else stopJob(context.http, job);
    job.lease.release();
  };
}
