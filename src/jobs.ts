/**
 * The handles that flow between the step operators of a pipeline: a job the server accepted.
 */
import type { SessionLease } from './sessionPool.js';

/** A job joined to the queue (`joinQueue` → `readQueue`). Read it or cancel it: it holds a session slot. */
export interface QueueJob {
  readonly kind: 'queue';
  readonly eventId: string;
  readonly sessionHash: string;
  readonly fnIndex: number;
  /** `/chat` or `fn_index 3`. */
  readonly endpoint: string;
  /** `{root}{api_prefix}` of the app. */
  readonly prefixUrl: string;
  /** Whether `process_generating` messages carry diffs after the first one (sse_v2 and later). */
  readonly diffs: boolean;
  /** @internal */
  readonly lease: SessionLease;
}

/** A job started through the `/call/{api_name}` API (`callEndpoint` → `readCall`). */
export interface CallJob {
  readonly kind: 'call';
  readonly eventId: string;
  readonly apiName: string;
  readonly fnIndex: number;
  readonly endpoint: string;
  readonly prefixUrl: string;
}

export type Job = QueueJob | CallJob;
