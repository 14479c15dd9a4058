/**
 * From a job's messages to `GradioEvent`s: queue messages (diffs already applied) and `/call`
 * stream events (§5.2). Pure.
 *
 * The error of a failed job (appError.ts, with the ZeroGPU quota texts) is made by a function
 * passed in: the synchronous API (queueEvents.ts, callEvents.ts) passes appError.ts's own,
 * and the job followers, which every import pulls, versions that load it with the first
 * failure and return a promise until then.
 */
import { GradioError } from './errors.js';
import { failureEvent, type GeneratingEvent, type GradioEvent, type LogEvent } from './events.js';
import type { AppliedGeneratingMessage } from './diff.js';
import { isPromise, type Mapped } from './orderedMapper.js';
import type { DiffOp, ErrorOutput, QueueMessage } from './protocol.js';

/** The error of a failed queue job from its `process_completed` output: appError.ts's `appErrorFromOutput`, or its promise. */
export type AppFailure<R extends Failure> = (output: Partial<ErrorOutput>, title: string | null | undefined, context: { endpoint: string | undefined; eventId: string }) => R;

/** The error of a `/call` job from its `error` event's data: appError.ts's `callError`, or its promise. */
export type CallFailure<R extends Failure> = (value: unknown, eventId: string, endpoint: string) => R;

/** A failed job's error, or its promise while the code that words it loads. */
export type Failure = GradioError | Promise<GradioError>;

/**
 * The event for one message of a job, or undefined for messages users need not see; the error
 * of a failed completion is what `appFailure` makes of it (a promise of the event, if a promise).
 */
export function queueEvent(message: QueueMessage, endpoint: string | undefined, appFailure: AppFailure<GradioError>): GradioEvent | undefined;
export function queueEvent(message: QueueMessage, endpoint: string | undefined, appFailure: AppFailure<Failure>): Mapped<GradioEvent>;
export function queueEvent(message: QueueMessage, endpoint: string | undefined, appFailure: AppFailure<Failure>): Mapped<GradioEvent> {
  const eventId = message.event_id ?? '';
  switch (message.msg) {
    case 'estimation':
      return withNumbers({ type: 'queued', eventId }, { position: message.rank, queueSize: message.queue_size, etaSeconds: message.rank_eta });
    case 'process_starts':
      return withNumbers({ type: 'started', eventId }, { etaSeconds: message.eta });
    case 'progress':
      return { type: 'progress', eventId, progress: Array.isArray(message.progress_data) ? message.progress_data : [] };
    case 'log': {
      const { level, log, title } = message;
      const event: LogEvent = {
        type: 'log',
        eventId,
        level: logLevels.includes(level!) ? level! : 'info',
        message: logText(log),
      };
      if (typeof title === 'string') event.title = title;
      return withNumbers(event, { durationSeconds: message.duration });
    }
    case 'process_generating':
    case 'process_streaming':
      return generatingEvent(eventId, message.output.data, (message as AppliedGeneratingMessage).edits);
    case 'process_completed':
      return completion(message, eventId, endpoint, appFailure);
    default:
      return undefined;
  }
}

/** A `generating` event: the full outputs, and the server's edit lists when it sent diffs. */
export function generatingEvent(eventId: string, data: unknown[], edits: DiffOp[][] | undefined): GeneratingEvent {
  // Two literals rather than a conditional spread: this runs for every token.
  return edits === undefined ? { type: 'generating', eventId, data } : { type: 'generating', eventId, data, edits };
}

const logLevels: readonly unknown[] = ['info', 'warning', 'success', 'error'];

/**
 * Gradio sends the log as a string; anything else is shown as its JSON. Not String(): a wire
 * object such as `{"toString": false}` has no usable conversion to a primitive, and it throws.
 */
function logText(log: unknown): string {
  if (typeof log === 'string') return log;
  return log === undefined || log === null ? '' : JSON.stringify(log);
}

function completion(message: Extract<QueueMessage, { msg: 'process_completed' }>, eventId: string, endpoint: string | undefined, appFailure: AppFailure<Failure>): Mapped<GradioEvent> {
  // The error constructor leaves an undefined endpoint out.
  const context = { eventId, endpoint };
  const { output } = message as { output: unknown };
  const where = endpoint ?? 'The job';
  if (typeof output !== 'object' || output === null || Array.isArray(output)) {
    return failureEvent(new GradioError({ type: 'protocol', message: `${where}: the server sent a process_completed message without an output object`, ...context }), eventId);
  }
  const { data, duration } = output as Record<string, unknown>;
  if (message.success === false || 'error' in output) return failed(appFailure(output, message.title, context), eventId);
  // Without data: the synthetic completion Gradio writes after a /cancel, `output: {}` (§7.2).
  return Array.isArray(data)
    ? withNumbers({ type: 'completed', eventId, data }, { durationSeconds: duration })
    : failureEvent(new GradioError({ type: 'cancelled', message: `${where} was cancelled on the server`, ...context }), eventId);
}

/** The event with each of `numbers` that is a finite number added, in order; the others are left out. */
function withNumbers<T extends GradioEvent>(event: T, numbers: Record<string, unknown>): T {
  for (const key in numbers) if (Number.isFinite(numbers[key])) (event as unknown as Record<string, unknown>)[key] = numbers[key];
  return event;
}

/** The terminal event for a failed job's error, or its promise. */
function failed(error: Failure, eventId: string): Mapped<GradioEvent> {
  return isPromise(error) ? error.then((loaded) => failureEvent(loaded, eventId)) : failureEvent(error, eventId);
}

/**
 * The event for one `/call` SSE event, or undefined (heartbeats, unknown names); the error of
 * an `error` event is what `callFailure` makes of its data (a promise of the event, if a promise).
 */
export function callEvent(name: string | undefined, data: string, eventId: string, endpoint: string, callFailure: CallFailure<GradioError>): GradioEvent | undefined;
export function callEvent(name: string | undefined, data: string, eventId: string, endpoint: string, callFailure: CallFailure<Failure>): Mapped<GradioEvent>;
export function callEvent(name: string | undefined, data: string, eventId: string, endpoint: string, callFailure: CallFailure<Failure>): Mapped<GradioEvent> {
  if (name !== 'generating' && name !== 'complete' && name !== 'error') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    return failureEvent(new GradioError({ type: 'protocol', message: `${endpoint}: the server sent an unreadable ${name} event`, endpoint, eventId, cause }), eventId);
  }
  if (name === 'error') return failed(callFailure(value, eventId, endpoint), eventId);
  if (!Array.isArray(value)) {
    return failureEvent(new GradioError({ type: 'protocol', message: `${endpoint}: a ${name} event did not carry an array of outputs`, endpoint, eventId }), eventId);
  }
  return name === 'generating' ? { type: 'generating', eventId, data: value } : { type: 'completed', eventId, data: value };
}
