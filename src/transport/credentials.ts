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

  /** Whether `url`'s origin is one the token may go to. */
  allows(url: string): boolean {
    return this.#routes.has(new URL(url).origin);
  }

  /**
   * Sets the credentials `url`'s origin may receive on `headers`, and removes every credential
   * header from a request to any other origin (a redirect hop, a URL a server sent).
   */
  apply(url: string, headers: Headers): void {
    const route = this.#routes.get(new URL(url).origin);
    if (route === undefined) {
      for (const name of credentialHeaders) headers.delete(name);
      for (const name of Object.keys(this.#appHeaders)) headers.delete(name);
      return;
    }
    if (route.appHeaders) for (const [name, value] of Object.entries(this.#appHeaders)) headers.set(name, value);
    if (this.#token === undefined) return;
    // The other header is dropped: a Space host must never get the token as plain Authorization.
    headers.delete(route.tokenHeader === 'authorization' ? 'x-hf-authorization' : 'authorization');
    headers.set(route.tokenHeader, `Bearer ${this.#token}`);
  }
}
