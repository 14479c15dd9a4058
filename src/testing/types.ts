/**
 * Public types of `gradio-rx/testing`: how a fake app is declared (like a Gradio Python app)
 * and what the fake server records.
 */
import type { FileData, ProgressUnit } from '../protocol.js';

/**
 * A component (input or output), like `gr.Textbox(label="Message")`.
 *
 * Components are shared between endpoints by `id`, or by passing the same object twice:
 * the chat app of the spec uses one textbox as input and output.
 *
 * @example
 * const message: FakeComponent = { type: 'textbox', label: 'Message', default: '' };
 * const history: FakeComponent = { type: 'chatbot', label: 'Chatbot', props: { type: 'messages' }, default: [] };
 * const state: FakeComponent = { type: 'state' };
 */
export interface FakeComponent {
  /** Gradio's lower-case type name: `textbox`, `number`, `chatbot`, `image`, `state`, … */
  type: string;
  /** The label shown in `/config` and `/info`. */
  label?: string;
  /** Component id in `/config`. @default the next free id, counting from 1 */
  id?: number;
  /** Extra `props` for `/config` (merged over the defaults of the type). */
  props?: Record<string, unknown>;
  /**
   * The parameter name in `/info` for the endpoint that declares it here (like a Python
   * argument name, it may differ between endpoints sharing the component).
   * @default the label in snake_case, or the type
   */
  parameterName?: string;
  /**
   * Initial value (`props.value`), and the parameter default of `/info`. Without it the
   * parameter has no default (`parameter_has_default: false`). A `state` starts from it.
   */
  default?: unknown;
}

/** What an endpoint function returns: one value per output, like a Python function. */
export type FakeResult =
  | AsyncIterable<unknown[]>
  | Iterable<unknown[]>
  | PromiseLike<unknown[]>
  | unknown[];

/**
 * One event listener (dependency) of the app, like `btn.click(fn, inputs, outputs, api_name=…)`.
 *
 * @example
 * const chat: FakeEndpoint = {
 *   apiName: 'chat',
 *   inputs: [message, history, state],
 *   outputs: [message, history],
 *   async *fn([text, previous], ctx) {
 *     let reply = '';
 *     for (const token of ['Hello', '!']) {
 *       await ctx.sleep(10);
 *       reply += token;
 *       yield ['', [...(previous as unknown[]), { role: 'assistant', content: reply }]];
 *     }
 *   },
 * };
 */
export interface FakeEndpoint {
  /** Name without a slash; `false` = internal: callable only by fn_index, absent from `/info`. */
  apiName: string | false;
  /**
   * Gradio 6's `api_visibility`: `private` endpoints are absent from `/info` and cannot be called
   * by name (only by fn_index, as the UI does); `undocumented` ones are callable but absent from
   * `/info`. On the 4 and 5 layouts a non-public endpoint has `show_api: false`.
   * @default 'public', or 'private' when `apiName` is false
   */
  apiVisibility?: 'public' | 'private' | 'undocumented';
  /** The dependency id. @default the position in `endpoints` */
  fnIndex?: number;
  /** Its input components, in wire order. */
  inputs: FakeComponent[];
  /** Its output components, in wire order. */
  outputs: FakeComponent[];
  /** Component id of the button that fires it (`targets[0]`). @default a button added for it */
  triggerId?: number;
  /**
   * Jobs of this function that may run at once; later ones wait in its queue with `estimation`
   * ranks. `null` = unlimited. @default 1, like Gradio
   */
  concurrencyLimit?: number | null;
  /** `types.generator` in `/config`. @default true for (async) generator functions */
  generator?: boolean;
  /** `api_description` / `/info` description. */
  description?: string;
  /**
   * The function. It receives one value per input (State inputs get the session's state) and
   * returns or yields one value per output. A generator yields the full values at each step;
   * the server computes the diffs.
   */
  fn: (inputs: unknown[], ctx: FakeContext) => FakeResult;
}

/** Options of `ctx.error()`, the fields of `gr.Error`. */
export interface FakeErrorOptions {
  /** @default 'Error' (not sent on Gradio 4) */
  title?: string;
  /** Seconds the toast shows; `null` = until closed. @default 10 */
  duration?: number | null;
  /** @default true */
  visible?: boolean;
  /**
   * Gradio 4 sends `str(gr.Error)`, the Python repr of the message (`'…'`). ZeroGPU's
   * HTMLError is sent as-is: pass `false` to imitate it. @default true
   */
  quoteOnGradio4?: boolean;
}

/** Options of `ctx.log()`. */
export interface FakeLogOptions {
  /** Seconds; `null` = sticky. @default 10 */
  duration?: number | null;
  /** @default true */
  visible?: boolean;
}

