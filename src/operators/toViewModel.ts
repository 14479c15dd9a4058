import { defer, map, startWith, Subject, takeWhile } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { type GradioError, isGradioError } from '../errors.js';
import { isTerminalEvent, type GradioEvent, type SpaceStage } from '../events.js';
import type { ProgressUnit } from '../protocol.js';
import { textDeltas } from './textDeltas.js';

/**
 * Where a job stands, for a template:
 * - `idle`: no job (only {@link idleViewModel} has it; `toViewModel()` never emits it);
 * - `starting`: subscribed, nothing heard from the server yet (config, join in flight, or a
 *   Hugging Face Space waking up: see `space`);
 * - `uploading`: the inputs' files are being uploaded;
 * - `queued`: waiting in the Space's queue (see `position`, `etaSeconds`);
 * - `running`: a worker runs it, no text yet (see `progress`);
 * - `streaming`: text or outputs are arriving;
 * - `completed` / `error` / `quota`: how it ended (`quota` = ZeroGPU quota, see `retryAfterMs`).
 */
export type JobStatus = 'idle' | 'starting' | 'uploading' | 'queued' | 'running' | 'streaming' | 'completed' | 'error' | 'quota';

/** The progress a job reported (`gr.Progress`, tqdm). */
export interface JobProgress {
  /** 0..1 for the outermost unit that says how far it is; absent for an unsized unit. */
  fraction?: number;
  /** The outermost unit's description (`desc`), when it has one. */
  description?: string;
  /** Every unit, outermost first, as the server sent them. */
  units: ProgressUnit[];
}

/**
 * A job folded into one immutable value: what a template or a signal shows. Each event gives
 * a new object, so change detection by reference works (`OnPush`, signals).
 */
export interface JobViewModel {
  /** Where the job stands. */
  status: JobStatus;
  /** While a Space wakes up (`starting`): the stage it reported last, with its message. */
  space?: {
    /** The stage of the last `space-status` event. */
    stage: SpaceStage;
    /** Its message, when it had one. */
    message?: string;
  };
  /** The followed text so far (the answer of a chat), by the rules of `textDeltas()`. */
  text: string;
  /** The job's id on the server, once known. */
  eventId?: string;
  /** 0-based place in the queue (0 = next to run), while `queued`. */
  position?: number;
  /** Jobs in the queue, while `queued`. */
  queueSize?: number;
  /** The server's estimate of seconds until the job ends (queued) or its run time (running). */
  etaSeconds?: number;
  /** The outermost progress bar, while `running`. */
  progress?: JobProgress;
  /** The last `gr.Info` / `gr.Warning` the app raised. */
  log?: {
    /** Which of `gr.Info`, `gr.Warning`, `gr.Success` (or an error note) raised it. */
    level: 'info' | 'warning' | 'success' | 'error';
    /** The text to show. */
    message: string;
    /** The title the app gave, when there is one. */
    title?: string;
  };
  /** The full current outputs (diffs applied), from the last `generating` or `completed` event. */
  data?: unknown[];
  /** Server-side run time, once `completed`. */
  durationSeconds?: number;
  /** Why it failed: a `GradioError` when `error`, a `GpuQuotaError` when `quota`. */
  error?: GradioError;
  /** When `quota`: how long until the Space takes a job again, in milliseconds. */
  retryAfterMs?: number;
}

/** Options of `toViewModel()`. */
export interface ToViewModelOptions {
  /**
   * Which text to follow in the outputs, as `textDeltas(select)` takes it.
   * @default the last output that is a non-empty string or a chat history (see `textDeltas()`)
   * @example
   * ```ts
   * events$.pipe(toViewModel({ text: (data) => data[1] as string }));
   * ```
   */
  text?: (data: unknown[]) => string | undefined;
}

/** The view model before any job: a starting value for `toSignal`, `startWith` or a resource. */
export const idleViewModel: JobViewModel = /*#__PURE__*/ Object.freeze({ status: 'idle', text: '' }) as JobViewModel;

/**
 * Folds a job's events into a {@link JobViewModel}: `starting` at once, then one new view model
 * per event, ready for a template (`| async`), a signal (`toSignal`) or a resource.
 *
 * The text follows `textDeltas()` (the deltas are added up, so it is the same text that
 * `stream()` gives). When the app rewrites text it had already streamed, the view model
 * ends with `status: 'error'` and that `protocol` error, and the job is unsubscribed (so it is
 * cancelled): a template should not have to catch. Unsubscribing cancels the job as usual.
 *
 * @example
 * ```ts
 * readonly job = toSignal(this.asks.pipe(switchMap((messages) => qwen25.events({ messages }).pipe(toViewModel()))), {
 *   initialValue: idleViewModel,
 * });
 * // template: @if (job().status === 'queued') { In queue: {{ job().position }} }  {{ job().text }}
 * ```
 */
