/**
 * From queue messages (diffs already applied) to `GradioEvent`s. Pure.
 */
import { appErrorFromOutput } from './appError.js';
import { GradioError } from './errors.js';
import { failureEvent, type GeneratingEvent, type GradioEvent, type LogEvent } from './events.js';
import type { AppliedGeneratingMessage } from './diff.js';
import type { DiffOp, QueueMessage } from './protocol.js';

/** The event for one message of a job, or undefined for messages users need not see. */
export function queueMessageToEvent(message: QueueMessage, endpoint?: string): GradioEvent | undefined {
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
        message: typeof log === 'string' ? log : String(log ?? ''),
      };
      if (typeof title === 'string') event.title = title;
      return withNumbers(event, { durationSeconds: message.duration });
    }
    case 'process_generating':
    case 'process_streaming':
      return generatingEvent(eventId, message.output.data, (message as AppliedGeneratingMessage).edits);
    case 'process_completed':
      return completion(message, eventId, endpoint);
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

function completion(message: Extract<QueueMessage, { msg: 'process_completed' }>, eventId: string, endpoint: string | undefined): GradioEvent {
  // The error constructor leaves an undefined endpoint out.
  const context = { eventId, endpoint };
  const { output } = message as { output: unknown };
  const where = endpoint ?? 'The job';
  if (typeof output !== 'object' || output === null || Array.isArray(output)) {
    return failureEvent(new GradioError({ type: 'protocol', message: `${where}: the server sent a process_completed message without an output object`, ...context }), eventId);
  }
  const { data, duration } = output as Record<string, unknown>;
  if (message.success === false || 'error' in output) {
    return failureEvent(appErrorFromOutput(output, message.title, context), eventId);
  }
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
