/**
 * From queue messages (diffs already applied) to `GradioEvent`s, synchronously. Pure.
 *
 * The mapping is jobEvents.ts's, with appError.ts's wording of failures imported here: for
 * tests and code off the typical path. The job follower (`readQueue`) loads that wording
 * with the first failure instead.
 */
import { appErrorFromOutput } from './appError.js';
import type { GradioEvent } from './events.js';
import { queueEvent } from './jobEvents.js';
import type { QueueMessage } from './protocol.js';

/** The event for one message of a job, or undefined for messages users need not see. */
export function queueMessageToEvent(message: QueueMessage, endpoint?: string): GradioEvent | undefined {
  return queueEvent(message, endpoint, appErrorFromOutput);
}
