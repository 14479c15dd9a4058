/**
 * The full output values of one event across its `process_generating` messages (§6.6), as the
 * job's own reader (`readQueue`) needs them. Text appended at the root of a string output —
 * what a plain text app streams — is applied here; any other edit (chat apps append at nested
 * paths, and add, replace or delete when a message starts) goes to the general applier of
 * diffEdits.ts, loaded with the first such edit (src/lazy.ts).
 */
import { appendedAt, rootPath } from './appendedText.js';
import { GradioError } from './errors.js';
import { diffs, withModule } from './lazy.js';
import { isPromise } from './orderedMapper.js';
import type { DiffOp } from './protocol.js';

/** Applies one edit list per output to the previous full values: diffEdits.ts's `applyEditLists`, or what loads it first. */
export type EditListsApplier<R> = (previous: unknown[], edits: DiffOp[][], eventId: string | undefined) => R;

/**
 * Give it each message's `output.data` (full values in the first message, one edit list per
 * output in the later ones), get back the full values — the very array given, for the first
 * message. The values come as a promise while diffEdits.ts loads (never for the first message
 * nor for text appended at the root): the caller must not give it the next message before
 * that promise settles (orderedMapper.ts sees to that).
 *
 * @param applyEditLists the general applier: by default the one of diffEdits.ts, loaded on
 *   first use; diff.ts passes it directly, which makes the tracker synchronous.
 * @throws GradioError of type `'protocol'` when `data` is not a list or an edit cannot be
 *   applied (a rejected promise when diffEdits.ts had to be loaded first).
 */
export function createOutputTracker(eventId?: string): (data: unknown) => unknown[] | Promise<unknown[]>;
export function createOutputTracker(eventId: string | undefined, applyEditLists: EditListsApplier<unknown[]>): (data: unknown) => unknown[];
export function createOutputTracker(eventId?: string, applyEditLists: EditListsApplier<unknown[] | Promise<unknown[]>> = applyLater): (data: unknown) => unknown[] | Promise<unknown[]> {
  let outputs: unknown[] | undefined;
  return (data) => {
    if (!Array.isArray(data)) {
      throw new GradioError({ type: 'protocol', message: 'Invalid process_generating message from the server: output.data is not a list', eventId });
    }
    // Full values are kept without a copy: nothing mutates them.
    if (outputs === undefined) return (outputs = data);
    // The typical token of a text app: one output, one append at its root. Read here without a
    // call (textDeltas() has the same check): this runs for every token, and in a fresh process
    // before the JIT compiled anything; a shared helper measured 2.5% more CPU per event.
    if (data.length === 1 && outputs.length === 1) {
      const ops: unknown = data[0];
      const op: unknown = Array.isArray(ops) && ops.length === 1 ? ops[0] : undefined;
      const text = outputs[0];
      if (Array.isArray(op) && op[0] === 'append' && typeof op[2] === 'string' && Array.isArray(op[1]) && op[1].length === 0 && typeof text === 'string') {
        return (outputs = [text + op[2]]);
      }
    }
    const appended = appendedText(outputs, data);
    if (appended !== undefined) return (outputs = appended);
    const full = applyEditLists(outputs, data as DiffOp[][], eventId);
    return isPromise(full) ? full.then((loaded) => (outputs = loaded)) : (outputs = full);
  };
}

const applyLater: EditListsApplier<unknown[] | Promise<unknown[]>> = (previous, edits, eventId) => withModule(diffs, (loaded) => loaded.applyEditLists(previous, edits, eventId));

/**
 * The new full values when every edit appends a string at the root of a string output (or an
 * output has no edits), else undefined: the same values as `applyDiff`, for streamed text.
 */
function appendedText(previous: unknown[], edits: unknown[]): unknown[] | undefined {
  // Sized up front: a push would give the array room for 17 values (about 150 bytes per token).
  const full = new Array<unknown>(edits.length);
  // Indexed loops and reads: see applyDiff.
  for (let output = 0; output < edits.length; output++) {
    const ops = edits[output];
    const value = previous[output] ?? null;
    if (Array.isArray(ops) && ops.length === 0) {
      full[output] = value;
      continue;
    }
    const appended = appendedAt(ops, rootPath);
    if (appended === undefined || typeof value !== 'string') return undefined;
    full[output] = value + appended;
  }
  return full;
}
