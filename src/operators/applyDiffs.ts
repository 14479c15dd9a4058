import { defer, map } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { type ApplyDiffsOptions, createDiffApplier } from '../diff.js';
import type { QueueMessage } from '../protocol.js';

export { createDiffApplier } from '../diff.js';
export type { AppliedGeneratingMessage, ApplyDiffsOptions } from '../diff.js';

/**
 * Turns the diffs of `process_generating` messages (§6.6) back into full output values.
 *
 * Per subscription and per `event_id`, the first `process_generating` carries full values,
 * which are kept; each later one carries an edit list per output, applied to that output's
 * previous value (an output beyond the known ones starts from `null`). The message is
 * re-emitted as a copy with `output.data` = the full values and `edits` = the server's edit
 * lists. `process_completed` carries full values already and ends the event's state;
 * `process_streaming` (`connection: "stream"` endpoints) never carries diffs and passes
 * through, as does every other message. Incoming messages (unless `inPlace`) and earlier
 * values are never mutated (see `applyDiff`).
 *
 * Errors with a `GradioError` of type `'protocol'` when an edit cannot be applied.
 *
 * @example
 * ```ts
 * queueMessages$.pipe(applyDiffs({ diffs: config.protocol !== 'sse_v1' }))
 * ```
 */
export function applyDiffs(options: ApplyDiffsOptions = {}): MonoTypeOperatorFunction<QueueMessage> {
  if (options.diffs === false) return (source) => source;
  return (source) => defer(() => source.pipe(map(createDiffApplier(options))));
}
