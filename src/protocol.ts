/**
 * Wire types of the Gradio HTTP/SSE protocol (Gradio 4.x and 5.x, protocols sse_v1..sse_v3).
 * Pure types: shared by the client and by the fake server in `gradio-rx/testing`.
 * Section numbers refer to the protocol spec (spec/gradio-protocol.md).
 */

/** Queue protocol announced by `/config` (§1). */
export type QueueProtocol = 'sse' | 'sse_v1' | 'sse_v2' | 'sse_v2.1' | 'sse_v3' | 'ws';

/** A component as listed in `/config` (§3.3); only the fields a client reads. */
export interface ComponentConfig {
  /** The component id that dependencies refer to. */
  id: number;
  /** The component kind, lower-case (`textbox`, `chatbot`, `state`…). */
  type: string;
  /** The component's constructor arguments as the server serialised them. */
  props?: Record<string, unknown>;
  /** True for components the API does not expose (e.g. `gr.State`). */
  skip_api?: boolean;
  [key: string]: unknown;
}

/** A dependency (event listener) in `/config` (§3.3). `id` is the fn_index. */
export interface DependencyConfig {
  /** The fn_index. Missing before Gradio 4.32: then it is the position in `dependencies`. */
  id?: number;
  /** `[component id, event name]` pairs that fire it; the first id is the default `trigger_id`. */
  targets?: [number, string][];
  /** Component ids of its inputs, in wire order. */
  inputs: number[];
  /** Component ids of its outputs, in wire order. */
  outputs: number[];
  /** False for frontend-only (`js=`) listeners. */
  backend_fn?: boolean;
  /** Whether it runs through the queue (`null`: the app's default). */
  queue?: boolean | null;
  /** Name without a leading slash, or `false`/`null` for endpoints not exposed by name. */
  api_name?: string | false | null;
  /** Whether the function is a generator, and whether it is a cancel listener. */
  types?: {
    /** The function is a generator: it streams `process_generating` messages. */
    generator?: boolean;
    /** The listener cancels other events. */
    cancel?: boolean;
  };
  /** How its outputs stream: `sse` (queue) or `stream` (media streaming). */
  connection?: 'sse' | 'stream';
  /** Gradio 4/5: whether the API page lists it. */
  show_api?: boolean;
  /**
   * Gradio 6 (replaces `show_api`): `private` endpoints cannot be called by name, `undocumented`
   * ones can but are absent from `/info`.
   */
  api_visibility?: 'public' | 'private' | 'undocumented';
  [key: string]: unknown;
}

/** `GET {root}/config` (§3.3). */
export interface GradioConfig {
  /** The Gradio version of the server, e.g. `5.49.1`. */
  version?: string;
  /** The queue protocol the server speaks. */
  protocol?: QueueProtocol;
  /** `/gradio_api` on Gradio 5; absent (meaning `''`) on Gradio 4. */
  api_prefix?: string;
  /** The URL the server believes it is served at. Never used as a request base. */
  root?: string;
  /** `owner/name` when it runs on a Hugging Face Space. */
  space_id?: string | null;
  /** An id of this app instance, changing when the server restarts. */
  app_id?: number;
  /** Whether the queue is on (always true since Gradio 4). */
  enable_queue?: boolean;
  /** The upload limit in bytes, `null` for none. */
  max_file_size?: number | null;
  /** Whether the app sends exception texts to clients. */
  show_error?: boolean;
  /** Whether the frontend opens the heartbeat stream. */
  connect_heartbeat?: boolean;
  /** Every component of the app. */
  components: ComponentConfig[];
  /** Every event listener; the position (or `id`) is the fn_index. */
  dependencies: DependencyConfig[];
  [key: string]: unknown;
}

