/**
 * The handles that flow between the step operators of a pipeline: a job the server accepted.
 */
import type { SessionLease } from './sessionPool.js';

/** A job joined to the queue (`joinQueue` → `readQueue`). Read it or cancel it: it holds a session slot. */
export interface QueueJob {
  /** Discriminant. */
  readonly kind: 'queue';
  /** The job's id on the server. */
  readonly eventId: string;
  /** The Gradio session the job runs in. */
  readonly sessionHash: string;
  /** The dependency (`fn_index`) that runs it. */
  readonly fnIndex: number;
  /** `/chat` or `fn_index 3`. */
  readonly endpoint: string;
  /** `{root}{api_prefix}` of the app. */
  readonly prefixUrl: string;
  /** Whether `process_generating` messages carry diffs after the first one (sse_v2 and later). */
  readonly diffs: boolean;
  /** @internal Gradio before 4.31 has no `/cancel`: the job is stopped through `/reset`. */
  readonly stopsThroughReset?: boolean;
  /** @internal */
  readonly lease: SessionLease;
}

/** A job started through the `/call/{api_name}` API (`callEndpoint` → `readCall`). */
export interface CallJob {
  /** Discriminant. */
  readonly kind: 'call';
  /** The id the POST returned, read back from `GET /call/{api_name}/{event_id}`. */
  readonly eventId: string;
  /** The api name, without its slash. */
  readonly apiName: string;
  /** The dependency (`fn_index`) that runs it. */
  readonly fnIndex: number;
  /** `/chat`: the label errors carry. */
  readonly endpoint: string;
  /** `{root}{api_prefix}` of the app. */
  readonly prefixUrl: string;
  /** @internal Gradio before 4.31 has no `/cancel`: the job is stopped through `/reset`. */
  readonly stopsThroughReset?: boolean;
}

/** A job the server accepted, through either API. */
export type Job = QueueJob | CallJob;
