/**
 * Gradio's streaming diffs (§6.6 of the protocol spec) applied to queue messages: the step of
 * the `applyDiffs` operator, on the general applier of diffEdits.ts.
 *
 * `createDiffApplier` (re-exported by the `applyDiffs` operator's module) lives here, free of
 * rxjs, so that code using it alone does not import the operator's module.
 */
import { applyEditLists } from './diffEdits.js';
import { createOutputTracker } from './outputTracker.js';
import type { DiffOp, ProcessGeneratingMessage, QueueMessage } from './protocol.js';

export { applyDiff } from './diffEdits.js';

/** Options of the `applyDiffs()` operator. */
export interface ApplyDiffsOptions {
  /**
   * Whether the server sends diffs after the first `process_generating` of an event: true
   * for sse_v2, sse_v2.1 and sse_v3; false for sse_v1 (and the older `sse`), whose
   * generating messages always carry full values and then pass through untouched.
   * @default true
   */
  diffs?: boolean;
  /**
   * Completes each diff message in place (its `output.data` becomes the full values, and
   * `edits` is added) instead of emitting a copy. Only for messages nobody else holds, such
   * as ones just parsed: it saves two objects per streamed token.
   * @default false
   */
  inPlace?: boolean;
}

/**
 * A `process_generating` message after `applyDiffs`: `output.data` holds full values,
 * and `edits` holds the edit lists the server sent, one per output (`[]` = unchanged). No
 * `edits` when the message carried full values (the first one of an event).
 */
export type AppliedGeneratingMessage = ProcessGeneratingMessage & { edits?: DiffOp[][] };

/**
 * What `applyDiffs` does to each message, as a plain function with its own state (the
 * last full values per event): for an operator that handles a job's messages in one step
 * instead of a chain of operators. Throws where `applyDiffs` errors.
 *
 * @example
 * ```ts
 * const apply = createDiffApplier({ diffs: config.protocol !== 'sse_v1' }); // one per subscription
 * messages$.pipe(map(apply));
 * ```
 */
export function createDiffApplier(options: ApplyDiffsOptions = {}): (message: QueueMessage) => QueueMessage {
  if (options.diffs === false) return (message) => message;
  const outputsByEvent = new Map<string | null, (data: unknown) => unknown[]>();
  return (message) => {
    const id = message.event_id;
    if (message.msg !== 'process_generating') {
      // A stream-level failure ends every pending event of the session (§6.3): none of them
      // will send another diff. A completion carries full values and ends its event.
      if (message.msg === 'unexpected_error' && id === null) outputsByEvent.clear();
      else if (message.msg === 'process_completed' || message.msg === 'unexpected_error') outputsByEvent.delete(id);
      return message;
    }
    let outputs = outputsByEvent.get(id);
    if (outputs === undefined) {
      outputs = createOutputTracker(id ?? undefined, applyEditLists);
      outputsByEvent.set(id, outputs);
    }
    const edits = message.output?.data;
    const full = outputs(edits);
    // The first generating message of an event carries full values: it passes as it is.
    if (full === edits) return message;
    const applied = (options.inPlace ? message : shallowCopy(message)) as AppliedGeneratingMessage;
    if (!options.inPlace) applied.output = shallowCopy(message.output);
    applied.output.data = full;
    applied.edits = edits as DiffOp[][];
    return applied;
  };
}

/**
 * A shallow copy of a parsed message. `Object.assign` rather than `{ ...value }`: on objects
 * fresh from `JSON.parse`, V8 clones with a spread through a slow path that measured over 1 µs
 * per streamed token (bench/, scenario i), about a quarter of the client's whole cost per event.
 * A `"__proto__"` key (legal in JSON) would reach the prototype setter through assignment, so
 * such a value is spread instead.
 */
function shallowCopy<T extends object>(value: T): T {
  return Object.hasOwn(value, '__proto__') ? { ...value } : Object.assign({}, value);
}
