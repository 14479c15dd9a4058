/**
 * The `/call/{api_name}` route (§5.2): starting a job with a POST and reading its event
 * stream. Loaded the first time an app uses it (src/lazy.ts): most apps only use the queue.
 * The operators `callEndpoint` and `readCall` load it and hand over to the functions here.
 */
import { concatMap, firstValueFrom, mergeMap, Observable, type OperatorFunction } from 'rxjs';
import { callEventToEvent } from './callEvents.js';
import { stopJob } from './cancel.js';
import { contextOf } from './context.js';
import { resolveEndpoint } from './endpoints.js';
import { GradioError, isGradioError } from './errors.js';
import { failureEvent, type GradioEvent, isTerminalEvent } from './events.js';
import { assertSerializable, padInputs } from './inputs.js';
import type { CallJob } from './jobs.js';
import { toJobError } from './jobError.js';
import type { CallEndpointOptions } from './operators/callEndpoint.js';
import { IdleWatchdog } from './transport/idleWatchdog.js';
import { readEventStream } from './transport/sse.js';

/** `callEndpoint`, once loaded. */
export function startCalls(app: object, apiName: string, options: CallEndpointOptions): OperatorFunction<unknown[], CallJob> {
  const context = contextOf(app);
  const name = apiName.replace(/^\//, '');
  return concatMap(
    (data) =>
      new Observable<CallJob>((subscriber) => {
        let active = true;
        (async () => {
          const config = await firstValueFrom(context.config$);
          const endpoint = resolveEndpoint(config, name);
          const inputs = padInputs(data, endpoint.dependency);
          assertSerializable(inputs, endpoint.label);
          if (!active) return;
          const prefixUrl = context.prefixUrl(config);
          const answer = await context.http.json<{ event_id?: unknown }>('POST', `${prefixUrl}/call/${name}`, { data: inputs }, {
            endpoint: endpoint.label,
            headers: { ...options.headers, 'x-gradio-user': 'api' },
          });
          if (typeof answer?.event_id !== 'string') {
            throw new GradioError({ type: 'protocol', message: `POST ${prefixUrl}/call/${name}: the answer has no event_id`, endpoint: endpoint.label });
          }
          const job: CallJob = { kind: 'call', eventId: answer.event_id, apiName: name, fnIndex: endpoint.fnIndex, endpoint: endpoint.label, prefixUrl };
          if (!active) return stopJob(context.http, job);
          subscriber.next(job);
          subscriber.complete();
        })().catch((error: unknown) => {
          if (active) subscriber.error(toJobError(error, { endpoint: `/${name}` }));
        });
        return () => {
          active = false;
        };
      }),
  );
}

/** `readCall`, once loaded. */
export function readCalls(app: object): OperatorFunction<CallJob, GradioEvent> {
  const context = contextOf(app);
  return mergeMap(
    (job) =>
      new Observable<GradioEvent>((subscriber) => {
        const controller = new AbortController();
        let finished = false;
        const finish = (event: GradioEvent) => {
          finished = true;
          subscriber.next(event);
          subscriber.complete();
        };
        const fail = (error: unknown) => {
          if (!finished) finish(failureEvent(toJobError(error, { endpoint: job.endpoint, eventId: job.eventId }), job.eventId));
        };
        const url = `${job.prefixUrl}/call/${job.apiName}/${job.eventId}`;
        const watchdog = new IdleWatchdog(context.idleTimeoutMs, () => {
          fail(new GradioError({ type: 'timeout', message: `GET ${job.prefixUrl}/call/${job.apiName}: no data or heartbeat for ${context.idleTimeoutMs} ms` }));
          controller.abort();
        });
        watchdog.start();
        context.http
          .openStream(url, { signal: controller.signal, endpoint: job.endpoint })
          .then((response) =>
            readEventStream(
              response.body!,
              (message) => {
                if (finished) return;
                const event = callEventToEvent(message.event, message.data, job.eventId, job.endpoint);
                if (event === undefined) return;
                if (isTerminalEvent(event)) finish(event);
                else subscriber.next(event);
              },
              { signal: controller.signal, onBytes: () => watchdog.touch() },
            ),
          )
          .then(
            () => fail(new GradioError({ type: 'network', message: `GET ${job.prefixUrl}/call/${job.apiName}: the stream ended before the job completed` })),
            (error: unknown) => {
              if (controller.signal.aborted) return;
              // A body that breaks mid-stream rejects with the runtime's own error ("terminated").
              fail(
                isGradioError(error)
                  ? error
                  : new GradioError({ type: 'network', message: `GET ${job.prefixUrl}/call/${job.apiName}: the stream broke`, endpoint: job.endpoint, eventId: job.eventId, cause: error }),
              );
            },
          )
          .finally(() => watchdog.stop());
        return () => {
          watchdog.stop();
          controller.abort();
          if (!finished) stopJob(context.http, job);
        };
      }),
  );
}
