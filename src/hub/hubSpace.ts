/**
 * One Hugging Face Space behind an app handle: its hub lookup (once, shared by every job of
 * the app), where its token goes, and getting its `/config` while it sleeps, builds or
 * starts. Talks HTTP through the app's `Http` like everything else.
 */
import { catchError, concat, defer, EMPTY, ignoreElements, map, Observable, switchMap, timer } from 'rxjs';
import { isAbort, isGradioError } from '../errors.js';
import type { SpaceStatusEvent } from '../events.js';
import type { CredentialRoutes } from '../transport/credentials.js';
import type { Http } from '../transport/http.js';
import { isUnreachable, lookupHost, readRuntime, spaceBySubdomain } from './hubApi.js';
import type { SpaceRuntime } from './stages.js';
import { wakeSpace, type WakePolling } from './wakeSpace.js';

/** What a `HubSpace` needs: the Space, the app's HTTP edge and credential routes, the hub. */
export interface HubSpaceOptions {
  /**
   * `{ id, guessedRoot }` for `owner/name` (`guessedRoot`: the host by Hugging Face's subdomain
   * rule, `subdomainRoot(id)`, used only when the hub cannot be reached), `{ root, subdomain }`
   * for a `*.hf.space` URL.
   */
  space: { id: string; guessedRoot: string } | { root: string; subdomain: string };
  /** The app's HTTP edge: hub and Space requests go through it. */
  http: Http;
  /** The app's credential routes: the Space's host is added once it is known. */
  routes: CredentialRoutes;
  /** The hub's base URL, no trailing slash. */
  hubUrl: string;
  /** How long getting the config may wait for the Space to wake, in all. */
  wakeTimeoutMs: number;
  /** How often the runtime is read while the Space is not running. */
  polling?: WakePolling;
}

/** A step of getting a Space ready: a status while it wakes, then its config. */
export type SpaceStep<Config> = SpaceStatusEvent | { type: 'ready'; config: Config };

/**
 * The Hugging Face side of one app handle: where the Space runs (looked up once), and its
 * config once it runs (see `prepare`).
 */
export class HubSpace {
  readonly #options: HubSpaceOptions;
  #id: string | undefined;
  #root: string | undefined;
  /** False once the hub could not be reached and the root was guessed by the subdomain rule. */
  #hubReachable = true;
  #lookup: Promise<string> | undefined;

