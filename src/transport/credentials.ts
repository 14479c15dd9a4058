/**
 * Where the token (and the app's own headers) may go, by origin. The HTTP edge asks this
 * table for every request and every redirect hop; an origin it does not list gets nothing.
 *
 * - the Hugging Face hub API: `Authorization: Bearer` (the hub reads it there);
 * - a Space's own host (`*.hf.space`, or the host the hub named): `X-HF-Authorization:
 *   Bearer`, which the Spaces proxy consumes and strips, so the Space's code never sees the
 *   token (plain `Authorization` would reach it; spec §9.1);
 * - a self-hosted Gradio root: `Authorization: Bearer`, the only header such a server reads.
 */

/** How an origin receives the token. */
export type TokenHeader = 'authorization' | 'x-hf-authorization';

interface Route {
  tokenHeader: TokenHeader;
  /** Whether the app's extra headers (`GradioOptions.headers`) go there too: the app's host only. */
  appHeaders: boolean;
}

/** Headers that carry a credential or an identity; removed from any request to an origin not listed. */
const credentialHeaders = ['authorization', 'x-hf-authorization', 'cookie', 'x-ip-token', 'x-zerogpu-token', 'x-zerogpu-uuid'];

/**
 * The origins a token (and the app's headers) may go to, and how each receives it; one table
 * per app handle, filled as its hosts become known (the hub, the Space's host, a root URL).
 */
export class CredentialRoutes {
  readonly #token: string | undefined;
  readonly #appHeaders: Record<string, string>;
  readonly #routes = new Map<string, Route>();
  /** The last URL asked about and its origin: a job's requests go to the same few URLs. */
  #lastUrl = '';
  #lastOrigin = '';

  constructor(token: string | undefined, appHeaders: Record<string, string> = {}) {
    this.#token = token;
    this.#appHeaders = headerRecord(appHeaders);
  }

  /** Lets `url`'s origin receive the token as `tokenHeader` (and, for the app's host, the app's headers). */
  allow(url: string, tokenHeader: TokenHeader, options: { appHeaders: boolean }): void {
    this.#routes.set(new URL(url).origin, { tokenHeader, appHeaders: options.appHeaders });
  }

  /**
   * Sets the credentials `url`'s origin may receive on `headers` (names in lower case, as
   * {@link headerRecord} makes them), and removes every credential header from a request to
   * any other origin (a redirect hop, a URL a server sent).
   */
  apply(url: string, headers: Record<string, string>): void {
    if (url !== this.#lastUrl) {
      this.#lastOrigin = new URL(url).origin;
      this.#lastUrl = url;
    }
    const route = this.#routes.get(this.#lastOrigin);
    if (route === undefined || !route.appHeaders) {
      // Another origin gets nothing; the hub gets its token only, not what was meant for the app
      // (its headers, a visitor's ZeroGPU identity), even when a redirect leads there.
      for (const name of credentialHeaders) delete headers[name];
      for (const name in this.#appHeaders) delete headers[name];
      if (route === undefined) return;
    } else {
      Object.assign(headers, this.#appHeaders);
    }
    if (this.#token === undefined) return;
    // The other header is dropped: a Space host must never get the token as plain Authorization.
    delete headers[route.tokenHeader === 'authorization' ? 'x-hf-authorization' : 'authorization'];
    headers[route.tokenHeader] = `Bearer ${this.#token}`;
  }
}

/**
 * A copy of `headers` as a plain object with lower-case names (a later name wins over an
 * earlier one that differs only in case). Requests carry these rather than a `Headers`: fetch
 * validates every name of a `Headers` it is given once more, which a job's requests paid twice.
 */
export function headerRecord(headers: Headers | Record<string, string>): Record<string, string> {
  const record: Record<string, string> = {};
  // By its method rather than `instanceof`: a Headers may come from another realm or polyfill.
  const entries = typeof headers.entries === 'function' ? (headers as Headers).entries() : Object.entries(headers);
  for (const [name, value] of entries) record[name.toLowerCase()] = value;
  return record;
}
