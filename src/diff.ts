/**
 * Gradio's streaming diffs (§6.6 of the protocol spec), applied without mutation.
 *
 * After the first `process_generating` message of an event, sse_v2+ servers send, per output,
 * a list of edits `[op, path, value]` that turn the previous full value into the new one.
 * Earlier values may already be in a subscriber's hands, so nothing is edited in place: each
 * edit copies only the containers on its path, and untouched siblings keep their identity.
 *
 * `createDiffApplier` (re-exported by the `applyDiffs` operator's module) lives here, free of
 * rxjs, so that the job pipeline, which uses it alone, does not import the operator's module.
 */
import { GradioError, isGradioError } from './errors.js';
import type { DiffOp, ProcessGeneratingMessage, QueueMessage } from './protocol.js';

type Container = unknown[] | Record<string, unknown>;
type PathKey = string | number;

/**
 * Applies one output's edit list to its previous full value and returns the new full value.
 *
 * Ops (path = list indices and dict keys from the value's root; `[]` = the whole value):
 * - `replace`: set the value at `path` (at `[]`: the value becomes `value`);
 * - `append`: concatenate the string at `path` with `value`;
 * - `add`: insert into a list at index `path[-1]` (shifting), or set a dict key;
 * - `delete`: remove a list index or a dict key (consecutive deletes repeat the same index).
 *
 * The input is never mutated: the result shares every container that no edit touched, and
 * a container is copied at most once per call however many edits touch it, so the cost is
 * O(path depth + size of the edited containers), not a deep copy.
 *
 * @throws GradioError of type `'protocol'` for an unknown op, a malformed edit, or a path
 *   that does not exist in the value.
 * @example
 * ```ts
 * applyDiff([['Hi', 'Hel']], [['append', [0, 1], 'lo']]); // [['Hi', 'Hello']]
 * ```
 */
export function applyDiff(value: unknown, ops: DiffOp[]): unknown {
  if (!Array.isArray(ops)) throw protocolError(`expected a list of diff edits, got ${describe(ops)}`);
  owned = undefined;
  let result = value;
  // Indexed loops and reads, not `for…of` or destructuring: those go through the iterator
  // protocol, which a fresh process pays per token until the JIT has optimized this (about a
  // microsecond per token in bench/'s scenario i).
  for (let index = 0; index < ops.length; index++) {
    const edit = ops[index];
    if (!Array.isArray(edit) || typeof edit[0] !== 'string' || !Array.isArray(edit[1])) {
      throw protocolError(`malformed diff edit ${describe(edit)}: expected [op, path, value]`);
    }
    op = edit[0];
    path = edit[1] as PathKey[];
    const next: unknown = edit[2];
    // The streaming-text case first: an append at the root of a string output.
    result = path.length === 0 && op === 'append' && typeof result === 'string' && typeof next === 'string' ? result + next : editAt(result, next);
  }
  return result;
}

/*
 * The state of the `applyDiff` call under way (it is synchronous, so one at a time): the edit
 * being applied, which `fail` names in its error, and the containers created during the call.
 * Nobody else can hold those, so later edits of the same call may change them in place instead
 * of copying them again. Created on the first copy only: streamed text (appends at the root)
 * never needs it.
 */
let op = '';
let path: PathKey[] = [];
let owned: WeakSet<object> | undefined;

/** Why the current edit cannot be applied, as the protocol error that names the edit. */
function fail(why: string): never {
  throw protocolError(`cannot apply diff edit "${op}" at ${JSON.stringify(path)}: ${why}`);
}

function editAt(root: unknown, value: unknown): unknown {
  const known = op === 'replace' || op === 'append' || op === 'add' || op === 'delete';
  if (path.length === 0) {
    if (op === 'replace') return value;
    if (op === 'append') return appendText(root, value);
    return fail(known ? 'this op needs a non-empty path' : 'unknown op');
  }
  if (!known) return fail('unknown op');

  const newRoot = ownedCopy(root);
  let parent = newRoot;
  const last = path.length - 1;
  for (let depth = 0; depth < last; depth++) {
    const key = path[depth]!;
    const child = ownedCopy(readChild(parent, key));
    writeChild(parent, key, child);
    parent = child;
  }

  const key = path[last]!;
  if (op === 'add') {
    if (Array.isArray(parent)) parent.splice(listIndex(parent, key, parent.length), 0, value);
    else writeChild(parent, dictKey(key), value);
    return newRoot;
  }
  // Only an existing index or key can be replaced, appended to or deleted.
  const current = readChild(parent, key);
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else {
    writeChild(parent, key, op === 'append' ? appendText(current, value) : value);
  }
  return newRoot;
}