  constructor(options: HubSpaceOptions) {
    this.#options = options;
    if ('id' in options.space) {
      this.#id = options.space.id;
    } else {
      this.#root = options.space.root;
      options.routes.allow(this.#root, 'x-hf-authorization', { appHeaders: true });
    }
  }

  /** The Space's root URL once known (from the start for a `*.hf.space` URL, else after the lookup). */
  get root(): string | undefined {
    return this.#root;
  }

  /**
   * Gets the Space's config with `fetchConfig`, waking the Space first when the hub says it
   * is not running, and again whenever the Hugging Face edge answers with an error page
   * instead of Gradio (502/503/504, HTML). Emits a `space-status` per stage passed, then
   * `{ type: 'ready', config }`. Bounded by `wakeTimeoutMs`; unsubscribing stops at once.
   */
  prepare<Config>(fetchConfig: (root: string, signal: AbortSignal) => Promise<Config>): Observable<SpaceStep<Config>> {
    return defer(() => {
      const deadline = Date.now() + this.#options.wakeTimeoutMs;
      const attempt = (wakeFirst: boolean): Observable<SpaceStep<Config>> =>
        concat(
          wakeFirst ? this.#wake(deadline) : EMPTY,
          abortable((signal) => fetchConfig(this.#root!, signal)).pipe(map((config) => ({ type: 'ready' as const, config }))),
        ).pipe(
          catchError((error: unknown) => {
            if (!isEdgePage(error) || !this.#hubReachable || Date.now() >= deadline) throw error;
            // The Space went away (asleep, restarting) behind a page of the edge: ask the hub.
            return concat(this.#wake(deadline, error), attempt(false));
          }),
        );
      return concat(
        abortable(() => this.#resolveRoot()).pipe(ignoreElements()),
        defer(() => attempt(this.#id !== undefined && this.#hubReachable)),
      );
    });
  }

  /**
   * The root: the hub's answer for an id, looked up once (again after a failure). Not
   * aborted with a job: the answer is shared, and the request is short and time-bounded.
   */
  #resolveRoot(): Promise<string> {
    if (this.#root !== undefined) return Promise.resolve(this.#root);
    const { http, hubUrl, routes } = this.#options;
    const id = this.#id!;
    this.#lookup ??= lookupHost(http, hubUrl, id).then(
      (host) => host.root,
      (error: unknown) => {
        // A hub that answers is the truth; only one that cannot be reached falls back (spec §3.1).
        if (!isUnreachable(error)) throw error;
        this.#hubReachable = false;
        return (this.#options.space as { guessedRoot: string }).guessedRoot;
      },
    );
    return this.#lookup.then(
      (root) => {
        if (this.#root === undefined) {
          this.#root = root;
          routes.allow(root, 'x-hf-authorization', { appHeaders: true });
        }
        return root;
      },
      (error: unknown) => {
        this.#lookup = undefined;
        throw error;
      },
    );
  }

  /**
   * Waits until the hub says the Space runs. For a `*.hf.space` URL the id comes from the
   * hub first; if the hub does not know it, `edgeError` (the page that sent us here) stands.
   */
  #wake(deadline: number, edgeError?: unknown): Observable<SpaceStatusEvent> {
    const { http, hubUrl, polling } = this.#options;
    const root = this.#root!;
    // After an edge page, wait a little before asking: a Space the hub already calls running
    // may need a moment before its edge lets traffic through, and asking at once would spin.
    const pauseMs = edgeError === undefined ? 0 : (polling?.initialMs ?? 1_000);
    const untilRunning = ({ id, known }: { id: string; known?: SpaceRuntime }): Observable<SpaceStatusEvent> =>
      wakeSpace({
        id,
        ...(known === undefined ? {} : { known }),
        readRuntime: (signal) => readRuntime(http, hubUrl, id, signal),
        touch: (signal) => http.json('GET', `${root}/config`, undefined, { signal, endpoint: 'config' }),
        timeoutMs: Math.max(0, deadline - Date.now()),
        ...(polling === undefined ? {} : { polling }),
      });
    return abortable((signal) => this.#spaceId(signal, edgeError)).pipe(
      switchMap((space) => concat(timer(space.known === undefined ? pauseMs : 0).pipe(ignoreElements()), defer(() => untilRunning(space)))),
    );
  }

  /** The Space's id; for a `*.hf.space` host asked of the hub, whose answer also tells the stage. */
  async #spaceId(signal: AbortSignal, edgeError: unknown): Promise<{ id: string; known?: SpaceRuntime }> {
    if (this.#id !== undefined) return { id: this.#id };
    const { subdomain } = this.#options.space as { subdomain: string };
    try {
      const found = await spaceBySubdomain(this.#options.http, this.#options.hubUrl, subdomain, signal);
      this.#id = found.id;
      return { id: found.id, known: found.runtime };
    } catch (error) {
      if (isAbort(error) || edgeError === undefined) throw error;
      throw edgeError;
    }
  }
}

/**
 * A page of the Hugging Face edge instead of Gradio: the Space is not (or no longer) there.
 * Not the hub's own verdicts (paused, error stage, wake timeout): those are final.
 */
function isEdgePage(error: unknown): boolean {
  return isGradioError(error) && error.type === 'space-unavailable' && error.endpoint !== 'hub';
}

/** One promise per subscription, with an AbortSignal that unsubscribing aborts. */
function abortable<T>(start: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    start(controller.signal).then(
      (value) => {
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        if (!controller.signal.aborted) subscriber.error(error);
      },
    );
    return () => controller.abort();
  });
}