/** One parameter or return value in `{prefix}/info` (§3.4). */
export interface ApiParameterInfo {
  /** The component's label. */
  label?: string;
  /** The Python parameter name (named arguments use it). */
  parameter_name?: string;
  /** Whether the parameter has a default value. */
  parameter_has_default?: boolean;
  /** The default value, when it has one. */
  parameter_default?: unknown;
  /** A JSON schema of the value. */
  type?: unknown;
  /** The Python type and a description, as the API page shows them. */
  python_type?: {
    /** The Python type, e.g. `str`, `Literal['a', 'b']`. */
    type: string;
    /** What it holds, in words. */
    description?: string;
  };
  /** The component class name (`Textbox`, `Chatbot`…). */
  component?: string;
  /** A value that the component accepts. */
  example_input?: unknown;
  [key: string]: unknown;
}

/** One endpoint in `{prefix}/info` (§3.4). */
export interface EndpointInfo {
  /** The inputs the API takes, in order (State inputs are left out). */
  parameters: ApiParameterInfo[];
  /** The outputs, in order. */
  returns: ApiParameterInfo[];
  /** Gradio 4/5: whether the API page lists it. */
  show_api?: boolean;
  /** The function's docstring, when any. */
  description?: string;
  [key: string]: unknown;
}

/** `GET {prefix}/info` (§3.4). Keys of `named_endpoints` carry a leading slash. */
export interface ApiInfo {
  /** Endpoints by api name, with a leading slash. */
  named_endpoints: Record<string, EndpointInfo>;
  /** Endpoints without api name, by fn_index. */
  unnamed_endpoints: Record<string, EndpointInfo>;
}

/** A file reference as Gradio passes it in inputs and outputs (§11.2). */
export interface FileData {
  /** The server-side path that identifies the file (what an upload returns). */
  path: string;
  /** A URL to download it from, when the server built one. */
  url?: string | null;
  /** Size in bytes. */
  size?: number | null;
  /** The file's name on the client that sent it. */
  orig_name?: string | null;
  /** Its media type. */
  mime_type?: string | null;
  /** Whether it is a streamed media file. */
  is_stream?: boolean;
  /** The marker Gradio 4.x+ uses to recognise a FileData. */
  meta: {
    /** Always `gradio.FileData`. */
    _type: 'gradio.FileData';
  };
}

/** One edit of a streaming diff (§6.6): `[op, path, value]`. */
export type DiffOp = [
  op: 'replace' | 'append' | 'add' | 'delete',
  path: (string | number)[],
  value: unknown,
];

/** One unit of `progress_data` (§6.3). */
export interface ProgressUnit {
  /** Steps done. */
  index: number | null;
  /** Steps in all, `null` when unknown. */
  length: number | null;
  /** What a step is (`steps`, `it`…). */
  unit: string | null;
  /** A fraction from 0 to 1, when the app gave one instead of steps. */
  progress: number | null;
  /** The bar's description. */
  desc: string | null;
}

/** `output` of a successful `process_generating`/`process_completed` (§6.3). */
export interface SuccessOutput {
  /** One value per output (a list of diff edits per output after the first `process_generating` on sse_v2+). */
  data: unknown[];
  /** Whether more values follow. */
  is_generating?: boolean;
  /** Seconds the function ran. */
  duration?: number | null;
  /** The server's running average of this function's duration. */
  average_duration?: number | null;
  /** The new layout of a `gr.render` block, when it changed. */
  render_config?: unknown;
  /** Ids of the `gr.State` components whose value changed. */
  changed_state_ids?: number[];
  [key: string]: unknown;
}

/** `output` of a failed `process_completed` (§10.1). */
export interface ErrorOutput {
  /** The error text, `null` when the app hides it. */
  error: string | null;
  /** Seconds a `gr.Error` toast stays. */
  duration?: number | null;
  /** Whether a `gr.Error` is shown. */
  visible?: boolean;
  /** The error's title. */
  title?: string | null;
  [key: string]: unknown;
}

interface MessageBase {
  /** The job the message is about; `null` for messages about the whole stream. */
  event_id: string | null;
}

