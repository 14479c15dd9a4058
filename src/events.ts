/**
 * The events a job emits: a union discriminated on `type`. Pure types and guards.
 *
 * A job stream emits any number of non-terminal events and then exactly one terminal
 * event (`completed`, `error` or `gpu-quota-error`), then completes.
 */
import type { GpuQuotaError, GradioError } from './errors.js';
import type { DiffOp, FileData, ProgressUnit } from './protocol.js';

/**
 * What a Hugging Face Space is doing, as its runtime reports it: `sleeping` (woken by the
 * job's traffic), `building` and `starting` (wait), `running` (ready), `paused` and `error`
 * (the job ends with a `space-unavailable` error).
 */
export type SpaceStage = 'sleeping' | 'building' | 'starting' | 'running' | 'paused' | 'error';

/**
 * A Space that was not running when the job started: one event per stage it went through
 * while the job woke it and waited (the last one `running`), all before `queued`.
 */
export interface SpaceStatusEvent {
  /** Discriminant. */
  type: 'space-status';
  /** The stage the hub reported. */
  stage: SpaceStage;
  /** A sentence for people, e.g. "owner/name is building". */
  message?: string;
}

/** Files are being uploaded before the job is submitted. */
export interface UploadingEvent {
  /** Discriminant. */
  type: 'uploading';
  /** The files found in the inputs, in input order. */
  files: {
    /** The file name sent with the upload (a `File`'s name, else `blob`). */
    name: string;
    /** Size in bytes. */
    size: number;
  }[];
}

/** The files were uploaded; `files` replace the Blobs in the inputs. */
export interface UploadedEvent {
  /** Discriminant. */
  type: 'uploaded';
  /** What the server stored, in the order of `uploading`'s files. */
  files: FileData[];
}

/** The job is in the queue. `position` is 0-based (0 = next to run). */
export interface QueuedEvent {
  /** Discriminant. */
  type: 'queued';
  /** The job's id on the server (`event_id`). */
  eventId: string;
  /** Jobs ahead of this one; 0 means it runs next. */
  position?: number;
  /** Jobs waiting in the queue in all. */
  queueSize?: number;
  /** The server's estimate of when the job will finish, in seconds from now. */
  etaSeconds?: number;
}

/** A worker picked the job. */
export interface StartedEvent {
  /** Discriminant. */
  type: 'started';
  /** The job's id on the server. */
  eventId: string;
  /** The server's estimate of the run time, in seconds. */
  etaSeconds?: number;
}

/** `gr.Progress` / tqdm updates. */
export interface ProgressEvent {
  /** Discriminant. */
  type: 'progress';
  /** The job's id on the server. */
  eventId: string;
  /** One unit per nested progress bar, outermost first. */
  progress: ProgressUnit[];
}

/** `gr.Info` / `gr.Warning` / `gr.Success` raised inside the function, and ZeroGPU notes. */
export interface LogEvent {
  /** Discriminant. */
  type: 'log';
  /** The job's id on the server. */
  eventId: string;
  /** Which of `gr.Info`, `gr.Warning`, `gr.Success` (or an error note) raised it. */
  level: 'info' | 'warning' | 'success' | 'error';
  /** The text shown to the user. */
  message: string;
  /** The title the app gave, when there is one. */
  title?: string;
  /** How long the app wants the message shown, in seconds. */
  durationSeconds?: number;
}

/** An intermediate output: full values, with the server's diffs already applied. */
export interface GeneratingEvent {
  /** Discriminant. */
  type: 'generating';
  /** The job's id on the server. */
  eventId: string;
  /** The full current value of every output. Never mutated after it was emitted. */
  data: unknown[];
  /**
   * What changed since the previous `generating` event, per output: the edits the server
   * sent (`[]` = unchanged), or `undefined` when this event carried full values.
   */
  edits?: DiffOp[][];
}

/** The job succeeded. Terminal. */
export interface CompletedEvent {
  /** Discriminant. */
  type: 'completed';
  /** The job's id on the server (empty for a `/call` job whose id was never needed). */
  eventId: string;
  /** The final value of every output. */
  data: unknown[];
  /** How long the function ran on the server, in seconds. */
  durationSeconds?: number;
}

/** The job failed. Terminal. */
export interface ErrorEvent {
  /** Discriminant. */
  type: 'error';
  /** The job's id, when the failure came after the server gave one. */
  eventId?: string;
  /** What failed, typed. */
  error: GradioError;
}

/** The job failed on a ZeroGPU quota. Terminal. */
export interface GpuQuotaErrorEvent {
  /** Discriminant. */
  type: 'gpu-quota-error';
  /** The job's id, when the server gave one. */
  eventId?: string;
  /** The error, for `throwError` and `retryOnGpuQuota()`. */
  error: GpuQuotaError;
  /** The quota message as the Space wrote it (HTML and markdown links removed). */
  message: string;
  /** GPU seconds the call asked for. */
  requestedSeconds?: number;
  /** GPU seconds left in the caller's quota. */
  leftSeconds?: number;
  /** When the quota lets a job of this size run again, in milliseconds from now. */
  retryAfterMs?: number;
}

/** Everything a job emits, discriminated on `type`. */
export type GradioEvent =
  | SpaceStatusEvent
  | UploadingEvent
  | UploadedEvent
  | QueuedEvent
  | StartedEvent
  | ProgressEvent
  | LogEvent
  | GeneratingEvent
  | CompletedEvent
  | ErrorEvent
  | GpuQuotaErrorEvent;

/** The events that end a job: exactly one per job. */
export type TerminalEvent = CompletedEvent | ErrorEvent | GpuQuotaErrorEvent;

/** True for the events that end a job. */
export function isTerminalEvent(event: GradioEvent): event is TerminalEvent {
  return event.type === 'completed' || event.type === 'error' || event.type === 'gpu-quota-error';
}

/** The terminal event for a failure: `gpu-quota-error` for quota errors, else `error`. */
export function failureEvent(error: GradioError, eventId?: string): ErrorEvent | GpuQuotaErrorEvent {
  const id = eventId ?? error.eventId;
  if (error.type === 'gpu-quota') {
    const quota = error as GpuQuotaError;
    const event: GpuQuotaErrorEvent = { type: 'gpu-quota-error', error: quota, message: quota.message };
    if (id !== undefined) event.eventId = id;
    if (quota.requestedSeconds !== undefined) event.requestedSeconds = quota.requestedSeconds;
    if (quota.leftSeconds !== undefined) event.leftSeconds = quota.leftSeconds;
    if (quota.retryAfterMs !== undefined) event.retryAfterMs = quota.retryAfterMs;
    return event;
  }
  return id === undefined ? { type: 'error', error } : { type: 'error', eventId: id, error };
}
