/**
 * Telling the server to stop a job (§7 of the protocol spec).
 */
import type { CancelBody, GradioConfig, ResetBody } from './protocol.js';
import type { Job } from './jobs.js';
import type { Http } from './transport/http.js';

/**
 * Cancels still on their way, per session (the pool's session object) and fn_index. Gradio's
 * `/cancel` stops every running job of that fn_index in the session (§7.2), so a job that
 * joined the same session before a cancel lands would be stopped with it, silently.
 */
const cancelsInFlight = /*#__PURE__*/ new WeakMap<object, Map<number, Promise<void>>>();

/**
 * Whether the server stops a job through `/reset` rather than `/cancel`: Gradio before 4.31
 * has no `/cancel` (§1; the Python client makes the same choice from the version). Its
 * `/reset {event_id}` stops that one event once its generator has started: a queued event or a
 * plain function runs on, as it did for every client of those versions. A version this
 * cannot read is taken for a current one.
 */
export function stopsThroughReset(config: GradioConfig): boolean {
  // Read by hand: a regular expression is compiled on its first use, inside the first job.
  const version = typeof config.version === 'string' ? config.version : '';
  const dot = version.indexOf('.');
  const major = dot > 0 ? Number(version.slice(0, dot)) : Number.NaN;
  const minor = Number.parseInt(version.slice(dot + 1), 10);
  return major < 4 || (major === 4 && minor < 31);
}

/**
 * Stops a job that has not finished. Fire-and-forget, `keepalive`, with the app's headers.
 *
 * For a queue job in a session where another job of the same endpoint still runs (a pinned
 * session), nothing is sent: Gradio's `/cancel` would stop that sibling too. The job is only
 * detached, and the server finishes it. For a `/call` job the session is the event itself.
 * Before Gradio 4.31 the job is stopped through `/reset`, which names the event alone, so a
 * sibling is never in the way.
 */
export function stopJob(http: Http, job: Job): void {
  if (job.kind === 'queue') job.lease.session.stream.retire(job.eventId);
  if (job.stopsThroughReset) {
    const body: ResetBody = { event_id: job.eventId };
    void http.post(`${job.prefixUrl}/reset`, body);
    return;
  }
  if (job.kind === 'queue' && job.lease.hasSibling()) return;
  const body: CancelBody = {
    event_id: job.eventId,
    session_hash: job.kind === 'queue' ? job.sessionHash : job.eventId,
    fn_index: job.fnIndex,
  };
  const sent = http.post(`${job.prefixUrl}/cancel`, body);
  if (job.kind === 'queue') track(job.lease.session, job.fnIndex, sent);
}

/**
 * Resolves once every cancel sent for `fnIndex` in `session` has been answered (or failed);
 * undefined when none is on its way. A join into that session waits for it, so that a late
 * cancel cannot stop the new job.
 */
export function cancelsSettled(session: object, fnIndex: number): Promise<void> | undefined {
  return cancelsInFlight.get(session)?.get(fnIndex);
}

function track(session: object, fnIndex: number, sent: Promise<void>): void {
  let bySession = cancelsInFlight.get(session);
  if (bySession === undefined) {
    bySession = new Map();
    cancelsInFlight.set(session, bySession);
  }
  const previous = bySession.get(fnIndex);
  const all: Promise<void> = (previous === undefined ? sent : Promise.all([previous, sent])).then(() => {
    if (bySession.get(fnIndex) === all) bySession.delete(fnIndex);
  });
  bySession.set(fnIndex, all);
}
