import { mergeMap, Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import { stopJob } from '../cancel.js';
import { type AppContext, contextOf } from '../context.js';
import type { GradioEvent } from '../events.js';
import type { QueueJob } from '../jobs.js';
import { type AppFailure, type Failure, generatingEvent, queueEvent } from '../jobEvents.js';
import { appErrors, withModule } from '../lazy.js';
import { type Mapped, OrderedMapper } from '../orderedMapper.js';
import { createOutputTracker } from '../outputTracker.js';
import type { DiffOp, QueueMessage } from '../protocol.js';
import { jobOutput } from './jobOutput.js';

/**
 * Follows jobs joined by `joinQueue` on their session's shared `/queue/data` stream, emitting
 * their events with diffs applied, then exactly one terminal event. Failures of the stream
 * (dropped connection, lost session, idle timeout) become a terminal `error` event.
 *
 * Unsubscribing before the end POSTs `{prefix}/cancel` for the job (`{prefix}/reset` before
 * Gradio 4.31; in a pinned session where a sibling of the same endpoint runs, a `/cancel` would
 * stop it too, so the job is only detached); other jobs on the stream go on.
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
  const { endpoint, eventId } = job;
  // One step per message instead of an operator chain: this runs for every token. A
  // generating event is built from the full outputs directly, leaving the message untouched.
  const fullOutputs = job.diffs ? createOutputTracker(eventId) : undefined;
  const output = jobOutput(events, job);
  // A failed completion and a diff that is not streamed text may need code loaded on first
  // use: their step returns a promise, and the mapper keeps the messages behind it in order.
  const step = (message: QueueMessage): Mapped<GradioEvent> => {
    if (fullOutputs === undefined || message.msg !== 'process_generating') return queueEvent(message, endpoint, appErrorLater);
    const edits = message.output?.data;
    const data = fullOutputs(edits);
    // The outputs, or their promise while diffEdits.ts loads. The event is built here rather
    // than by generatingEvent(): a call per token costs in a fresh process (see OrderedMapper).
    if (!Array.isArray(data)) return data.then((full) => generatingEvent(eventId, full, edits as DiffOp[][]));
    return data === edits ? { type: 'generating', eventId, data } : { type: 'generating', eventId, data, edits: edits as DiffOp[][] };
  };
  // A completion that comes while an event is being made ends the job on the server: stop
  // listening at once, as on a completion mapped at once (teardown), or the session stream
  // would be kept open (and reopened) for a job that has nothing more to say.
  let stopListening: (() => void) | undefined;
  const mapper = new OrderedMapper(step, output.emit, output.fail, isLastMessage, () => stopListening?.());
  stopListening = stream.follow(eventId, mapper);
  // The messages that came before the join's answer, handed over by follow(), may have ended it.
  if (mapper.ended) stopListening();
  return () => {
    mapper.stop();
    stopListening!();
    if (output.finished || mapper.ended) stream.retire(eventId);
    else stopJob(context.http, job);
    job.lease.release();
  };
}

const isLastMessage = (message: QueueMessage): boolean => message.msg === 'process_completed';

/** appError.ts's `appErrorFromOutput`, loaded with the first failed job. */
const appErrorLater: AppFailure<Failure> = (output, title, context) => withModule(appErrors, (loaded) => loaded.appErrorFromOutput(output, title, context));
