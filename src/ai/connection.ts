/**
 * How a provider reaches its Spaces: what `createGradioProvider()` was given, shared by every
 * model it makes.
 */
import type { FetchLike } from '../spaces/types.js';

/**
 * Options of `createGradioProvider()`, shared by every model it makes.
 *
 * @example
 * ```ts
 * const spaces = createGradioProvider({ token: process.env.HF_TOKEN });
 * ```
 */
export interface GradioProviderOptions {
  /**
   * A Hugging Face token (`hf_…`) or any bearer token the Spaces expect. Sent to each Space's
   * own origin only, never to another host (not to an image URL the prompt names).
   */
  token?: string;
  /**
   * The fetch to use: a proxy-aware or instrumented fetch, or the fake server of
   * `gradio-rx/testing`. Image URLs of the prompt are fetched with it too.
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /**
   * The Hugging Face hub that finds the Spaces by id: the presets' Spaces, and the Space ids
   * (`owner/space`) given to `provider.chat`. Tests point it at a fake hub.
   * @default 'https://huggingface.co'
   */
  hubUrl?: string;
  /** Extra headers for every request to the Spaces (e.g. `X-IP-Token` for ZeroGPU). */
  headers?: Record<string, string>;
}
