/**
 * What every operator of one app shares: the HTTP edge, the cached config and API info, and
 * the session pool. Internal: users hold a `GradioApp`, operators reach its context through
 * `contextOf(app)`.
 */
import { defer, EMPTY, filter, firstValueFrom, map, type Observable, of, ReplaySubject, share, shareReplay, switchMap, tap } from 'rxjs';
import { GradioError } from './errors.js';
import type { SpaceStatusEvent } from './events.js';
import type { HubSpace, HubSpaceOptions, SpaceStep } from './hub/hubSpace.js';
import { classifySource, subdomainRoot } from './hub/spaceRef.js';
import type { WakePolling } from './hub/wakeSpace.js';
import type { FoundFile } from './inputs.js';
import { httpErrors, hub, uploads } from './lazy.js';
import type { ApiInfo, FileData, GradioConfig } from './protocol.js';
import { SessionPool } from './sessionPool.js';
import { CredentialRoutes } from './transport/credentials.js';
import { Http } from './transport/http.js';
import { SessionStream } from './transport/sessionStream.js';

/** A `fetch`-compatible function. */
export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Options of `gradio(source, options)`. */
export interface GradioOptions {
  /**
   * A Hugging Face token (`hf_…`) or any bearer token the app expects. For a Space, sent as
   * `Authorization: Bearer` to the hub API and as `X-HF-Authorization: Bearer` to the Space's
   * own host (the Spaces proxy consumes that header, so the Space's code never sees the
   * token); for any other app, as `Authorization: Bearer` to its origin. Never to another
   * origin (not to a `root` the config names, not across redirects), never in a URL, message
   * or log.
   */
  token?: string;
  /**
   * Extra headers for every request to the app's origin (never to the hub). For one job's
   * headers (a visitor's ZeroGPU `x-ip-token`), use the `headers` option of `submit`/`call`.
   */
  headers?: Record<string, string>;
  /**
   * The Hugging Face hub that resolves Space ids (`owner/name`) and reports whether a Space
   * sleeps. Point it at `startFakeHub()` of `gradio-rx/testing` in tests.
   * @default 'https://huggingface.co'
   */
  hubUrl?: string;
  /**
   * How long a job waits for a sleeping, building or starting Space before it ends with a
   * `space-unavailable` error. Cold GPU Spaces can take minutes.
   * @default 300_000 (5 minutes)
   */
  wakeTimeoutMs?: number;
  /**
   * How often the hub is asked about a Space that is not running yet: the first wait, then
   * 1.5 times longer each time, up to `maxMs`.
   * @default { initialMs: 1_000, maxMs: 5_000 }
   */
  wakePolling?: WakePolling;
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
  /**
   * What a job waits for before its first request: for a Space whose config is not known yet,
   * its lookup and wake-up (`space-status` events, shared by every job waiting); else nothing.
   */
  readonly ready$: Observable<SpaceStatusEvent>;
  readonly #options: GradioOptions;
  readonly #root: string | undefined;
  readonly #sourceError: GradioError | undefined;
  readonly #http: Http | undefined;
  /** For a Space: what its `HubSpace` is made of, created when the hub code has loaded. */
  readonly #spaceOptions: HubSpaceOptions | undefined;
  #space: HubSpace | undefined;
  /** The config once read (for a Space, until its edge says it fell asleep). */
  #config: GradioConfig | undefined;
  #pool: SessionPool | undefined;

