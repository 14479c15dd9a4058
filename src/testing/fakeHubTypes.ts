/**
 * Types of the fake Hugging Face hub (`createFakeHub`, `startFakeHub`).
 */
import type { FakeGradio, FakeGradioOptions } from './types.js';

/**
 * A runtime stage as the hub reports it (`runtime.stage`). The ones a client must know are
 * listed; any other string is reported as it is (a client should treat it as an error).
 */
export type FakeSpaceStage =
  | 'SLEEPING'
  | 'STOPPED'
  | 'BUILDING'
  | 'APP_STARTING'
  | 'RUNNING'
  | 'RUNNING_BUILDING'
  | 'PAUSED'
  | 'BUILD_ERROR'
  | 'RUNTIME_ERROR'
  | 'CONFIG_ERROR'
  | 'NO_APP_FILE'
  | (string & {});

/** One Space of the fake hub: the Gradio app behind its edge, and how it behaves. */
export interface FakeHubSpace {
  /** The Gradio app behind the edge, started with the hub (a `createFakeGradio` app). */
  app?: FakeGradioOptions;
  /** Or an app that runs elsewhere (a fake server, a local Gradio): the edge forwards to it. */
  url?: string;
  /** Only requests with `token` may see it: the hub answers 401 and the edge 404 to others. */
  private?: boolean;
  /** The token that can read the Space (with `private`). Any token reads a public Space. */
  token?: string;
  /**
   * The stage script. The Space starts at the first stage. A sleeping Space (`SLEEPING`,
   * `STOPPED`) moves on when traffic reaches its edge; `BUILDING` and `APP_STARTING` move on
   * each time the hub reports them; the last stage stays. While not running, the edge answers
   * every request with an HTML 503 page, as Hugging Face's does.
   * @default ['RUNNING']
   * @example ['SLEEPING', 'BUILDING', 'APP_STARTING', 'RUNNING']
   */
  stages?: FakeSpaceStage[];
  /** The Space's subdomain. @default Hugging Face's rule: `owner-name`, lower case, `.` and `_` as `-` */
  subdomain?: string;
}

/** Options of `startFakeHub` and `createFakeHub`. */
export interface FakeHubOptions {
  /** The Spaces the hub knows, by id (`owner/name`). */
  spaces: Record<string, FakeHubSpace>;
  /** The hub's port (`startFakeHub` only: `createFakeHub` opens none). @default 0 (any free port) */
  port?: number;
}

/** A request the hub or an edge received. Header names in lower case. */
export interface FakeHubRequest {
  /** `GET`, `POST`, … */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Every header, names in lower case. */
  headers: Record<string, string>;
  /** `Date.now()` when it arrived. */
  time: number;
}

/** A Space of a running fake hub. */
export interface FakeHubSpaceHandle {
  /** The Space's id, `owner/name`. */
  readonly id: string;
  /** The edge's URL: the Space's host, as the hub names it (`/api/spaces/{id}/host`). */
  readonly url: string;
  /** The stage the hub reports now. */
  readonly stage: FakeSpaceStage;
  /** Every request that reached the edge (before it stripped `X-HF-Authorization`). */
  readonly requests: FakeHubRequest[];
  /** The app behind the edge, when the Space was given an `app` (its `requests` are what the Space's code saw). */
  readonly app: FakeGradio | undefined;
  /** Starts a new stage script, e.g. `setStages('SLEEPING', 'RUNNING')` to put the Space to sleep. */
  setStages(...stages: FakeSpaceStage[]): void;
}

/**
 * A fake Hugging Face hub as a `fetch` (`createFakeHub`): the hub API at `url`, each Space's
 * edge at `https://{subdomain}.hf.space`.
 */
export interface FakeHubFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Answers one request (a host it does not serve rejects, like an unreachable one). */
  handle(request: Request): Promise<Response>;
  /** The hub's URL. @default 'https://huggingface.co' */
  readonly url: string;
  /** Every request to the hub API, in arrival order. */
  readonly requests: FakeHubRequest[];
  /** A Space by id; throws for an id the hub was not given. */
  space(id: string): FakeHubSpaceHandle;
  /** Stops every app behind the edges (their streams and timers). */
  close(): void;
}

/** A fake Hugging Face hub on 127.0.0.1: the hub API, and an edge per Space on its own port. */
export interface FakeHub {
  /** The hub's URL, for `gradio(id, { hubUrl })`. */
  readonly url: string;
  /** Every request to the hub API, in arrival order. */
  readonly requests: FakeHubRequest[];
  /** A Space by id; throws for an id the hub was not given. */
  space(id: string): FakeHubSpaceHandle;
  /** Closes the hub, every edge and every app behind them. */
  close(): Promise<void>;
}
