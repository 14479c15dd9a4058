/**
 * Gradio's streaming diffs (§6.6 of the protocol spec), applied without mutation.
 *
 * After the first `process_generating` message of an event, sse_v2+ servers send, per output,
 * a list of edits `[op, path, value]` that turn the previous full value into the new one.
 * Earlier values may already be in a subscriber's hands, so nothing is edited in place: each
 * edit copies only the containers on its path, and untouched siblings keep their identity.
 */
import { GradioError } from './errors.js';
import type { DiffOp } from './protocol.js';

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
  if (!Array.isArray(ops)) {
    throw protocolError(`expected a list of diff edits, got ${describe(ops)}`);
  }
  // Containers created during this call: nobody else can hold them, so later edits of the
  // same call may change them in place instead of copying them again. Created on the first
  // copy only: streamed text (appends at the root) never needs it.
  const copies: Copies = { owned: undefined };
  let result = value;
  for (const op of ops) result = applyEdit(result, op, copies);
  return result;
}

interface Copies {
  owned: WeakSet<object> | undefined;
}

/**
 * Why an edit cannot be applied, thrown by the helpers below and turned into the protocol
 * error by `applyEdit`, which knows the edit: so the helpers need no per-edit closure.
 */
class EditFailure {
  constructor(readonly why: string) {}
}

function fail(why: string): never {
  throw new EditFailure(why);
}

function applyEdit(root: unknown, edit: unknown, copies: Copies): unknown {
  if (!Array.isArray(edit) || typeof edit[0] !== 'string' || !Array.isArray(edit[1])) {
    throw protocolError(`malformed diff edit ${describe(edit)}: expected [op, path, value]`);
  }
  const op = edit[0] as string;
  const path = edit[1] as PathKey[];
  const value: unknown = edit[2];
  // The streaming-text case first: an append at the root of a string output.
  if (path.length === 0 && op === 'append' && typeof root === 'string' && typeof value === 'string') return root + value;
  try {
    return editAt(root, op, path, value, copies);
  } catch (error) {
    if (error instanceof EditFailure) {
      throw protocolError(`cannot apply diff edit "${op}" at ${JSON.stringify(path)}: ${error.why}`);
    }
    throw error;
  }
}

function editAt(root: unknown, op: string, path: PathKey[], value: unknown, copies: Copies): unknown {
  if (path.length === 0) {
    if (op === 'replace') return value;
    if (op === 'append') return appendText(root, value);
    if (op === 'add' || op === 'delete') return fail('this op needs a non-empty path');
    return fail('unknown op');
  }
  if (op !== 'replace' && op !== 'append' && op !== 'add' && op !== 'delete') {
    return fail('unknown op');
  }

  const newRoot = ownedCopy(root, copies);
  let parent = newRoot;
  for (let depth = 0; depth < path.length - 1; depth++) {
    const key = path[depth] as PathKey;
    const child = ownedCopy(readChild(parent, key), copies);
    writeChild(parent, key, child);
    parent = child;
  }

  const key = path[path.length - 1] as PathKey;
  switch (op) {
    case 'replace':
      readChild(parent, key); // only an existing index or key can be replaced
      writeChild(parent, key, value);
      break;
    case 'append':
      writeChild(parent, key, appendText(readChild(parent, key), value));
      break;
    case 'add':
      if (Array.isArray(parent)) {
        parent.splice(listIndex(parent, key, parent.length), 0, value);
      } else {
        writeChild(parent, dictKey(key), value);
      }
      break;
    case 'delete':
      if (Array.isArray(parent)) {
        parent.splice(listIndex(parent, key, parent.length - 1), 1);
      } else {
        readChild(parent, key);
        delete parent[key as string];
      }
      break;
  }
  return newRoot;
}

function appendText(target: unknown, suffix: unknown): string {
  if (typeof target !== 'string') return fail(`the target is ${describe(target)}, not a string`);
  if (typeof suffix !== 'string') return fail(`the appended value is ${describe(suffix)}, not a string`);
  return target + suffix;
}

/** The container itself if this call created it, else a shallow copy that this call owns. */
function ownedCopy(value: unknown, copies: Copies): Container {
  if (Array.isArray(value)) {
    if (copies.owned?.has(value)) return value;
    const copy = value.slice();
    (copies.owned ??= new WeakSet()).add(copy);
    return copy;
  }
  if (isDict(value)) {
    if (copies.owned?.has(value)) return value;
    // Object.assign is much faster than a spread on objects from JSON.parse (see applyDiffs),
    // but assigns: a "__proto__" key would reach the prototype setter. Spread copies own keys
    // as data properties, "__proto__" included, so such a dict is spread.
    const copy = Object.hasOwn(value, '__proto__') ? { ...value } : Object.assign({}, value);
    (copies.owned ??= new WeakSet()).add(copy);
    return copy;
  }
  return fail(`the path goes through ${describe(value)}, which is neither a list nor a dict`);
}

/** Reads an existing child; a missing index or key makes the path impossible. */
function readChild(parent: Container, key: PathKey): unknown {
  if (Array.isArray(parent)) return parent[listIndex(parent, key, parent.length - 1)];
  const name = dictKey(key);
  // Object.hasOwn, not `in`: a key like "toString" must not resolve to the prototype.
  if (!Object.hasOwn(parent, name)) return fail(`the dict has no key ${JSON.stringify(name)}`);
  return parent[name];
}

/**
 * Sets a child on a container this call owns. A "__proto__" key (legal in JSON) is defined,
 * not assigned, so it stays data and never reaches the prototype setter.
 */
function writeChild(parent: Container, key: PathKey, value: unknown): void {
  if (Array.isArray(parent)) {
    parent[key as number] = value;
  } else if (key === '__proto__') {
    Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    parent[key as string] = value;
  }
}

function listIndex(list: unknown[], key: PathKey, max: number): number {
  if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key > max) {
    return fail(`${JSON.stringify(key)} is not an index of a list of length ${list.length}`);
  }
  return key;
}

function dictKey(key: PathKey): string {
  return typeof key === 'string' ? key : fail(`${JSON.stringify(key)} is not a key of a dict`);
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
