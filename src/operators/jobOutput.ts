/**
 * Where a job's follower (`followQueueJob`, `followCallJob`) puts its events: every event in
 * order, then exactly one terminal event and the end; a failure becomes that terminal event.
 */
import type { Subscriber } from 'rxjs';
import { failureEvent, type GradioEvent, isTerminalEvent } from '../events.js';
import { toJobError } from '../jobError.js';

export interface JobOutput {
  /** Whether the terminal event went out (nothing is emitted after it). */
  readonly finished: boolean;
  /** Emits an event; a terminal one also completes. */
  emit(event: GradioEvent): void;
  /** Ends the job with the failure event of `error` (a `GradioError` with the job's endpoint and id). */
  fail(error: unknown): void;
}

export function jobOutput(events: Subscriber<GradioEvent>, job: { readonly endpoint: string; readonly eventId: string }): JobOutput {
  let finished = false;
  const emit = (event: GradioEvent): void => {
    if (finished) return;
    // Tokens first, without a call: this runs for every one.
    if (event.type === 'generating' || !isTerminalEvent(event)) {
      events.next(event);
      return;
    }
    finished = true;
    events.next(event);
    events.complete();
  };
  return {
    get finished() {
      return finished;
    },
    emit,
    fail: (error) => emit(failureEvent(toJobError(error, { endpoint: job.endpoint, eventId: job.eventId }), job.eventId)),
  };
}
