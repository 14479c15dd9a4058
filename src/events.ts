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
  type: 'space-status';
  stage: SpaceStage;
  /** A sentence for people, e.g. "owner/name is building (BUILDING)". */
  message?: string;
}

/** Files are being uploaded before the job is submitted. */
export interface UploadingEvent {
  type: 'uploading';
  files: { name: string; size: number }[];
}

/** The files were uploaded; `files` replace the Blobs in the inputs. */
export interface UploadedEvent {
  type: 'uploaded';
  files: FileData[];
}

/** The job is in the queue. `position` is 0-based (0 = next to run). */
export interface QueuedEvent {
  type: 'queued';
  eventId: string;
  position?: number;
  queueSize?: number;
  etaSeconds?: number;
}

/** A worker picked the job. */
export interface StartedEvent {
  type: 'started';
  eventId: string;
  etaSeconds?: number;
}

/** `gr.Progress` / tqdm updates. */
export interface ProgressEvent {
  type: 'progress';
  eventId: string;
  progress: ProgressUnit[];
}

/** `gr.Info` / `gr.Warning` / `gr.Success` raised inside the function, and ZeroGPU notes. */
export interface LogEvent {
  type: 'log';
  eventId: string;
  level: 'info' | 'warning' | 'success' | 'error';
  message: string;
  title?: string;
  durationSeconds?: number;
}

/** An intermediate output: full values, with the server's diffs already applied. */
export interface GeneratingEvent {
  type: 'generating';
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
  type: 'completed';
  eventId: string;
  data: unknown[];
  durationSeconds?: number;
}

/** The job failed. Terminal. */
export interface ErrorEvent {
  type: 'error';
  eventId?: string;
  error: GradioError;
}

/** The job failed on a ZeroGPU quota. Terminal. */
export interface GpuQuotaErrorEvent {
  type: 'gpu-quota-error';
  eventId?: string;
  error: GpuQuotaError;
  message: string;
  requestedSeconds?: number;
  leftSeconds?: number;
  retryAfterMs?: number;
}

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
