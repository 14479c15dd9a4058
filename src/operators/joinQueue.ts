import { concatMap, Observable, type OperatorFunction } from 'rxjs';
import { cancelsSettled, stopJob, stopsThroughReset } from '../cancel.js';
import { type AppContext, contextOf } from '../context.js';
import { type Endpoint, resolveEndpoint } from '../endpoints.js';
import { GradioError } from '../errors.js';
import { assertSerializable, padInputs } from '../inputs.js';
import type { QueueJob } from '../jobs.js';
import { toJobError } from '../jobError.js';
import type { JoinBody } from '../protocol.js';
import type { SessionLease } from '../sessionPool.js';

/** Options of `joinQueue()`, `app.submit()` and `app.predict()`. */
export interface JoinQueueOptions {
  /**
   * The component id that fires the event (`EventData.target` on the server).
   * @default the dependency's first target, from `/config`
   */
  triggerId?: number | null;
  /** `event_data` of select/like-style events. @default null */
  eventData?: unknown;
  /**
   * Headers for this job's join request only (not its stream, not other jobs), e.g. the
   * ZeroGPU identity of the visitor a server relays: `{ headers: zeroGpuHeaders(request) }`.
   * They go to the app's origin only and never replace the token's header.
   * @example { headers: { 'x-ip-token': visitorToken } }
   */
  headers?: Record<string, string>;
}

/**
 * Joins the queue: `POST {prefix}/queue/join` with the inputs, in a session of the app's pool,
 * emitting the accepted job. Read it with `readQueue`.
 *
 * The endpoint is an api name (`'/chat'` or `'chat'`) resolved through `/config`, or an
 * fn_index. Unsubscribing while the join is in flight does not abort it: the job is cancelled
 * as soon as its event id arrives.
 */
export function joinQueue(app: object, endpoint: Endpoint, options: JoinQueueOptions = {}): OperatorFunction<unknown[], QueueJob> {
  const context = contextOf(app);
  return concatMap((data) => startQueueJob(context, endpoint, options, data));
}

/** What `joinQueue` does for one job's inputs (`app.submit()` calls it without an operator around it). */
export function startQueueJob(context: AppContext, endpoint: Endpoint, options: JoinQueueOptions, data: unknown[]): Observable<QueueJob> {
  return new Observable<QueueJob>((subscriber) => {
    let active = true;
    let lease: SessionLease | undefined;
    let endJoin: (() => void) | undefined;
    let label = typeof endpoint === 'number' ? `fn_index ${endpoint}` : `/${endpoint.replace(/^\//, '')}`;
    (async () => {
      const config = await context.configNow();
      const resolved = resolveEndpoint(config, endpoint);
      label = resolved.label;
      const inputs = padInputs(data, resolved.dependency);
      assertSerializable(inputs, label);
      if (!active) return;
      const prefixUrl = context.prefixUrl(config);
      lease = context.pool(config).acquire(resolved.fnIndex);
      endJoin = lease.session.stream.expectJoin();
      // A cancel of an earlier job of this endpoint in this session, still on its way, would
      // stop this job too if it landed after the join (§7.2): let it land first.
      const settling = cancelsSettled(lease.session, resolved.fnIndex);
      if (settling !== undefined) {
        await settling;
        if (!active) {
          lease.release();
          return;
        }
      }
      const body: JoinBody = {
        data: inputs,
        event_data: options.eventData ?? null,
        fn_index: resolved.fnIndex,
        trigger_id: options.triggerId !== undefined ? options.triggerId : resolved.triggerId,
        session_hash: lease.session.hash,
      };
      const answer = await context.http.startJob<{ event_id?: unknown }>(`${prefixUrl}/queue/join`, body, {
        endpoint: label,
        headers: { ...options.headers, 'x-gradio-user': 'api' },
      });
      if (typeof answer?.event_id !== 'string') {
        throw new GradioError({ type: 'protocol', message: `POST ${prefixUrl}/queue/join: the answer has no event_id`, endpoint: label });
      }
      const job: QueueJob = {
        kind: 'queue',
        eventId: answer.event_id,
        sessionHash: lease.session.hash,
        fnIndex: resolved.fnIndex,
        endpoint: label,
        prefixUrl,
        diffs: config.protocol !== 'sse_v1',
        stopsThroughReset: stopsThroughReset(config),
        lease,
      };
      if (!active) {
        stopJob(context.http, job);
        lease.release();
        return;
      }
      // readQueue subscribes synchronously inside next() and takes over the lease.
      subscriber.next(job);
      subscriber.complete();
    })()
      .catch((error: unknown) => {
        lease?.release();
        if (active) subscriber.error(toJobError(error, { endpoint: label }));
      })
      .finally(() => endJoin?.());
    return () => {
      active = false;
    };
  });
}
