import { defer, map } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { applyDiff } from '../diff.js';
import { GradioError, isGradioError } from '../errors.js';
import type { DiffOp, ProcessGeneratingMessage, QueueMessage } from '../protocol.js';

/** Options of {@link applyDiffs}. */
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
   * as the ones a session stream has just parsed: it saves two objects per streamed token,
   * which shows in the CPU time and peak heap of long streams (bench/, scenarios i and ii).
   * @default false
   */
  inPlace?: boolean;
}

/**
 * A `process_generating` message after {@link applyDiffs}: `output.data` holds full values,
 * and `edits` holds the edit lists the server sent, one per output (`[]` = unchanged). No
 * `edits` when the message carried full values (the first one of an event).
 */
export type AppliedGeneratingMessage = ProcessGeneratingMessage & { edits?: DiffOp[][] };

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

/**
 * What {@link applyDiffs} does to each message, as a plain function with its own state (the
 * last full values per event): for an operator that handles a job's messages in one step
 * instead of a chain of operators. Throws where `applyDiffs` errors.
 *
 * @example
 * ```ts
 * const apply = createDiffApplier({ diffs: job.diffs }); // one per job subscription
 * stream.listen(job.eventId).subscribe((message) => handle(apply(message)));
 * ```
 */
export function createDiffApplier(options: ApplyDiffsOptions = {}): (message: QueueMessage) => QueueMessage {
  if (options.diffs === false) return (message) => message;
  const outputsByEvent = new Map<string | null, unknown[]>();
  const inPlace = options.inPlace ?? false;
  return (message) => applyTo(message, outputsByEvent, inPlace);
}

function applyTo(message: QueueMessage, outputsByEvent: Map<string | null, unknown[]>, inPlace: boolean): QueueMessage {
  switch (message.msg) {
    case 'process_generating':
      break;
    case 'process_completed':
      outputsByEvent.delete(message.event_id);
      return message;
    case 'unexpected_error':
      // A stream-level failure ends every pending event of the session (§6.3): none of
      // them will send another diff.
      if (message.event_id === null) outputsByEvent.clear();
      else outputsByEvent.delete(message.event_id);
      return message;
    default:
      return message;
  }

  const data = message.output?.data;
  if (!Array.isArray(data)) {
    throw new GradioError({
      type: 'protocol',
      message: 'Invalid process_generating message from the server: output.data is not a list',
      ...(message.event_id === null ? {} : { eventId: message.event_id }),
    });
  }
  const previous = outputsByEvent.get(message.event_id);
  if (previous === undefined) {
    // The first generating message of an event carries full values; nothing mutates them,
    // so they can be kept without a copy.
    outputsByEvent.set(message.event_id, data);
    return message;
  }

  const edits = data as DiffOp[][];
  const full: unknown[] = [];
  try {
    for (let output = 0; output < edits.length; output++) full.push(applyDiff(previous[output] ?? null, edits[output]!));
  } catch (error) {
    throw withEventId(error, message.event_id);
  }
  outputsByEvent.set(message.event_id, full);
  if (inPlace) {
    message.output.data = full;
    (message as AppliedGeneratingMessage).edits = edits;
    return message;
  }
  const output = shallowCopy(message.output);
  output.data = full;
  const applied = shallowCopy(message) as AppliedGeneratingMessage;
  applied.output = output;
  applied.edits = edits;
  return applied;
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

/** The same protocol error, now saying which event it belongs to. */
function withEventId(error: unknown, eventId: string | null): unknown {
  if (!isGradioError(error) || eventId === null) return error;
  return new GradioError({ type: error.type, message: error.message, eventId, cause: error });
}