/** The bytes of an uploaded file. */
export interface FakeFileContent {
  /** The file's bytes. */
  bytes: Uint8Array;
  /** The name it was uploaded with. */
  name: string;
  /** Its media type. */
  type: string;
}

/** What an endpoint function can do besides computing its outputs. */
export interface FakeContext {
  /** The job's id. */
  eventId: string;
  /** The session of the job (on the `/call` API: the event id, §5.1). */
  sessionHash: string;
  /** The dependency that runs it. */
  fnIndex: number;
  /** The join (or `/call` POST) request: ZeroGPU reads `X-IP-Token` from it (§9.3). */
  request: {
    /** Its headers. */
    headers: Headers;
  };
  /** Aborted when the job is cancelled (`/cancel`, disconnect) or the server closes. */
  signal: AbortSignal;
  /** Raises a `gr.Error`: its message and title are always sent (§10.1). */
  error(message: string, options?: FakeErrorOptions): never;
  /**
   * `gr.Info` / `gr.Warning` / `gr.Success` (and, from Gradio 6, a non-fatal `error` level): a
   * `log` message while the job runs.
   */
  log(level: 'info' | 'warning' | 'success' | 'error', message: string, title?: string, options?: FakeLogOptions): void;
  /** `gr.Progress`: a number is the `progress` (0..1) of one unit. */
  progress(units: Partial<ProgressUnit>[] | number): void;
  /** Waits; rejects as soon as the job is cancelled, so generators stop promptly. */
  sleep(ms: number): Promise<void>;
  /** The bytes of an uploaded file, by its server path (`FileData.path`). */
  file(path: string): FakeFileContent | undefined;
  /**
   * Stores bytes as a server file and returns its `FileData`, to return as an output (the
   * server fills in the absolute `url`, §11.3).
   */
  createFile(bytes: Uint8Array, name: string, type?: string): FileData;
}

/** Options of `createFakeGradio` / `startFakeGradioServer`. */
export interface FakeGradioOptions {
  /** The app's event listeners, like a Gradio Blocks app's. */
  endpoints: FakeEndpoint[];
  /**
   * The Gradio version whose wire layout the fake imitates.
   * - 4: no `/gradio_api` prefix, no `api_prefix` in `/config`, version 4.44.1, Gradio 4 message
   *   and error shapes (no `title`, quoted `gr.Error` text).
   * - 4.26: what Spaces that never upgraded past Gradio 4.30 run: the 4 layout, reporting version
   *   4.26.0, with the two differences the protocol spec gates on (§1): no `/cancel` route (404;
   *   it came in 4.31), a `/reset` that stops the event it names when its generator has
   *   started (the only way such a server stops one job), and dependencies without an `id`
   *   (fn_index is a dependency's position; ids came in 4.32), so each endpoint's fn_index
   *   must be its position.
   * - 5: `/gradio_api`, version 5.49.1.
   * - 6: version 6.25.0, what new Spaces run: `api_visibility` and `code_snippets`, a
   *   messages-only chatbot with content blocks (a history sent in any other shape fails with
   *   `error: null`), `used_cache` / `cache_duration` / `avg_time`, error objects on the `/call`
   *   API, `/call/v2/{api_name}` with named parameters, `session_hash` accepted on `/call`, a
   *   `/cancel` that stops its event whatever the fn_index, and a plain-text 500 for an unknown
   *   fn_index or api name (test/fixtures/spec/real6).
   * @default 6
   * @example
   * // A test that pins what an older Space runs:
   * startFakeGradioServer({ gradioVersion: 5, endpoints });
   */
  gradioVersion?: 4 | 4.26 | 5 | 6;
  /**
   * `server`: a Gradio 6 `gradio.Server` app (`mode: "server"` in `/config`): plain API endpoints
   * without UI components or trigger buttons, declared with `apiEndpoint()`. Only on the 6 layout.
   * @default 'blocks'
   */
  mode?: 'blocks' | 'server';
  /**
   * sse_v1: full values in every generating message, no close_stream; sse_v2: diffs, no
   * close_stream; sse_v3: diffs and close_stream. @default 'sse_v3'
   */
  protocol?: 'sse_v1' | 'sse_v2' | 'sse_v3';
  /** Send the text of generic (non-`gr.Error`) exceptions. @default false, as on Spaces */
  showError?: boolean;
  /** Silence after which a stream sends a heartbeat. @default 15000 */
  heartbeatMs?: number;
  /** Jobs that may wait in the queue; beyond it joins get 503 "Queue is full…". @default unlimited */
  maxQueueSize?: number;
  /** Bytes per uploaded file (`max_file_size` in `/config`); larger uploads get 413. @default null */
  maxFileSize?: number | null;
  /** Delays before these responses are sent (a join is enqueued at once; only its answer waits). */
  delays?: {
    /** Before the join's answer. */
    joinMs?: number;
    /** Before an upload's answer. */
    uploadMs?: number;
    /** Before `/config`'s answer. */
    configMs?: number;
  };
  /** `root` reported by `/config`. @default the origin of the request */
  root?: string;
  /**
   * When set, every route except `/cancel`, `/reset` and `/heartbeat` needs
   * `Authorization: Bearer <token>` (or `X-HF-Authorization`), else 401 like the HF edge.
   */
  token?: string;
  /**
   * Error events of the `/call` API: `data: null` (Gradio ≤ 6.12) or the error object (≥ 6.13).
   * @default 'gradio6' on the 6 layout, else 'gradio5'
   */
  callErrorFormat?: 'gradio5' | 'gradio6';
  /** @default 'Gradio' */
  title?: string;
  /** `space_id` in `/config`. @default null */
  spaceId?: string | null;
  /** The base URL the fake believes it serves (`fake.url`). @default 'http://127.0.0.1:7860' */
  url?: string;
  /** Port for `startFakeGradioServer`. @default 0 (any free port) */
  port?: number;
  /**
   * Failures to inject: dropped connections, proxy error pages, rate limits, slow or silent
   * streams, malformed messages, a stopping server (see `FakeFaults`). @default none
   */
  faults?: FakeFaults;
}

