/**
 * The pure helpers index.ts exports from diffEdits.ts and quota.ts, declared here as functions
 * that call them.
 *
 * The job pipeline loads both modules on first use (src/lazy.ts: a diff that is not streamed
 * text, a failed job). esbuild puts in a bundle's first load every file that declares a
 * binding the entry re-exports, used or not, as soon as any chunk uses that file: re-exported
 * straight from those modules, they would load before the first call of every app, even for
 * `import { gradio }`. Declared here, they join the first load only when the app uses them.
 */
import { applyDiff as applyDiffNow } from './diffEdits.js';
import type { DiffOp } from './protocol.js';
import { cleanErrorMessage as clean, type GpuQuotaInfo, parseGpuQuota as parse } from './quota.js';

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
  return applyDiffNow(value, ops);
}

/**
 * Whether a failure is a ZeroGPU quota failure, and what can be read from it.
 *
 * `message` is the `gr.Error` text (`output.error` of a failed `process_completed`, or the
 * error object's `error` on the Gradio ≥ 6.13 call API); `title` is its title when the server
 * sent one. Quota when the title is "ZeroGPU quota exceeded" (unless the text is a
 * "No GPU was available…" queue timeout) or the text uses one of the quota wordings of §13.2.
 *
 * @returns what the text says (possibly `{}`), or `undefined` when it is not a quota failure.
 *   A missing text counts only with the quota title: the bare `data: null` error of the
 *   Gradio 5 call API is not classified as quota, since nothing says it is one (§13.3 step 6).
 *
 * @example
 * ```ts
 * parseGpuQuota(
 *   'You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 13:40:39.',
 *   'ZeroGPU quota exceeded',
 * ); // { requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 49_239_000, tier: 'free' }
 * ```
 */
export function parseGpuQuota(message: string | null | undefined, title?: string | null): GpuQuotaInfo | undefined {
  return parse(message, title);
}

/**
 * Cleans an error text for display and matching.
 *
 * Strips one level of Python-repr quotes (Gradio 4.x–5.1 send `gr.Error` messages as `'text'`
 * or `"text"`, §10.1), removes HTML tags but keeps their text, decodes the common HTML
 * entities, unwraps markdown links `[text](url)` to `text`, collapses whitespace and trims.
 *
 * @example
 * ```ts
 * cleanErrorMessage(`'Cannot divide by zero!'`); // 'Cannot divide by zero!'
 * cleanErrorMessage('Go <a href="https://huggingface.co/join">Create a free account</a> now');
 * // 'Go Create a free account now'
 * ```
 */
export function cleanErrorMessage(text: string): string {
  return clean(text);
}
