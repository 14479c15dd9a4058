/**
 * What kind of app a `gradio()` source names: a Hugging Face Space by id, a Space by its
 * `*.hf.space` host, or any other Gradio root. Pure.
 */
import { isSpaceId, resolveRoot } from '../source.js';

/** A source, classified. `root` has no trailing slash. */
export type AppSource =
  /** `owner/name`: the hub tells its host. */
  | { kind: 'space-id'; id: string }
  /** `https://owner-name.hf.space`: a Space, whose id the hub tells when its status is needed. */
  | { kind: 'space-host'; root: string; subdomain: string }
  /** Any other Gradio root (self-hosted, a local server, a test server). */
  | { kind: 'url'; root: string };

const spaceHostSuffix = '.hf.space';

/** Classifies a source; throws the `invalid-input` error of `resolveRoot` for a bad one. */
export function classifySource(source: string | URL): AppSource {
  const text = String(source).trim();
  if (isSpaceId(text)) return { kind: 'space-id', id: text };
  const root = resolveRoot(text);
  const { hostname } = new URL(root);
  if (hostname.endsWith(spaceHostSuffix) && hostname.length > spaceHostSuffix.length) {
    return { kind: 'space-host', root, subdomain: hostname.slice(0, -spaceHostSuffix.length) };
  }
  return { kind: 'url', root };
}

/**
 * The host Hugging Face gives a Space by its documented rule (spec §3.1): lowercase
 * `owner-name` with `.` and `_` as `-`. Only a fallback for a hub that cannot be reached:
 * HF shortens long names its own way, so the hub's answer is the truth.
 */
export function subdomainRoot(id: string): string {
  return resolveRoot(id);
}