/**
 * A route of the fake server, named by its path below the api prefix: `call` is
 * `POST {P}/call/{api_name}`, `call/stream` is `GET {P}/call/{api_name}/{event_id}`, `file`
 * is `GET {P}/file=…`.
 */
export type FakeRoute = 'config' | 'info' | 'queue/join' | 'queue/data' | 'call' | 'call/stream' | 'upload' | 'cancel' | 'file';

/** The two routes that stream a job: `GET {P}/queue/data` and `GET {P}/call/{api_name}/{event_id}`. */
export type FakeStreamRoute = 'queue/data' | 'call/stream';

/** Where a stream fault applies. */
export interface FakeStreamTarget {
  /** @default both stream routes */
  on?: FakeStreamRoute;
}

/** Where and when a stream fault strikes. */
export interface FakeStreamFault extends FakeStreamTarget {
  /** Messages written normally before it strikes (heartbeats are not counted). @default 1 */
  afterMessages?: number;
}

/** An HTTP answer that replaces the answer of a route. */
export interface FakeHttpFault {
  /** The route whose answers it replaces. */
  on: FakeRoute;
  /** How many requests of the route get it; later ones are served normally. @default every one */
  times?: number;
}

/**
 * Fault switches: each makes the fake fail the way real servers, proxies and networks do
 * (protocol spec §14). A stream fault given as `true` takes its defaults. Faults that cut a
 * stream (`resetMidStream`, `endWithoutCompletion`, `truncatedJson`) also make the server act as
 * if the client had disconnected, as a real server behind a failing proxy would (§7.3): the
 * session's jobs stop and its buffer is dropped.
 *
 * @example
 * // Drop the /queue/data connection after its second message.
 * startFakeGradioServer({ endpoints, faults: { resetMidStream: { on: 'queue/data', afterMessages: 2 } } });
 * // A proxy's HTML 502 page instead of the join answer, once.
 * startFakeGradioServer({ endpoints, faults: { htmlErrorPage: { status: 502, on: 'queue/join', times: 1 } } });
 */
