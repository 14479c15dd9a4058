import { concatMap, Observable, type OperatorFunction } from 'rxjs';
import { stopJob, stopsThroughReset } from '../cancel.js';
import { type AppContext, contextOf } from '../context.js';
import { resolveEndpoint } from '../endpoints.js';
import { GradioError } from '../errors.js';
import { assertSerializable, padInputs } from '../inputs.js';
import type { CallJob } from '../jobs.js';
import { toJobError } from '../jobError.js';

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
 */
export function callEndpoint(app: object, apiName: string, options: CallEndpointOptions = {}): OperatorFunction<unknown[], CallJob> {
  const context = contextOf(app);
  return concatMap((data) => startCallJob(context, apiName, options, data));
}

/** What `callEndpoint` does for one job's inputs (`app.call()` calls it without an operator around it). */
export function startCallJob(context: AppContext, apiName: string, options: CallEndpointOptions, data: unknown[]): Observable<CallJob> {
  const name = apiName.replace(/^\//, '');
  return new Observable<CallJob>((subscriber) => {
    let active = true;
    (async () => {
      const config = await context.configNow();
      const endpoint = resolveEndpoint(config, name);
      const inputs = padInputs(data, endpoint.dependency);
      assertSerializable(inputs, endpoint.label);
      if (!active) return;
      const prefixUrl = context.prefixUrl(config);
      const answer = await context.http.startJob<{ event_id?: unknown }>(`${prefixUrl}/call/${name}`, { data: inputs }, {
        endpoint: endpoint.label,
        headers: { ...options.headers, 'x-gradio-user': 'api' },
      });
      if (typeof answer?.event_id !== 'string') {
        throw new GradioError({ type: 'protocol', message: `POST ${prefixUrl}/call/${name}: the answer has no event_id`, endpoint: endpoint.label });
      }
      const job: CallJob = {
        kind: 'call',
        eventId: answer.event_id,
        apiName: name,
        fnIndex: endpoint.fnIndex,
        endpoint: endpoint.label,
        prefixUrl,
        stopsThroughReset: stopsThroughReset(config),
      };
      if (!active) return stopJob(context.http, job);
      subscriber.next(job);
      subscriber.complete();
    })().catch((error: unknown) => {
      if (active) subscriber.error(toJobError(error, { endpoint: `/${name}` }));
    });
    return () => {
      active = false;
    };
  });
}