export function toViewModel(options: ToViewModelOptions = {}): OperatorFunction<GradioEvent, JobViewModel> {
  return (source) =>
    defer(() => {
      const text = new TextSum(options.text);
      let current: JobViewModel = { status: 'starting', text: '' };
      let textFailed = false;
      return source.pipe(
        map((event) => {
          const added = text.add(event);
          textFailed = added.error !== undefined;
          current = added.error === undefined ? next(current, event, added.text) : failed(current, added.error);
          return current;
        }),
        startWith(current),
        // A text failure ends the view model (and so the job) even though the job did not end.
        takeWhile(() => !textFailed, true),
      );
    });
}

/** The followed text of the current job: the sum of `textDeltas()`'s deltas. */
class TextSum {
  readonly #events = new Subject<GradioEvent>();
  #text = '';
  #error: unknown;
  #failed = false;
  #jobEnded = false;

  constructor(select: ((data: unknown[]) => string | undefined) | undefined) {
    this.#events.pipe(textDeltas(select)).subscribe({
      next: (delta) => (this.#text += delta),
      error: (error: unknown) => {
        this.#failed = true;
        this.#error = error;
      },
    });
  }

  /**
   * Feeds one event (synchronously) and tells the text after it, or the text's `GradioError`.
   * Anything else thrown (by a `select` function) is a bug and is rethrown.
   */
  add(event: GradioEvent): { text: string; error?: GradioError } {
    // textDeltas resets after a terminal event: so does the sum, for a next job in the stream.
    if (this.#jobEnded) this.#text = '';
    this.#jobEnded = isTerminalEvent(event);
    this.#events.next(event);
    if (!this.#failed) return { text: this.#text };
    if (!isGradioError(this.#error)) throw this.#error;
    return { text: this.#text, error: this.#error };
  }
}

/** The view model after one event. */
function next(previous: JobViewModel, event: GradioEvent, text: string): JobViewModel {
  // A new job in the same stream starts from nothing.
  const base: JobViewModel = isEnded(previous.status) ? { status: 'starting', text: '' } : previous;
  const eventId = 'eventId' in event && event.eventId !== undefined ? { eventId: event.eventId } : {};
  switch (event.type) {
    case 'space-status':
      return { ...base, status: 'starting', text, space: { stage: event.stage, ...defined({ message: event.message }) } };
    case 'uploading':
    case 'uploaded':
      return { ...base, status: 'uploading', text };
    case 'queued':
      return {
        ...withoutQueue(base),
        ...eventId,
        status: 'queued',
        text,
        ...defined({ position: event.position, queueSize: event.queueSize, etaSeconds: event.etaSeconds }),
      };
    case 'started':
      return { ...withoutQueue(base), ...eventId, status: 'running', text, ...defined({ etaSeconds: event.etaSeconds }) };
    case 'progress':
      return { ...withoutQueue(base), ...eventId, status: activeStatus(base), text, progress: progressOf(event.progress) };
    case 'log':
      return {
        ...base,
        ...eventId,
        text,
        log: { level: event.level, message: event.message, ...defined({ title: event.title }) },
      };
    case 'generating':
      return { ...withoutQueue(base), ...eventId, status: 'streaming', text, data: event.data };
    case 'completed':
      return {
        ...withoutQueue(base),
        ...eventId,
        status: 'completed',
        text,
        data: event.data,
        ...defined({ durationSeconds: event.durationSeconds }),
      };
    case 'error':
      return { ...withoutQueue(base), ...eventId, status: 'error', text, error: event.error };
    case 'gpu-quota-error':
      return {
        ...withoutQueue(base),
        ...eventId,
        status: 'quota',
        text,
        error: event.error,
        ...defined({ retryAfterMs: event.retryAfterMs }),
      };
  }
}

function failed(previous: JobViewModel, error: GradioError): JobViewModel {
  return { ...withoutQueue(previous), status: 'error', error };
}

function isEnded(status: JobStatus): boolean {
  return status === 'completed' || status === 'error' || status === 'quota';
}

/** Progress while text streams keeps the status `streaming`. */
function activeStatus(previous: JobViewModel): JobStatus {
  return previous.status === 'streaming' ? 'streaming' : 'running';
}

/** Once out of the queue, its place means nothing. */
function withoutQueue(view: JobViewModel): JobViewModel {
  if (view.position === undefined && view.queueSize === undefined) return view;
  const { position: _position, queueSize: _queueSize, ...rest } = view;
  return rest;
}

function progressOf(units: ProgressUnit[]): JobProgress {
  const outer = units[0];
  const fraction = outer === undefined ? undefined : fractionOf(outer);
  return { units, ...defined({ fraction, description: outer?.desc ?? undefined }) };
}

/** `progress` when the unit has it, else `index / length`; clamped to 0..1. */
function fractionOf(unit: ProgressUnit): number | undefined {
  const raw = unit.progress ?? (unit.index !== null && unit.length ? unit.index / unit.length : undefined);
  return raw === undefined || !Number.isFinite(raw) ? undefined : Math.min(1, Math.max(0, raw));
}

/** Only the fields that have a value: optional fields stay absent rather than `undefined`. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<{
    [K in keyof T]: Exclude<T[K], undefined>;
  }>;
}