export interface FakeFaults {
  /** Drops the connection (no clean end of the chunked body) after `afterMessages` messages. */
  resetMidStream?: boolean | FakeStreamFault;
  /**
   * Ends the response cleanly where the job's terminal message (`process_completed`, or
   * `complete`/`error` on the call API) would go: no terminal message, no `close_stream`.
   */
  endWithoutCompletion?: boolean | FakeStreamTarget;
  /** Writes the first half of the message after `afterMessages` messages, then ends the response. */
  truncatedJson?: boolean | FakeStreamFault;
  /** Writes nothing more after `afterMessages` messages, not even heartbeats; the connection stays open. */
  silence?: boolean | FakeStreamFault;
  /**
   * After `afterMessages` messages, repeats `unexpected_error` "Server stopped unexpectedly." every
   * `everyMs` until the client disconnects, as Gradio 5 does when its queue stops
   * (transcripts/queue-server-stopped.txt). On the call API it is an `error` event with that text.
   */
  serverStopped?: boolean | (FakeStreamFault & {
        /** How often the message repeats, in milliseconds. @default 50 */
        everyMs?: number;
      });
  /** Writes every byte as its own chunk, `delayMs` apart (a slowloris-like stream). */
  trickle?: boolean | (FakeStreamTarget & {
        /** Milliseconds between chunks. @default 1 */
        delayMs?: number;
        /** Bytes per chunk. @default 1 */
        bytesPerChunk?: number;
      });
  /** Precedes every message with one of a type no Gradio version sends. */
  unknownMessages?: boolean | FakeStreamTarget;
  /** Writes every terminal message twice. */
  duplicateCompletion?: boolean | FakeStreamTarget;
  /** Precedes every job message on `/queue/data` with a copy for an event id nobody joined. */
  foreignEventIds?: boolean;
  /**
   * Answers the stream as for an unknown session (another replica, an evicted session):
   * `unexpected_error` "404: Not Found" with `session_not_found`, then a dropped connection
   * (transcripts/queue-session-not-found.txt).
   */
  sessionNotFound?: boolean | FakeStreamTarget;
  /** A proxy's `text/html` error page (like the Hugging Face edge while a Space restarts). */
  htmlErrorPage?: FakeHttpFault & {
    /** The status of the page. */
    status: 502 | 503;
  };
  /** `429 Too Many Requests` with this `Retry-After` header (seconds or an HTTP date). */
  rateLimit?: FakeHttpFault & {
    /** The `Retry-After` header's value. */
    retryAfter: string;
  };
  /** A redirect to the same path and query on `to` (an origin, e.g. another server of the test). */
  redirect?: FakeHttpFault & {
    /** The origin to redirect to. */
    to: string;
    /** The redirect status. @default 302 */
    status?: 301 | 302 | 307 | 308;
  };
}

/** One request as the fake server saw it. */
export interface RecordedRequest {
  /** `GET`, `POST`, … */
  method: string;
  /** Path without the query string, e.g. `/gradio_api/queue/join`. */
  path: string;
  /** The query parameters. */
  query: Record<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /**
   * Parsed JSON, else the text; for multipart uploads the parts (`{ parts: [{ name, filename,
   * type, size }] }`) instead of their bytes. Absent for an empty body.
   */
  body?: unknown;
  /** `Date.now()` when it arrived. */
  time: number;
}

/**
 * A job stopped by `/cancel`, by `/reset` (before Gradio 4.31) or by its stream disconnecting
 * (§7). A `/cancel` stops every running job of its function in the session, each recorded; the
 * targeted job is recorded even when it had not started yet, although Gradio 5 (and so the fake)
 * still runs it later. A `/reset` stops only the started generator it names.
 */
export interface CancelRecord {
  /** The job that stopped. */
  eventId: string;
  /** Its dependency. */
  fnIndex: number;
  /** Its session. */
  sessionHash: string;
  /**
   * What stopped it: a `/cancel` request, a `/reset` request (Gradio before 4.31, see
   * `gradioVersion: 4.26`) or its stream disconnecting.
   */
  via: 'cancel' | 'reset' | 'disconnect';
}

/** A file received by `/upload` (or created with `ctx.createFile`). */
export interface UploadedFile {
  /** Server path: `/tmp/gradio/<sha256 of the bytes>/<sanitized name>`. */
  path: string;
  /** The sanitized file name. */
  name: string;
  /** Its media type. */
  type: string;
  /** Size in bytes. */
  size: number;
  /** The file's bytes. */
  bytes: Uint8Array;
}

/**
 * A fake Gradio server as a function: pass it wherever a `fetch` is expected.
 *
 * @example
 * const fake = createFakeGradio({ endpoints: [echo] });
 * const response = await fake(`${fake.url}/config`);
 */
export interface FakeGradio {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Answers one request. */
  handle(request: Request): Promise<Response>;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Jobs stopped by `/cancel`, `/reset` or a disconnect (see `CancelRecord`). */
  readonly cancelled: CancelRecord[];
  /** Event ids of jobs whose function ended early (its generator was stopped). */
  readonly stopped: string[];
  /** Files received by `/upload`. */
  readonly uploads: UploadedFile[];
  /** The base URL it believes it serves, without a trailing slash. */
  url: string;
  /**
   * Responses it is still streaming (queue/data, call, heartbeat, upload progress): 0 once every
   * client hung up its streams and none is being served.
   */
  readonly openStreams: number;
  /** Ends every open stream, stops every timer and aborts running functions. */
  close(): void;
}

/** A fake Gradio server listening on 127.0.0.1. */
export interface FakeGradioServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** Closes streams, timers, connections and the server. */
  close(): Promise<void>;
  /** Every request, in arrival order (the same list as `fake.requests`). */
  requests: RecordedRequest[];
  /** The fake itself: its records (`cancelled`, `stopped`, `uploads`) and handler. */
  fake: FakeGradio;
}
