/**
 * How a provider reaches its Spaces: what `createGradioProvider()` was given.
 */
import type { FetchLike } from '../spaces/types.js';

/** The options of `createGradioProvider()`, shared by every model of the provider. */
export interface ProviderConnection {
  token?: string;
  fetch?: FetchLike;
  hubUrl?: string;
  headers?: Record<string, string>;
}
