/**
 * Typed errors. One `GradioError` class discriminated by a literal `type`, plus
 * `GpuQuotaError` for ZeroGPU quota failures. Pure: no I/O.
 */

/** What failed. */
export type GradioErrorType =
  /** The server answered with an unexpected HTTP status. */
  | 'http'
  /** The request never got an answer (DNS, reset, refused, aborted by the network). */
  | 'network'
  /** Nothing arrived for longer than the idle timeout. */
  | 'timeout'
  /** HTTP 503 "Queue is full" on join. Retryable. */
  | 'queue-full'
  /** HTTP 422: the inputs were rejected. */
  | 'validation'
  /** The app's function raised (`gr.Error` or a hidden exception). */
  | 'app'
  /** ZeroGPU quota exhausted: see `GpuQuotaError`. */
  | 'gpu-quota'
  /** The Space is sleeping, starting, paused or behind a proxy error page (502/503/504, HTML). */
  | 'space-unavailable'
  /** The Hugging Face hub knows no such Space, or it is private and no valid token was given. */
  | 'space-not-found'
  /** HTTP 429. */
  | 'rate-limited'
  /** HTTP 401/403. */
  | 'auth'
  /** The server sent something that does not follow the Gradio protocol. */
  | 'protocol'
  /** A file could not be uploaded (too large, rejected, unknown type). */
  | 'upload'
  /** The api name or fn_index does not exist in `/config`. */
  | 'endpoint-not-found'
  /** The server lost the session (`session_not_found`) or stopped (`Server stopped unexpectedly.`). */
  | 'session-lost'
  /** The job was cancelled by the server (another client, a `cancels=` event). */
  | 'cancelled'
  /** Bad arguments given to the SDK (malformed URL, unserializable input). */
  | 'invalid-input';

/** What a `GradioError` is made of. */
export interface GradioErrorOptions {
  /** What failed. */
  type: GradioErrorType;
  /** What failed, in words: the request, the status and the server's reason. Never a token. */
  message: string;
  /** The HTTP status, when an answer had one. */
  status?: number;
  /** The endpoint of the job (`/chat`, `fn_index 3`, `upload`), when known. */
  endpoint?: string;
  /** The job's id on the server, when it had one. */
  eventId?: string;
  /** The title the app gave (`gr.Error(title=…)`), when there is one. */
  title?: string;
  /** How long the server asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** The error this one explains (a network error, a parse error, a server payload). */
  cause?: unknown;
}

const brand = /*#__PURE__*/ Symbol.for('gradio-rx.error');

/**
 * The error every failure of gradio-rx is reported with.
 *
 * @example
 * ```ts
 * app.predict('/chat', ['Hi']).subscribe({
 *   error: (e) => { if (isGradioError(e) && e.type === 'queue-full') showBusy(); },
 * });
 * ```
 */
export class GradioError extends Error {
  /** `'GradioError'` (`'GpuQuotaError'` for the subclass). */
  override readonly name: string = 'GradioError';
  /*
   * `declare`d: the constructor creates every one of these own properties, in this order,
   * undefined when the options leave it out (the same properties that class fields would
   * define, without the field declarations in the bundle).
   */
  /** What failed: switch on it. */
  declare readonly type: GradioErrorType;
  /** The HTTP status, when an answer had one. */
  declare readonly status?: number;
  /** The endpoint of the job (`/chat`, `fn_index 3`, `upload`), when known. */
  declare readonly endpoint?: string;
  /** The job's id on the server, when it had one. */
  declare readonly eventId?: string;
  /** The title the app gave (`gr.Error(title=…)`), when there is one. */
  declare readonly title?: string;
  /** How long to wait before trying again, in milliseconds, when the server said. */
  declare readonly retryAfterMs?: number;
  /** @internal brand that survives two copies of the package */
  readonly [brand] = true;

  constructor(options: GradioErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.type = options.type;
    this.status = options.status;
    this.endpoint = options.endpoint;
    this.eventId = options.eventId;
    this.title = options.title;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether trying the same request again later can succeed. */
  get isRetryable(): boolean {
    const { type, status = 0 } = this;
    return type === 'http'
      ? status === 408 || status === 409 || status >= 500
      : /^(?:network|timeout|queue-full|space-unavailable|rate-limited|gpu-quota|session-lost)$/.test(type);
  }
}

/** What a `GpuQuotaError` is made of: a `GradioError`'s options without `type`, plus the quota figures. */
export interface GpuQuotaErrorOptions extends Omit<GradioErrorOptions, 'type'> {
  /** GPU seconds the call asked for. */
  requestedSeconds?: number;
  /** GPU seconds left in the caller's quota. */
  leftSeconds?: number;
}

/** A ZeroGPU quota failure, with what could be read from its message. */
export class GpuQuotaError extends GradioError {
  /** `'GpuQuotaError'`. */
  override readonly name: string = 'GpuQuotaError';
  /** Always `'gpu-quota'`. */
  declare readonly type: 'gpu-quota';
  /** GPU seconds the call asked for, e.g. 60 in "(60s requested vs. 20s left)". */
  declare readonly requestedSeconds?: number;
  /** GPU seconds left in the caller's quota. */
  declare readonly leftSeconds?: number;

  constructor(options: GpuQuotaErrorOptions) {
    super({ ...options, type: 'gpu-quota' });
    this.requestedSeconds = options.requestedSeconds;
    this.leftSeconds = options.leftSeconds;
  }
}

/** True for a `GradioError` from any copy of gradio-rx (bundled twice, other realm). */
export function isGradioError(value: unknown): value is GradioError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** True for a `GpuQuotaError` from any copy of gradio-rx. */
export function isGpuQuotaError(value: unknown): value is GpuQuotaError {
  return isGradioError(value) && value.type === 'gpu-quota';
}

/** True for an `AbortError` (an aborted fetch, read or wait): not a failure, the caller stopped. */
export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
