/**
 * Streamed text in sse_v3 diffs (§6.6): a list of `["append", path, text]` edits at one place
 * of an output. The job's output tracker (path `[]`: text at the root of an output) and
 * `textDeltas()` (the followed text's path) read it for every token.
 */

/** The path of a whole output, where streamed text is appended (shared: paths are only read). */
export const rootPath: readonly (string | number)[] = [];

/** The text that `ops` append at `path`, or undefined unless appending there is all they do. */
export function appendedAt(ops: unknown, path: readonly unknown[]): string | undefined {
  if (!Array.isArray(ops)) return undefined;
  let text = '';
  // Indexed reads: this runs for every streamed token.
  for (let index = 0; index < ops.length; index++) {
    const op: unknown = ops[index];
    if (!Array.isArray(op) || op[0] !== 'append' || typeof op[2] !== 'string' || !samePath(op[1], path)) return undefined;
    text += op[2];
  }
  return text;
}

/** Whether `a` is a path with the same keys as `b`. */
export function samePath(a: unknown, b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