function appendText(target: unknown, suffix: unknown): string {
  if (typeof target !== 'string') return fail(`the target is ${describe(target)}, not a string`);
  if (typeof suffix !== 'string') return fail(`the appended value is ${describe(suffix)}, not a string`);
  return target + suffix;
}

/** The container itself if this call created it, else a shallow copy that this call owns. */
function ownedCopy(value: unknown): Container {
  if (typeof value !== 'object' || value === null) {
    return fail(`the path goes through ${describe(value)}, which is neither a list nor a dict`);
  }
  if (owned?.has(value)) return value as Container;
  // Object.assign is much faster than a spread on objects from JSON.parse (see applyDiffs),
  // but assigns: a "__proto__" key would reach the prototype setter. Spread copies own keys
  // as data properties, "__proto__" included, so such a dict is spread.
  const copy = (Array.isArray(value) ? value.slice() : Object.hasOwn(value, '__proto__') ? { ...value } : Object.assign({}, value)) as Container;
  (owned ??= new WeakSet()).add(copy);
  return copy;
}

/** Reads an existing child; a missing index or key makes the path impossible. */
function readChild(parent: Container, key: PathKey): unknown {
  if (Array.isArray(parent)) return parent[listIndex(parent, key, parent.length - 1)];
  const name = dictKey(key);
  // Object.hasOwn, not `in`: a key like "toString" must not resolve to the prototype.
  return Object.hasOwn(parent, name) ? parent[name] : fail(`the dict has no key ${JSON.stringify(name)}`);
}

/**
 * Sets a child on a container this call owns. A "__proto__" key (legal in JSON) is defined,
 * not assigned, so it stays data and never reaches the prototype setter.
 */
function writeChild(parent: Container, key: PathKey, value: unknown): void {
  if (key === '__proto__' && !Array.isArray(parent)) {
    Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    (parent as Record<PathKey, unknown>)[key] = value;
  }
}

function listIndex(list: unknown[], key: PathKey, max: number): number {
  return Number.isInteger(key) && (key as number) >= 0 && (key as number) <= max
    ? (key as number)
    : fail(`${JSON.stringify(key)} is not an index of a list of length ${list.length}`);
}

function dictKey(key: PathKey): string {
  return typeof key === 'string' ? key : fail(`${JSON.stringify(key)} is not a key of a dict`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a string';
  return typeof value === 'object' ? 'a dict' : `${typeof value} ${String(value)}`;
}

function protocolError(detail: string): GradioError {
  return new GradioError({ type: 'protocol', message: `Invalid streaming diff from the server: ${detail}` });
}

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
   * as the ones a session stream has just parsed: it saves two objects per streamed token,
   * which shows in the CPU time and peak heap of long streams (bench/, scenarios i and ii).
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
 * const apply = createDiffApplier({ diffs: job.diffs }); // one per job subscription
 * stream.follow(job.eventId, { next: (message) => handle(apply(message)), error: fail });
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
      outputs = createOutputTracker(id ?? undefined);
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
 * The full output values of one event across its `process_generating` messages: give it each
 * message's `output.data` (full values in the first message, one edit list per output in the
 * later ones), get back the full values — the very array given, for the first message. The
 * step `createDiffApplier` takes per message, without a message around it: a job's own reader
 * builds its events from it and leaves the parsed message untouched.
 *
 * @throws GradioError of type `'protocol'` when `data` is not a list or an edit cannot be applied.
 */
export function createOutputTracker(eventId?: string): (data: unknown) => unknown[] {
  let outputs: unknown[] | undefined;
  return (data) => {
    if (!Array.isArray(data)) {
      throw new GradioError({ type: 'protocol', message: 'Invalid process_generating message from the server: output.data is not a list', eventId });
    }
    // Full values are kept without a copy: nothing mutates them.
    outputs = outputs === undefined ? data : applyEditLists(outputs, data as DiffOp[][], eventId);
    return outputs;
  };
}

/** Each output's edit list applied to its previous value (an output beyond them starts from `null`). */
function applyEditLists(previous: unknown[], edits: DiffOp[][], eventId: string | undefined): unknown[] {
  // Sized up front: a push would give the array room for 17 values (about 150 bytes per token).
  const full = new Array<unknown>(edits.length);
  try {
    for (let output = 0; output < edits.length; output++) full[output] = applyDiff(previous[output] ?? null, edits[output]!);
  } catch (error) {
    // The same protocol error, now saying which event it belongs to.
    throw isGradioError(error) && eventId !== undefined ? new GradioError({ type: error.type, message: error.message, eventId, cause: error }) : error;
  }
  return full;
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
