/**
 * Wire types of the Gradio HTTP/SSE protocol (Gradio 4.x and 5.x, protocols sse_v1..sse_v3).
 * Pure types: shared by the client and by the fake server in `gradio-rx/testing`.
 * Section numbers refer to the protocol spec (spec/gradio-protocol.md).
 */

/** Queue protocol announced by `/config` (§1). */
export type QueueProtocol = 'sse' | 'sse_v1' | 'sse_v2' | 'sse_v2.1' | 'sse_v3' | 'ws';

/** A component as listed in `/config` (§3.3); only the fields a client reads. */
export interface ComponentConfig {
  id: number;
  type: string;
  props?: Record<string, unknown>;
  skip_api?: boolean;
  [key: string]: unknown;
}

/** A dependency (event listener) in `/config` (§3.3). `id` is the fn_index. */
export interface DependencyConfig {
  /** The fn_index. Missing before Gradio 4.32: then it is the position in `dependencies`. */
  id?: number;
  targets?: [number, string][];
  inputs: number[];
  outputs: number[];
  backend_fn?: boolean;
  queue?: boolean | null;
  /** Name without a leading slash, or `false`/`null` for endpoints not exposed by name. */
  api_name?: string | false | null;
  types?: { generator?: boolean; cancel?: boolean };
  connection?: 'sse' | 'stream';
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
  version?: string;
  protocol?: QueueProtocol;
  /** `/gradio_api` on Gradio 5; absent (meaning `''`) on Gradio 4. */
  api_prefix?: string;
  root?: string;
  space_id?: string | null;
  app_id?: number;
  enable_queue?: boolean;
  max_file_size?: number | null;
  show_error?: boolean;
  connect_heartbeat?: boolean;
  components: ComponentConfig[];
  dependencies: DependencyConfig[];
  [key: string]: unknown;
}

/** One parameter or return value in `{prefix}/info` (§3.4). */
export interface ApiParameterInfo {
  label?: string;
  parameter_name?: string;
  parameter_has_default?: boolean;
  parameter_default?: unknown;
  type?: unknown;
  python_type?: { type: string; description?: string };
  component?: string;
  example_input?: unknown;
  [key: string]: unknown;
}

export interface EndpointInfo {
  parameters: ApiParameterInfo[];
  returns: ApiParameterInfo[];
  show_api?: boolean;
  description?: string;
  [key: string]: unknown;
}

/** `GET {prefix}/info` (§3.4). Keys of `named_endpoints` carry a leading slash. */
export interface ApiInfo {
  named_endpoints: Record<string, EndpointInfo>;
  unnamed_endpoints: Record<string, EndpointInfo>;
}

/** A file reference as Gradio passes it in inputs and outputs (§11.2). */
export interface FileData {
  path: string;
  url?: string | null;
  size?: number | null;
  orig_name?: string | null;
  mime_type?: string | null;
  is_stream?: boolean;
  meta: { _type: 'gradio.FileData' };
}

/** One edit of a streaming diff (§6.6): `[op, path, value]`. */
export type DiffOp = [
  op: 'replace' | 'append' | 'add' | 'delete',
  path: (string | number)[],
  value: unknown,
];

/** One unit of `progress_data` (§6.3). */
export interface ProgressUnit {
  index: number | null;
  length: number | null;
  unit: string | null;
  progress: number | null;
  desc: string | null;
}

/** `output` of a successful `process_generating`/`process_completed` (§6.3). */
export interface SuccessOutput {
  data: unknown[];
  is_generating?: boolean;
  duration?: number | null;
  average_duration?: number | null;
  render_config?: unknown;
  changed_state_ids?: number[];
  [key: string]: unknown;
}

/** `output` of a failed `process_completed` (§10.1). */
export interface ErrorOutput {
  error: string | null;
  duration?: number | null;
  visible?: boolean;
  title?: string | null;
  [key: string]: unknown;
}

interface MessageBase {
  event_id: string | null;
}

export interface EstimationMessage extends MessageBase {
  msg: 'estimation';
  rank?: number | null;
  queue_size?: number | null;
  rank_eta?: number | null;
}
export interface ProcessStartsMessage extends MessageBase {
  msg: 'process_starts';
  eta?: number | null;
}
export interface ProgressMessage extends MessageBase {
  msg: 'progress';
  progress_data?: ProgressUnit[] | null;
}
export interface LogMessage extends MessageBase {
  msg: 'log';
  log: string;
  level?: 'info' | 'warning' | 'success' | 'error';
  duration?: number | null;
  visible?: boolean;
  title?: string | null;
}
export interface ProcessGeneratingMessage extends MessageBase {
  msg: 'process_generating' | 'process_streaming';
  output: SuccessOutput;
  success?: boolean;
  time_limit?: number | null;
}
export interface ProcessCompletedMessage extends MessageBase {
  msg: 'process_completed';
  /** Success: `SuccessOutput`; failure: `ErrorOutput`; cancelled: `{}` (§7.2). */
  output: SuccessOutput | ErrorOutput | Record<string, never>;
  success?: boolean;
  title?: string | null;
}
export interface HeartbeatMessage extends MessageBase {
  msg: 'heartbeat';
}
export interface CloseStreamMessage extends MessageBase {
  msg: 'close_stream';
}
export interface UnexpectedErrorMessage extends MessageBase {
  msg: 'unexpected_error';
  message?: string;
  session_not_found?: boolean;
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
  data: unknown[];
  event_data: unknown;
  fn_index: number;
  trigger_id: number | null;
  session_hash: string;
}

/** Body of `POST {prefix}/cancel` (§7.2). */
export interface CancelBody {
  event_id: string;
  session_hash: string;
  fn_index: number;
}