/** `estimation`: the job's place in the queue moved. */
export interface EstimationMessage extends MessageBase {
  /** Discriminant. */
  msg: 'estimation';
  /** 0-based place in the queue. */
  rank?: number | null;
  /** Jobs in the queue. */
  queue_size?: number | null;
  /** Seconds until this job is expected to finish. */
  rank_eta?: number | null;
}
/** `process_starts`: a worker picked the job. */
export interface ProcessStartsMessage extends MessageBase {
  /** Discriminant. */
  msg: 'process_starts';
  /** The expected run time in seconds. */
  eta?: number | null;
}
/** `progress`: `gr.Progress` / tqdm updates. */
export interface ProgressMessage extends MessageBase {
  /** Discriminant. */
  msg: 'progress';
  /** One unit per nested progress bar. */
  progress_data?: ProgressUnit[] | null;
}
/** `log`: `gr.Info` / `gr.Warning` / `gr.Success`. */
export interface LogMessage extends MessageBase {
  /** Discriminant. */
  msg: 'log';
  /** The message text. */
  log: string;
  /** Which of `gr.Info`, `gr.Warning`, `gr.Success` raised it. */
  level?: 'info' | 'warning' | 'success' | 'error';
  /** Seconds the toast stays. */
  duration?: number | null;
  /** Whether it is shown. */
  visible?: boolean;
  /** Its title. */
  title?: string | null;
}
/** `process_generating`: an intermediate output. */
export interface ProcessGeneratingMessage extends MessageBase {
  /** Discriminant (`process_streaming` carries media chunks). */
  msg: 'process_generating' | 'process_streaming';
  /** The values so far. */
  output: SuccessOutput;
  /** Always true for a generating message. */
  success?: boolean;
  /** The function's time limit in seconds, when set. */
  time_limit?: number | null;
}
/** `process_completed`: the job ended. */
export interface ProcessCompletedMessage extends MessageBase {
  /** Discriminant. */
  msg: 'process_completed';
  /** Success: `SuccessOutput`; failure: `ErrorOutput`; cancelled: `{}` (§7.2). */
  output: SuccessOutput | ErrorOutput | Record<string, never>;
  /** Whether the job succeeded. */
  success?: boolean;
  /** The error's title on failure. */
  title?: string | null;
}
/** `heartbeat`: keeps the stream alive. */
export interface HeartbeatMessage extends MessageBase {
  /** Discriminant. */
  msg: 'heartbeat';
}
/** `close_stream`: no job of the session is left. */
export interface CloseStreamMessage extends MessageBase {
  /** Discriminant: the server closes the session stream. */
  msg: 'close_stream';
}
/** `unexpected_error`: the server failed outside any job's function. */
export interface UnexpectedErrorMessage extends MessageBase {
  /** Discriminant. */
  msg: 'unexpected_error';
  /** What went wrong on the server. */
  message?: string;
  /** True when the server does not know the session. */
  session_not_found?: boolean;
  /** Always false. */
  success?: boolean;
}

/** Every message of `/queue/data` (§6.3). */
export type QueueMessage =
  | EstimationMessage
  | ProcessStartsMessage
  | ProgressMessage
  | LogMessage
  | ProcessGeneratingMessage
  | ProcessCompletedMessage
  | HeartbeatMessage
  | CloseStreamMessage
  | UnexpectedErrorMessage;

/** `event:` names of the `/call` stream (§5.2). */
export type CallEventName = 'generating' | 'complete' | 'error' | 'heartbeat';

/** Body of `POST {prefix}/queue/join` (§6.1). */
export interface JoinBody {
  /** The positional inputs. */
  data: unknown[];
  /** `EventData` of select/like-style events, else `null`. */
  event_data: unknown;
  /** The dependency to run. */
  fn_index: number;
  /** The component that fired the event. */
  trigger_id: number | null;
  /** The session the job belongs to. */
  session_hash: string;
}

/** Body of `POST {prefix}/reset`: before Gradio 4.31, what stops one event (a no-op since). */
export interface ResetBody {
  /** The job to stop. */
  event_id: string;
}

/** Body of `POST {prefix}/cancel` (§7.2). */
export interface CancelBody {
  /** The job to cancel. */
  event_id: string;
  /** Its session. */
  session_hash: string;
  /** Its dependency. */
  fn_index: number;
}
