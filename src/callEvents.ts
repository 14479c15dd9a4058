/**
 * From `/call` stream events (§5.2) to `GradioEvent`s, synchronously. Pure.
 *
 * The mapping is jobEvents.ts's, with appError.ts's wording of failures imported here: for
 * tests and code off the typical path. The job follower (`readCall`) loads that wording with
 * the first failure instead.
 */
import { callError } from './appError.js';
import type { GradioEvent } from './events.js';
import { callEvent } from './jobEvents.js';

/** The event for one `/call` SSE event, or undefined (heartbeats, unknown names). */
export function callEventToEvent(name: string | undefined, data: string, eventId: string, endpoint: string): GradioEvent | undefined {
  return callEvent(name, data, eventId, endpoint, callError);
}
