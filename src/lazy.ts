/**
 * Code that only some apps or rare paths need (Space lookup, named arguments, uploads, the
 * wording of HTTP errors) is loaded with a dynamic `import()`: a bundler puts it in a chunk of
 * its own, fetched the first time it is used. Every such boundary goes through `lazy`.
 */
import { GradioError } from './errors.js';

/**
 * A memoized loader: `load` runs once, and every caller shares its promise. A failed load (a
 * browser gone offline) rejects with a `network` `GradioError` and is forgotten, so a later
 * call tries again.
 *
 * @param what the module, as named in the error message.
 */
export function lazy<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((cause: unknown) => {
      loading = undefined;
      throw new GradioError({ type: 'network', message: `A module of gradio-rx (${what}) could not be loaded: check the connection and try again`, cause });
    }));
}
