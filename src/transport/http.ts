/**
 * The HTTP edge: the only module that imports ky. Every request of an app goes through one
 * `Http` instance, which decides which requests may carry the token (the app's own origin
 * only, redirects followed by hand so a credential never crosses to another origin) and turns
 * every failure into a typed `GradioError`.
 */
import ky, { NetworkError, type Options, TimeoutError } from 'ky';
import { GradioError, isAbort } from '../errors.js';
import { httpErrors } from '../lazy.js';
import { urlWithoutQuery } from '../urlWithoutQuery.js';
import { CredentialRoutes } from './credentials.js';

type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  /**
   * The app's root URL; its origin is the only one that receives `token` and `headers`.
   * Ignored when `routes` is given.
   */
  root?: string;
  token?: string;
  headers?: Record<string, string>;
  /** Which origins receive which credentials (the hub, a Space's host): see `CredentialRoutes`. */
  routes?: CredentialRoutes;
  fetch?: FetchLike;
  /** Timeout of ordinary (non-streaming) requests. */
  timeoutMs: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Included in error messages and on the error (`error.endpoint`). */
  endpoint?: string;
  headers?: Record<string, string>;
}

const maxRedirects = 5;

/**
 * The bytes of a request's JSON body, handed to {@link Http}'s fetch through ky as an unknown
 * option (ky's own `Request` carries no body): the fetch sends them, and a redirect that keeps
 * the method sends them again.
 */
interface ReplayInit {
  replayBody?: ArrayBuffer;
}

export class Http {
  readonly #ky: typeof ky;
  readonly #fetch: FetchLike;
  readonly #routes: CredentialRoutes;

