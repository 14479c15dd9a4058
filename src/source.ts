/**
 * From what the user passes to `gradio()` to the app's root URL. Pure.
 */
import { GradioError } from './errors.js';

/**
 * The root URL (no trailing slash) for an app reference:
 * - an `http(s)://` URL of a Gradio app (a path is kept: apps may be mounted below `/`);
 * - a Space host without scheme (`owner-space.hf.space`), https assumed;
 * - a Space id `owner/name`, mapped with Hugging Face's subdomain rule (lowercase, `.` and `_`
 *   become `-`: `Qwen/Qwen2.5` → `https://qwen-qwen2-5.hf.space`). Hugging Face shortens very
 *   long names differently: apps ask the hub (src/hub/), and use this rule only when the hub
 *   cannot be reached.
 */
export function resolveRoot(source: string | URL): string {
  const text = String(source).trim();
  if (isSpaceId(text)) {
    const subdomain = text.toLowerCase().replace(/[._/]/g, '-');
    return `https://${subdomain}.hf.space`;
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : /\.hf\.space(\/|$)/.test(text) ? `https://${text}` : text;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch (cause) {
    throw invalid(text, 'it is not a URL, a Space host or an "owner/space" id', cause);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(text, `the ${url.protocol} scheme is not supported`);
  if (url.username || url.password) throw invalid(text, 'credentials in the URL are not allowed: pass `token` instead');
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

/** Whether `text` is a Space id `owner/name` rather than a URL or a `*.hf.space` host. */
export function isSpaceId(text: string): boolean {
  return /^[\w.-]+\/[\w.-]+$/.test(text) && !text.includes('.hf.space');
}

/**
 * `text` with the credentials of a URL in it (`//user:password@`) shown as `//…@`: for
 * messages and names that must never echo them.
 */
export function redactCredentials(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//…@');
}

function invalid(text: string, reason: string, cause?: unknown): GradioError {
  const redacted = redactCredentials(text);
  const shown = redacted.length > 100 ? `${redacted.slice(0, 100)}…` : redacted;
  return new GradioError({ type: 'invalid-input', message: `Cannot use "${shown}" as a Gradio app: ${reason}`, cause });
}
