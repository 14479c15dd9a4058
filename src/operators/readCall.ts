import { mergeMap, Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import { stopJob } from '../cancel.js';
import { type AppContext, contextOf } from '../context.js';
import { GradioError, isGradioError } from '../errors.js';
import type { GradioEvent } from '../events.js';
import { callEvent, type CallFailure, type Failure } from '../jobEvents.js';
import type { CallJob } from '../jobs.js';
import { appErrors, withModule } from '../lazy.js';
import { OrderedMapper } from '../orderedMapper.js';
import { IdleWatchdog } from '../transport/idleWatchdog.js';
import { readEventStream } from '../transport/sse.js';
import { jobOutput } from './jobOutput.js';

/**
 * Follows jobs started by `callEndpoint`: reads `GET {prefix}/call/{api_name}/{event_id}` and
 * emits `generating` events and one terminal event. Server and network failures become a
 * terminal `error` event, never an RxJS error. Unsubscribing before the end aborts the stream
 * and POSTs `{prefix}/cancel` for the job (`{prefix}/reset` before Gradio 4.31).
 *
 * @param apiName unused: the job knows its api name (kept for symmetry with `callEndpoint`).
 */
export function readCall(app: object, apiName?: string): OperatorFunction<CallJob, GradioEvent> {
  void apiName;
  const context = contextOf(app);
  return mergeMap((job) => new Observable<GradioEvent>((subscriber) => followCallJob(context, job, subscriber)));
}

/**
 * What `readCall` does for one job, writing to `events` directly (see `followQueueJob`).
 * Returns the teardown (aborts the stream and cancels the job unless it finished).
 */
export function followCallJob(context: AppContext, job: CallJob, events: Subscriber<GradioEvent>): () => void {
  const controller = new AbortController();
  const output = jobOutput(events, job);
  // An error event needs code loaded on first use: its step returns a promise, and the
  // mapper keeps the events behind it in order (and the stream's own failures too).
  const mapper = new OrderedMapper<string, GradioEvent, string | undefined>(
    (data, name) => callEvent(name, data, job.eventId, job.endpoint, callErrorLater),
    output.emit,
    output.fail,
    isLastEvent,
  );
  const url = `${job.prefixUrl}/call/${job.apiName}/${job.eventId}`;
  const watchdog = new IdleWatchdog(context.idleTimeoutMs, () => {
    mapper.error(new GradioError({ type: 'timeout', message: `GET ${job.prefixUrl}/call/${job.apiName}: no data or heartbeat for ${context.idleTimeoutMs} ms` }));
    controller.abort();
  });
  watchdog.start();
  context.http
    .openStream(url, { signal: controller.signal, endpoint: job.endpoint })
    .then((response) =>
      readEventStream(
        response.body!,
        (data, name) => mapper.next(data, name),
        { signal: controller.signal, onBytes: () => watchdog.touch() },
      ),
    )
    .then(
      () => mapper.error(new GradioError({ type: 'network', message: `GET ${job.prefixUrl}/call/${job.apiName}: the stream ended before the job completed` })),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // A body that breaks mid-stream rejects with the runtime's own error ("terminated").
        mapper.error(
          isGradioError(error)
            ? error
            : new GradioError({ type: 'network', message: `GET ${job.prefixUrl}/call/${job.apiName}: the stream broke`, endpoint: job.endpoint, eventId: job.eventId, cause: error }),
        );
      },
    )
    .finally(() => watchdog.stop());
  return () => {
    mapper.stop();
    watchdog.stop();
    controller.abort();
    // A complete or error event that came while its event was being made ended the job too.
    if (!output.finished && !mapper.ended) stopJob(context.http, job);
  };
}

const isLastEvent = (_data: string, name: string | undefined): boolean => name === 'complete' || name === 'error';

/** appError.ts's `callError`, loaded with the first failed job. */
const callErrorLater: CallFailure<Failure> = (value, eventId, endpoint) => withModule(appErrors, (loaded) => loaded.callError(value, eventId, endpoint));
