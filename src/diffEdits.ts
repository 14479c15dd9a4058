/**
 * Gradio's streaming diffs (§6.6 of the protocol spec), applied without mutation.
 *
 * After the first `process_generating` message of an event, sse_v2+ servers send, per output,
 * a list of edits `[op, path, value]` that turn the previous full value into the new one.
 * Earlier values may already be in a subscriber's hands, so nothing is edited in place: each
 * edit copies only the containers on its path, and untouched siblings keep their identity.
 *
 * This is the general applier, every op and edge case with its error texts. The job pipeline
 * does not import it: its tracker (outputTracker.ts) applies text appended at the root of an
 * output itself, and loads this module with the first other edit (src/lazy.ts). diff.ts builds
 * the `applyDiffs` operator's step on it.
 */
import { GradioError, isGradioError } from './errors.js';
import type { DiffOp } from './protocol.js';

type Container = unknown[] | Record<string, unknown>;
type PathKey = string | number;

/** Applies one output's edit list to its previous full value: see the public `applyDiff` (publicHelpers.ts), which calls it. */
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

/**
 * Each output's edit list applied to its previous value (an output beyond them starts from
 * `null`): the step of outputTracker.ts's tracker for edits other than streamed text.
 *
 * @throws GradioError of type `'protocol'` (naming `eventId` when given) when an edit cannot be applied.
 */
export function applyEditLists(previous: unknown[], edits: DiffOp[][], eventId: string | undefined): unknown[] {
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
