/**
 * What every operator of one app shares: the HTTP edge, the cached config and API info, and
 * the session pool. Internal: users hold a `GradioApp`, operators reach its context through
 * `contextOf(app)`.
 */
import { defer, map, type Observable, shareReplay, switchMap } from 'rxjs';
import { GradioError } from './errors.js';
import type { ApiInfo, GradioConfig } from './protocol.js';
import { SessionPool } from './sessionPool.js';
import { resolveRoot } from './source.js';
import { Http } from './transport/http.js';
import { SessionStream } from './transport/sessionStream.js';

type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Options of `gradio(source, options)`. */
export interface GradioOptions {
  /**
   * A Hugging Face token (`hf_…`) or any bearer token the app expects. Sent as
   * `Authorization: Bearer` to the app's own origin only: never to another origin (not to a
   * `root` the config names, not across redirects), never in a URL, message or log.
   */
  token?: string;
  /** Extra headers for every request to the app's origin (e.g. `X-IP-Token` for ZeroGPU). */
  headers?: Record<string, string>;
  /**
   * The fetch to use: a proxy-aware fetch, an instrumented one, or the fake server of
   * `gradio-rx/testing` (`createFakeGradio()` is a fetch).
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /**
   * A job fails with a `timeout` error when its stream brings no byte for this long. Gradio
   * sends a heartbeat every 15 s, so the default allows two to be lost.
   * @default 45_000
   */
  idleTimeoutMs?: number;
  /**
   * Timeout of ordinary requests (config, join, upload).
   * @default 30_000
   */
  requestTimeoutMs?: number;
  /**
   * Pins one Gradio session for every job of this app (so they share `gr.State` and one
   * stream). Without it the app keeps a small pool of sessions so that cancelling a job never
   * stops a sibling: Gradio's `/cancel` stops every running job of that endpoint in a session.
   * With a pinned session, unsubscribing from a job while another job of the same endpoint
   * runs only detaches it: nothing more is emitted, and the server finishes it.
   */
  sessionHash?: string;
  /**
   * How long an unused queue stream stays open for the next job of its session.
   * @default 1_000
   */
  streamGraceMs?: number;
}

const contexts = /*#__PURE__*/ new WeakMap<object, AppContext>();

export function contextOf(app: object): AppContext {
  const context = contexts.get(app);
  if (context === undefined) throw new TypeError('Expected an app created by gradio()');
  return context;
}

export function attachContext(app: object, context: AppContext): void {
  contexts.set(app, context);
}

export class AppContext {
  readonly idleTimeoutMs: number;
  readonly config$: Observable<GradioConfig>;
  readonly info$: Observable<ApiInfo>;
  readonly #options: GradioOptions;
  readonly #root: string | undefined;
  readonly #sourceError: GradioError | undefined;
  readonly #http: Http | undefined;
  #pool: SessionPool | undefined;

  constructor(source: string | URL, options: GradioOptions = {}) {
    this.#options = options;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
    try {
      this.#root = resolveRoot(source);
      this.#http = new Http({
        root: this.#root,
        timeoutMs: options.requestTimeoutMs ?? 30_000,
        token: options.token,
        headers: options.headers,
        fetch: options.fetch,
      });
    } catch (error) {
      this.#sourceError = error as GradioError;
    }
    // Fetched once and cached for every later subscriber; `shareReplay(1)` (no ref count) never
    // resets on complete or on unsubscribe, but does on error: a failed fetch is tried again.
    this.config$ = defer(() => this.http.json<unknown>('GET', `${this.root}/config`, undefined, { endpoint: 'config' })).pipe(map(checkConfig), shareReplay(1));
    this.info$ = this.config$.pipe(
      switchMap((config) => this.http.json<unknown>('GET', `${this.prefixUrl(config)}/info`, undefined, { endpoint: 'info' })),
      map(checkInfo),
      shareReplay(1),
    );
  }

  /** The app's root URL. Throws the source's error for an invalid source (at subscribe time). */
  get root(): string {
    if (this.#root === undefined) throw this.#sourceError!;
    return this.#root;
  }

  get http(): Http {
    if (this.#http === undefined) throw this.#sourceError!;
    return this.#http;
  }

  /** `{root}{api_prefix}`: where every route but `/config` lives. */
  prefixUrl(config: GradioConfig): string {
    return `${this.root}${config.api_prefix ?? ''}`;
  }

  /** The session pool, created with the first config (its protocol decides how streams end). */
  pool(config: GradioConfig): SessionPool {
    this.#pool ??= new SessionPool((hash) => {
      return new SessionStream({
        http: this.http,
        url: `${this.prefixUrl(config)}/queue/data?session_hash=${encodeURIComponent(hash)}`,
        idleTimeoutMs: this.idleTimeoutMs,
        graceMs: this.#options.streamGraceMs ?? 1_000,
        closesExplicitly: config.protocol === 'sse_v3',
      });
    }, this.#options.sessionHash);
    return this.#pool;
  }

  close(): void {
    this.#pool?.close();
  }
}

/** Refuses what this SDK cannot talk to, with a message that says why. */
function checkConfig(value: unknown): GradioConfig {
  const config = value as Partial<GradioConfig> | null;
  if (typeof config !== 'object' || config === null || !Array.isArray(config.dependencies)) {
    throw new GradioError({ type: 'protocol', message: 'GET /config: the answer is not a Gradio config (no dependencies list)', endpoint: 'config' });
  }
  const protocol = config.protocol;
  if (protocol === undefined || protocol === 'ws') {
    throw new GradioError({ type: 'protocol', message: 'This app runs Gradio 3 or older (websocket queue), which gradio-rx does not support', endpoint: 'config' });
  }
  if (protocol === 'sse') {
    throw new GradioError({ type: 'protocol', message: 'This app runs Gradio 4.0–4.8 (protocol "sse"), which gradio-rx does not support; Gradio ≥ 4.9 works', endpoint: 'config' });
  }
  return { ...config, components: config.components ?? [], dependencies: config.dependencies } as GradioConfig;
}

/** Older servers wrap the answer as `{api: {...}}`. */
function checkInfo(value: unknown): ApiInfo {
  const info = (value as { api?: unknown } | null)?.api ?? value;
  const named = (info as Partial<ApiInfo> | null)?.named_endpoints;
  if (typeof named !== 'object' || named === null) {
    throw new GradioError({ type: 'protocol', message: 'GET /info: the answer is not a Gradio API description', endpoint: 'info' });
  }
  return { named_endpoints: named, unnamed_endpoints: (info as Partial<ApiInfo>).unnamed_endpoints ?? {} };
}