  constructor(source: string | URL, options: GradioOptions = {}) {
    this.#options = options;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
    try {
      const app = classifySource(source);
      const routes = new CredentialRoutes(options.token, options.headers);
      this.#http = new Http({ routes, timeoutMs: options.requestTimeoutMs ?? 30_000, fetch: options.fetch });
      if (app.kind === 'url') {
        this.#root = app.root;
        routes.allow(app.root, 'authorization', { appHeaders: true });
      } else {
        const hubUrl = hubRoot(options.hubUrl);
        routes.allow(hubUrl, 'authorization', { appHeaders: false });
        if (app.kind === 'space-host') {
          // Known from the start (the hub code, loaded later, only confirms it).
          this.#root = app.root;
          routes.allow(app.root, 'x-hf-authorization', { appHeaders: true });
        }
        this.#spaceOptions = {
          space: app.kind === 'space-id' ? { id: app.id, guessedRoot: subdomainRoot(app.id) } : app,
          http: this.#http,
          routes,
          hubUrl,
          wakeTimeoutMs: options.wakeTimeoutMs ?? 300_000,
          ...(options.wakePolling === undefined ? {} : { polling: options.wakePolling }),
        };
      }
    } catch (error) {
      this.#sourceError = error as GradioError;
    }
    const spaceOptions = this.#spaceOptions;
    if (spaceOptions !== undefined) {
      // One lookup and wake-up at a time, shared by every job (and config read) waiting for
      // it, stopped when none is left; a late joiner first gets the stage reported last. The
      // first one loads the hub code and creates the Space's one `HubSpace`.
      const preparing$ = defer(hub).pipe(
        switchMap(({ HubSpace }) =>
          (this.#space ??= new HubSpace(spaceOptions)).prepare((root, signal) =>
            this.http.json<unknown>('GET', `${root}/config`, undefined, { endpoint: 'config', signal }).then(checkConfig),
          ),
        ),
        tap((step) => {
          if (step.type === 'ready') this.#config = step.config;
        }),
        share({ connector: () => new ReplaySubject<SpaceStep<GradioConfig>>(1) }),
      );
      this.ready$ = defer(() => (this.#config === undefined ? preparing$.pipe(filter(isStatus)) : EMPTY));
      this.config$ = defer(() =>
        this.#config === undefined ? preparing$.pipe(filter((step) => step.type === 'ready'), map((step) => step.config)) : of(this.#config),
      );
    } else {
      this.ready$ = EMPTY;
      // Fetched once and cached for every later subscriber; `shareReplay(1)` (no ref count) never
      // resets on complete or on unsubscribe, but does on error: a failed fetch is tried again.
      this.config$ = defer(() =>
        this.http
          .json<unknown>('GET', `${this.root}/config`, undefined, { endpoint: 'config' })
          .then(checkConfig)
          .then((config) => (this.#config = config)),
      ).pipe(shareReplay(1));
    }
    this.info$ = this.config$.pipe(
      switchMap((config) => this.http.json<unknown>('GET', `${this.prefixUrl(config)}/info`, undefined, { endpoint: 'info' })),
      map(checkInfo),
      shareReplay(1),
    );
  }

  /**
   * The app's root URL (for a Space id, known once the hub answered). Throws the source's
   * error for an invalid source (at subscribe time).
   */
  get root(): string {
    const root = this.#root ?? this.#space?.root;
    if (root !== undefined) return root;
    throw this.#sourceError ?? new GradioError({ type: 'invalid-input', message: 'The Space has not been looked up yet: read the config first' });
  }

  /** Whether the app is a Hugging Face Space (an `owner/name` id or a `*.hf.space` URL). */
  get isSpace(): boolean {
    return this.#spaceOptions !== undefined;
  }

  /**
   * Forgets a Space's config after its edge answered a job with an error page (it went to
   * sleep, it restarts): the next job looks at its status and wakes it again.
   */
  forgetSpaceConfig(): void {
    this.#config = undefined;
  }

  /**
   * The config: once read, as is (every job asks, and a subscription per job costs), else the
   * first value of {@link AppContext.config$}.
   */
  configNow(): GradioConfig | Promise<GradioConfig> {
    return this.#config ?? firstValueFrom(this.config$);
  }

  get http(): Http {
    if (this.#http === undefined) throw this.#sourceError!;
    return this.#http;
  }

  /**
   * Uploads the files found in `data` to `{api_prefix}/upload` and gives back their `FileData`,
   * and `data` with each file replaced by its own. The upload code is loaded with the first file.
   */
  upload(config: GradioConfig, data: unknown[], files: FoundFile[], signal: AbortSignal): Promise<{ uploaded: FileData[]; inputs: unknown[] }> {
    return uploads().then(({ uploadFound, replaceFiles }) =>
      uploadFound(this.http, config, this.prefixUrl(config), files, signal).then((uploaded) => ({ uploaded, inputs: replaceFiles(data, files, uploaded) })),
    );
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

function isStatus(step: SpaceStep<GradioConfig>): step is SpaceStatusEvent {
  return step.type === 'space-status';
}

/** The hub's base URL without a trailing slash; an invalid one is an `invalid-input` error. */
function hubRoot(hubUrl = 'https://huggingface.co'): string {
  let url: URL | undefined;
  try {
    url = new URL(hubUrl);
  } catch {
    // reported below
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    throw new GradioError({ type: 'invalid-input', message: 'hubUrl must be an http(s) URL without credentials, e.g. https://huggingface.co' });
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * Refuses what this SDK cannot talk to (not a Gradio config, Gradio older than 4.9), with a
 * message that says why (its wording is loaded with the refusal).
 */
async function checkConfig(value: unknown): Promise<GradioConfig> {
  const config = value as Partial<GradioConfig> | null;
  if (!isConfigShaped(config) || config.protocol === 'ws' || config.protocol === 'sse') {
    throw (await httpErrors()).refusedConfig(config);
  }
  return { ...config, components: config.components ?? [], dependencies: config.dependencies } as GradioConfig;
}

/**
 * Whether the fields the client reads are what Gradio sends: a protocol string, an API prefix
 * that is a path (so that it cannot turn the app's root into another host, as `@other.example`
 * would), dependencies with their inputs and outputs lists, components that are objects.
 */
function isConfigShaped(config: Partial<GradioConfig> | null): config is Partial<GradioConfig> & Pick<GradioConfig, 'dependencies' | 'protocol'> {
  const components = config?.components ?? [];
  const prefix = config?.api_prefix ?? '';
  return (
    isObject(config) &&
    typeof config.protocol === 'string' &&
    typeof prefix === 'string' &&
    /^(\/|$)/.test(prefix) &&
    Array.isArray(config.dependencies) &&
    config.dependencies.every((dependency) => isObject(dependency) && Array.isArray(dependency.inputs) && Array.isArray(dependency.outputs)) &&
    Array.isArray(components) &&
    components.every(isObject)
  );
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** Older servers wrap the answer as `{api: {...}}`. */
function checkInfo(value: unknown): ApiInfo {
  const info = (value as { api?: unknown } | null)?.api ?? value;
  const named = (info as Partial<ApiInfo> | null)?.named_endpoints;
  if (typeof named !== 'object' || named === null) {
    throw new GradioError({ type: 'protocol', message: 'GET /info: the answer is not a Gradio API description', endpoint: 'info' });
  }
  return { named_endpoints: named, unnamed_endpoints: (info as Partial<ApiInfo>).unnamed_endpoints ?? {} };
}