  constructor(options: HttpOptions) {
    this.#routes = options.routes ?? new CredentialRoutes(options.token, options.headers);
    if (options.routes === undefined && options.root !== undefined) this.#routes.allow(options.root, 'authorization', { appHeaders: true });
    // Resolved lazily so that a test (or a polyfill) may replace globalThis.fetch later.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#ky = ky.create({
      retry: 0,
      timeout: options.timeoutMs,
      throwHttpErrors: false,
      fetch: (input, init) => this.#scopedFetch(input, init),
    });
  }

  /** Sends a request and parses its JSON answer; non-2xx answers become `GradioError`s. */
  async json<T>(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const response = await this.#send(url, method, body, 'application/json', options);
    const text = await response.text().catch((cause: unknown) => {
      throw networkError(method, url, options.endpoint, cause);
    });
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw (await httpErrors()).unexpectedAnswer('protocol', method, url, 'JSON', response, text, options.endpoint, cause);
    }
  }

  /**
   * Opens a server-sent-events stream. Resolves with the response once its headers arrived and
   * they announce `text/event-stream`; the body is the caller's to read. No timeout: streams
   * may stay silent for minutes while a GPU queue moves (the idle watchdog decides).
   */
  async openStream(url: string, options: RequestOptions = {}): Promise<Response> {
    const response = await this.#send(url, 'GET', undefined, 'text/event-stream', { ...options, timeout: false });
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream')) {
      const text = await response.text().catch(() => '');
      throw (await httpErrors()).unexpectedAnswer(type.includes('text/html') ? 'space-unavailable' : 'protocol', 'GET', url, 'an event stream', response, text, options.endpoint);
    }
    return response;
  }

  /**
   * Fire-and-forget POST that outlives the page (`keepalive`), used to cancel jobs on
   * unsubscribe. Its outcome is nobody's business: failures are swallowed on purpose. The
   * returned promise resolves (never rejects) once the server answered or the request failed,
   * for callers that must not race it.
   */
  post(url: string, body: unknown): Promise<void> {
    return this.#ky(url, kyOptions('POST', body, { keepalive: true })).then(
      async (response) => {
        await response.body?.cancel().catch(() => undefined);
      },
      () => undefined,
    );
  }

  /** Sends a request through ky; failures and non-2xx answers become `GradioError`s. */
  async #send(
    url: string,
    method: string,
    body: unknown,
    accept: string,
    { signal, headers, endpoint, timeout }: RequestOptions & { timeout?: false },
  ): Promise<Response> {
    let response: Response;
    try {
      const extra: Options = { headers: { accept, ...headers } };
      // Only keys with a value: an explicit `undefined` would replace the instance's default.
      if (signal !== undefined) extra.signal = signal;
      if (timeout !== undefined) extra.timeout = timeout;
      response = await this.#ky(url, kyOptions(method, body, extra));
    } catch (caught) {
      // ky 2 wraps the fetch's own network failure; the message and the cause stay the fetch's.
      const cause = caught instanceof NetworkError ? caught.cause : caught;
      if (isAbort(cause)) throw cause;
      throw cause instanceof TimeoutError
        ? new GradioError({ type: 'timeout', message: `${method} ${urlWithoutQuery(url)}: no answer within the timeout`, endpoint, cause })
        : networkError(method, url, endpoint, cause);
    }
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      throw (await httpErrors()).httpErrorFromResponse({
        method,
        url,
        status: response.status,
        statusText: response.statusText,
        contentType: response.headers.get('content-type'),
        body,
        retryAfter: response.headers.get('retry-after'),
        endpoint,
      });
    }
    return response;
  }

  /**
   * The fetch ky uses. Adds the credentials an origin may receive (see `CredentialRoutes`), and
   * follows redirects by hand so that a hop to another origin never carries them (a Gradio `/file=` URL may
   * redirect anywhere, §9.4 of the protocol spec). ky's `Request` is read, not rebuilt: a JSON
   * body comes beside it (`replayBody`), so a call builds no `Request` and no body copy of ours
   * (only a redirect hop builds one), just the `Headers` that carry the credentials.
   */
  async #scopedFetch(input: RequestInfo | URL, init?: RequestInit & ReplayInit): Promise<Response> {
    let request = input instanceof Request ? input : new Request(input, init);
    let body: BodyInit | null = init?.replayBody ?? (request.body === null ? null : await request.arrayBuffer());
    for (let hop = 0; ; hop++) {
      const { url, method, signal, keepalive } = request;
      // A copy: ky's Request may end up on an error (a TimeoutError's `request`), so it must
      // never hold the credentials.
      const headers = new Headers(request.headers);
      this.#routes.apply(url, headers);
      const response = await this.#fetch(url, { method, headers, body, signal, keepalive, redirect: 'manual' });
      // Browsers hide manual redirects behind an opaque response; their fetch already drops
      // the Authorization header on cross-origin hops, so let it follow.
      if (response.type === 'opaqueredirect') {
        return this.#fetch(url, { method, headers, body, signal, redirect: 'follow' });
      }
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null || hop >= maxRedirects) return response;
      await response.body?.cancel().catch(() => undefined);
      const keepMethod = response.status === 307 || response.status === 308;
      request = new Request(new URL(location, url), { method: keepMethod ? method : 'GET', headers: request.headers, signal, keepalive });
      if (!keepMethod) {
        request.headers.delete('content-type');
        body = null;
      }
    }
  }
}

const utf8 = /*#__PURE__*/ new TextEncoder();

/**
 * ky's options for one request. A FormData goes as it is (multipart: the fetch reads its bytes
 * back from ky's Request, a rare upload); anything else as JSON bytes that only our fetch gets
 * (`replayBody`): ky's Request then carries no body, so it builds no body stream nobody reads
 * (about 20 µs of CPU per join, bench/).
 */
function kyOptions(method: string, body: unknown, extra: Options): Options {
  const options: Options & ReplayInit = { ...extra, method };
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    const bytes = utf8.encode(JSON.stringify(body));
    // The fetch gets an ArrayBuffer, as it always did; a view's buffer can be larger than it.
    const buffer = bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
    options.replayBody = buffer;
    options.headers = { 'content-type': 'application/json', ...(extra.headers as Record<string, string> | undefined) };
  }
  return options;
}

function networkError(method: string, url: string, endpoint: string | undefined, cause: unknown): GradioError {
  const reason = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
  return new GradioError({
    type: 'network',
    message: `${method} ${urlWithoutQuery(url)}: the request failed${reason}`,
    endpoint,
    cause,
  });
}
