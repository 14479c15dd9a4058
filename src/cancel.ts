/**
 * Telling the server to stop a job (§7 of the protocol spec).
 */
import type { CancelBody } from './protocol.js';
import type { Job } from './jobs.js';
import type { Http } from './transport/http.js';

/**
 * Stops a job that has not finished. Fire-and-forget, `keepalive`, with the app's headers.
 *
 * For a queue job in a session where another job of the same endpoint still runs (a pinned
 * session), nothing is sent: Gradio's `/cancel` would stop that sibling too. The job is only
 * detached, and the server finishes it. For a `/call` job the session is the event itself.
 */
export function stopJob(http: Http, job: Job): void {
  if (job.kind === 'queue') {
    job.lease.session.stream.retire(job.eventId);
    if (job.lease.hasSibling()) return;
  }
  const body: CancelBody = {
    event_id: job.eventId,
    session_hash: job.kind === 'queue' ? job.sessionHash : job.eventId,
    fn_index: job.fnIndex,
  };
  http.post(`${job.prefixUrl}/cancel`, body);
}
