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

  constructor(token: string | undefined, appHeaders: Record<string, string> = {}) {
    this.#token = token;
    this.#appHeaders = appHeaders;
  }

  /** Lets `url`'s origin receive the token as `tokenHeader` (and, for the app's host, the app's headers). */
  allow(url: string, tokenHeader: TokenHeader, options: { appHeaders: boolean }): void {
    this.#routes.set(new URL(url).origin, { tokenHeader, appHeaders: options.appHeaders });
  }

  /**
   * Sets the credentials `url`'s origin may receive on `headers`, and removes every credential
   * header from a request to any other origin (a redirect hop, a URL a server sent).
   */
  apply(url: string, headers: Headers): void {
    const route = this.#routes.get(new URL(url).origin);
    if (route === undefined || !route.appHeaders) {
      // Another origin gets nothing; the hub gets its token only, not what was meant for the app
      // (its headers, a visitor's ZeroGPU identity), even when a redirect leads there.
      for (const name of credentialHeaders) headers.delete(name);
      for (const name of Object.keys(this.#appHeaders)) headers.delete(name);
      if (route === undefined) return;
    } else {
      for (const [name, value] of Object.entries(this.#appHeaders)) headers.set(name, value);
    }
    if (this.#token === undefined) return;
    // The other header is dropped: a Space host must never get the token as plain Authorization.
    headers.delete(route.tokenHeader === 'authorization' ? 'x-hf-authorization' : 'authorization');
    headers.set(route.tokenHeader, `Bearer ${this.#token}`);
  }
}
