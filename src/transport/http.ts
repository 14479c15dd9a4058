/**
 * The HTTP edge: the only module that imports ky. Every request of an app goes through one
 * `Http` instance, which decides which requests may carry the token (the app's own origin
 * only, redirects followed by hand so a credential never crosses to another origin) and turns
 * every failure into a typed `GradioError`. Reads of the app (config, API info, uploads, the
 * hub) go through ky; the JSON POSTs every job sends (its start and its cancel) and the opening
 * of an event stream go to fetch directly, for their cost (see `#postJson` and `openStream`).
 */
import ky, { NetworkError, type Options, TimeoutError } from 'ky';
import { GradioError, isAbort } from '../errors.js';
import { httpErrors } from '../lazy.js';
import { urlWithoutQuery } from '../urlWithoutQuery.js';
import { CredentialRoutes, headerRecord } from './credentials.js';

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

/** A job's own requests are never aborted (see `#postJson`). */
type JobRequestOptions = Omit<RequestOptions, 'signal'>;

const maxRedirects = 5;

export class Http {
  readonly #ky: typeof ky;
  readonly #fetch: FetchLike;
  readonly #routes: CredentialRoutes;
  readonly #timeoutMs: number;

  constructor(options: HttpOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#routes = options.routes ?? new CredentialRoutes(options.token, options.headers);
    if (options.routes === undefined && options.root !== undefined) this.#routes.allow(options.root, 'authorization', { appHeaders: true });
    // Resolved lazily so that a test (or a polyfill) may replace globalThis.fetch later.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#ky = ky.create({
      retry: 0,
      timeout: options.timeoutMs,
      throwHttpErrors: false,
      fetch: (request) => this.#fetchForKy(request as Request),
    });
  }

  /** Sends a request and parses its JSON answer; non-2xx answers become `GradioError`s. */
  async json<T>(method: string, url: string, body?: FormData, options: RequestOptions = {}): Promise<T> {
    return readJson<T>(await this.#send(url, method, body, 'application/json', options), method, url, options.endpoint);
  }

  /**
   * POSTs the request that starts a job (`/queue/join`, `/call/<api>`) and parses its JSON
   * answer, as {@link Http.json} would (timeout, credentials, redirects, errors).
   */
  startJob<T>(url: string, body: unknown, options: JobRequestOptions = {}): Promise<T> {
    return this.#postJson(url, body, options, false, async (response) => {
      await throwUnlessOk(response, 'POST', url, options.endpoint);
      return readJson<T>(response, 'POST', url, options.endpoint);
    });
  }

  /**
   * Opens a server-sent-events stream. Resolves with the response once its headers arrived and
   * they announce `text/event-stream`; the body is the caller's to read. No timeout: streams
   * may stay silent for minutes while a GPU queue moves (the idle watchdog decides). Sent with
   * fetch directly, like a job's POSTs: ky's per-request work (its `Request`, signals, option
   * checks) is what a fresh process pays before a job's first event.
   */
  async openStream(url: string, options: RequestOptions = {}): Promise<Response> {
    let response: Response;
    try {
      response = await this.#fetchScoped(url, 'GET', { accept: 'text/event-stream', ...options.headers }, null, options.signal, false);
    } catch (cause) {
      if (isAbort(cause)) throw cause;
      throw networkError('GET', url, options.endpoint, cause);
    }
    await throwUnlessOk(response, 'GET', url, options.endpoint);
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
    return this.#postJson(url, body, {}, true, async (response) => {
      await response.body?.cancel();
    }).catch(() => undefined);
  }

  /**
   * POSTs a JSON body and hands the answer to `read`, the request timeout covering the wait for
   * the answer (as ky's does). The requests every job sends (its start, its cancel) come here,
   * with fetch itself rather than through ky: ky builds per request a `Request`, an
   * `AbortController`, a merged signal, merged headers and a timeout race, which bench (ii),
   * 100 jobs on one session, measured at 7% of the client's CPU and 2.7 MiB of its peak heap.
   * Here: one controller and one timer. Nobody aborts these requests: a job unsubscribed
   * during its start is cancelled once the server has named it.
   */
  async #postJson<T>(url: string, body: unknown, options: JobRequestOptions, keepalive: boolean, read: (response: Response) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${this.#timeoutMs} ms`, 'TimeoutError')), this.#timeoutMs);
    let response: Response;
    try {
      const headers = { accept: 'application/json', 'content-type': 'application/json', ...options.headers };
      response = await this.#fetchScoped(url, 'POST', headers, JSON.stringify(body), controller.signal, keepalive);
    } catch (cause) {
      throw (controller.signal.aborted ? timeoutError : networkError)('POST', url, options.endpoint, cause);
    } finally {
      clearTimeout(timer);
    }
    return read(response);
  }

  /** Sends a request through ky; failures and non-2xx answers become `GradioError`s. */
  async #send(
    url: string,
    method: string,
    body: FormData | undefined,
    accept: string,
    { signal, headers, endpoint }: RequestOptions,
  ): Promise<Response> {
    let response: Response;
    try {
      const extra: Options = { headers: { accept, ...headers } };
      // Only keys with a value: an explicit `undefined` would replace the instance's default.
      if (signal !== undefined) extra.signal = signal;
      if (body !== undefined) extra.body = body;
      response = await this.#ky(url, { ...extra, method });
    } catch (caught) {
      // ky 2 wraps the fetch's own network failure; the message and the cause stay the fetch's.
      const cause = caught instanceof NetworkError ? caught.cause : caught;
      if (isAbort(cause)) throw cause;
      throw (cause instanceof TimeoutError ? timeoutError : networkError)(method, url, endpoint, cause);
    }
    await throwUnlessOk(response, method, url, endpoint);
    return response;
  }

  /** The fetch ky uses: sends ky's `Request` (ky always hands one) with {@link Http.#fetchScoped}. */
  async #fetchForKy(request: Request): Promise<Response> {
    // Only an upload has a body here (a FormData: its multipart bytes, read back).
    const body = request.body === null ? null : await request.arrayBuffer();
    return this.#fetchScoped(request.url, request.method, request.headers, body, request.signal, request.keepalive);
  }

  /**
   * Sends a request with the credentials its origin may receive (see `CredentialRoutes`), and
   * follows redirects by hand so that a hop to another origin never carries them (a Gradio
   * `/file=` URL may redirect anywhere, §9.4 of the protocol spec).
   *
   * @param headers never modified: ky's may end up on an error (a TimeoutError's `request`),
   *   so they must never hold the credentials; each hop sends a copy.
   */
  async #fetchScoped(url: string, method: string, headers: Headers | Record<string, string>, body: BodyInit | null, signal: AbortSignal | undefined, keepalive: boolean): Promise<Response> {
    for (let hop = 0; ; hop++) {
      const sent = headerRecord(headers);
      this.#routes.apply(url, sent);
      const response = await this.#fetch(url, { method, headers: sent, body, signal, keepalive, redirect: 'manual' });
      // Browsers hide manual redirects behind an opaque response; their fetch already drops
      // the Authorization header on cross-origin hops, so let it follow.
      if (response.type === 'opaqueredirect') {
        return this.#fetch(url, { method, headers: sent, body, signal, redirect: 'follow' });
      }
      // The status first: reading `headers` makes undici build a Headers object, which every
      // job's POSTs would pay for (10% of a job's CPU in a fresh process).
      if (response.status < 300 || response.status >= 400) return response;
      const location = response.headers.get('location');
      if (location === null || hop >= maxRedirects) return response;
      await response.body?.cancel().catch(() => undefined);
      url = new URL(location, url).href;
      if (response.status !== 307 && response.status !== 308) {
        // 301, 302 and 303 go on as a GET without the body.
        method = 'GET';
        body = null;
        const withoutBody = headerRecord(headers);
        delete withoutBody['content-type'];
        headers = withoutBody;
      }
    }
  }
}

/** Turns a non-2xx answer into its `GradioError` (httpError.ts, loaded with the first one). */
async function throwUnlessOk(response: Response, method: string, url: string, endpoint: string | undefined): Promise<void> {
  if (response.ok) return;
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

/** Reads a JSON answer; a body that breaks off is a network error, one that is not JSON a protocol error. */
async function readJson<T>(response: Response, method: string, url: string, endpoint: string | undefined): Promise<T> {
  const text = await response.text().catch((cause: unknown) => {
    throw networkError(method, url, endpoint, cause);
  });
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw (await httpErrors()).unexpectedAnswer('protocol', method, url, 'JSON', response, text, endpoint, cause);
  }
}

function timeoutError(method: string, url: string, endpoint: string | undefined, cause: unknown): GradioError {
  return new GradioError({ type: 'timeout', message: `${method} ${urlWithoutQuery(url)}: no answer within the timeout`, endpoint, cause });
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
