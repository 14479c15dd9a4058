/**
 * Code that only some apps or rare paths need (Space lookup, named arguments, uploads, the
 * wording of HTTP errors and of failed jobs, the general diff applier) is loaded with a
 * dynamic `import()`: a bundler puts it in a chunk of its own, fetched the first time it is
 * used. Every such boundary goes through `lazy`.
 */
import { GradioError } from './errors.js';

/** A module loaded on first use (see {@link lazy}). */
export interface Lazy<T> {
  /** The module, loaded by the first call. */
  (): Promise<T>;
  /** The module once it has loaded: from then on, code may use it without waiting (see {@link withModule}). */
  loaded?: T;
}

/**
 * A memoized loader: `load` runs once, and every caller shares its promise. A failed load (a
 * browser gone offline) rejects with a `network` `GradioError` and is forgotten, so a later
 * call tries again.
 *
 * @param what the module, as named in the error message.
 */
export function lazy<T>(what: string, load: () => Promise<T>): Lazy<T> {
  let loading: Promise<T> | undefined;
  const get: Lazy<T> = () =>
    (loading ??= load().then(
      (module) => (get.loaded = module),
      (cause: unknown) => {
        loading = undefined;
        throw new GradioError({ type: 'network', message: `A module of gradio-rx (${what}) could not be loaded: check the connection and try again`, cause });
      },
    ));
  return get;
}

/**
 * `use` applied to a lazy module: at once when it has loaded (no promise, no microtask: for
 * code that runs per message), else once it has (a promise, rejected as {@link lazy} says).
 */
export function withModule<T, R>(module: Lazy<T>, use: (loaded: T) => R): R | Promise<R> {
  return module.loaded !== undefined ? use(module.loaded) : module().then(use);
}

/** The Hugging Face side (hub lookup, wake-up, stages): only apps given a Space id or host need it. */
export const hub = /*#__PURE__*/ lazy('Hugging Face Space support', () => import('./hub/hubSpace.js'));

/** Named arguments through `/info`: only jobs whose `data` is not an array need them. */
export const namedArguments = /*#__PURE__*/ lazy('named arguments', () => import('./namedArguments.js'));

/** File uploads: only inputs that hold a `Blob`/`File` need them. */
export const uploads = /*#__PURE__*/ lazy('file uploads', () => import('./uploads.js'));

/** The wording of failed or unusable answers (status, error bodies, `Retry-After`, a refused config): loaded with the first one. */
export const httpErrors = /*#__PURE__*/ lazy('HTTP error details', () => import('./httpError.js'));

/**
 * The wording of a failed job (the app's error, ZeroGPU quota texts, `/call` error events):
 * loaded with the first failure a job reports.
 */
export const appErrors = /*#__PURE__*/ lazy('app error details', () => import('./appError.js'));

/**
 * The general diff applier (nested paths, add and delete, its error texts): loaded with the
 * first streaming diff that is not text appended at the root of an output (chat apps).
 */
export const diffs = /*#__PURE__*/ lazy('streaming diffs', () => import('./diffEdits.js'));
