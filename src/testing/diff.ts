/**
 * The server side of streaming diffs (§6.6): how Gradio turns two successive full output values
 * into the edit list it sends in a later `process_generating` message.
 */
import type { DiffOp } from '../protocol.js';

type Path = (string | number)[];

/**
 * The edit operations that turn `before` into `after`, computed like Gradio's `utils.diff`
 * (§6.6). Equality is Python's `==`, so `true` → `1` and `1` → `1.0` give no edit.
 *
 * @example
 * diff('Hel', 'Hello'); // [['append', [], 'lo']]
 * diff(['a', 'b', 'c'], ['d']); // [['replace', [0], 'd'], ['delete', [1], null], ['delete', [1], null]]
 */
export function diff(before: unknown, after: unknown): DiffOp[] {
  const edits: DiffOp[] = [];
  compare(before, after, [], edits);
  return edits;
}

function compare(before: unknown, after: unknown, path: Path, edits: DiffOp[]): void {
  if (pythonEquals(before, after)) return;
  if (pythonType(before) !== pythonType(after)) {
    edits.push(['replace', path, after]);
    return;
  }
  if (typeof before === 'string' && typeof after === 'string' && after.startsWith(before)) {
    edits.push(['append', path, after.slice(before.length)]);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let index = 0; index < common; index += 1) {
      compare(before[index], after[index], [...path, index], edits);
    }
    // Each delete removes the element at `common`, so applying the edits in order leaves the
    // right elements: consecutive deletes repeat the same index (§6.6 example 4).
    for (let index = common; index < before.length; index += 1) {
      edits.push(['delete', [...path, common], null]);
    }
    for (let index = common; index < after.length; index += 1) {
      edits.push(['add', [...path, index], after[index]]);
    }
    return;
  }
  if (isDict(before) && isDict(after)) {
    for (const key of Object.keys(before)) {
      if (Object.hasOwn(after, key)) compare(before[key], after[key], [...path, key], edits);
      else edits.push(['delete', [...path, key], null]);
    }
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) edits.push(['add', [...path, key], after[key]]);
    }
    return;
  }
  edits.push(['replace', path, after]);
}

/**
 * Python's `==` on JSON values: numbers and booleans compare by value (`True == 1`), lists
 * element-wise, dicts by key set and values regardless of key order.
 */
export function pythonEquals(left: unknown, right: unknown): boolean {
  const leftNumber = asPythonNumber(left);
  const rightNumber = asPythonNumber(right);
  if (leftNumber !== undefined || rightNumber !== undefined) return leftNumber === rightNumber;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => pythonEquals(item, right[index]));
  }
  if (isDict(left) && isDict(right)) {
    const leftKeys = Object.keys(left);
    if (leftKeys.length !== Object.keys(right).length) return false;
    return leftKeys.every((key) => Object.hasOwn(right, key) && pythonEquals(left[key], right[key]));
  }
  return left === right || (left == null && right == null);
}

/** bool is an int subclass in Python: both compare as numbers. */
function asPythonNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** Python's `type()` of a JSON value; JS cannot tell int from float, so both are "number". */
function pythonType(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'dict' : typeof value;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
