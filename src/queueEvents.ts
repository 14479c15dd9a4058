/**
 * From queue messages (diffs already applied) to `GradioEvent`s. Pure.
 */
import { appErrorFromOutput } from './appError.js';
import { GradioError } from './errors.js';
import { failureEvent, type GradioEvent } from './events.js';
import type { AppliedGeneratingMessage } from './operators/applyDiffs.js';
import type { QueueMessage } from './protocol.js';

/** The event for one message of a job, or undefined for messages users need not see. */
export function queueMessageToEvent(message: QueueMessage, endpoint?: string): GradioEvent | undefined {
  const eventId = message.event_id ?? '';
  switch (message.msg) {
    case 'estimation':
      return {
        type: 'queued',
        eventId,
        ...optionalNumber('position', message.rank),
        ...optionalNumber('queueSize', message.queue_size),
        ...optionalNumber('etaSeconds', message.rank_eta),
      };
    case 'process_starts':
      return { type: 'started', eventId, ...optionalNumber('etaSeconds', message.eta) };
    case 'progress':
      return { type: 'progress', eventId, progress: Array.isArray(message.progress_data) ? message.progress_data : [] };
    case 'log':
      return {
        type: 'log',
        eventId,
        level: message.level !== undefined && logLevels.has(message.level) ? message.level : 'info',
        message: typeof message.log === 'string' ? message.log : String(message.log ?? ''),
        ...(typeof message.title === 'string' ? { title: message.title } : {}),
        ...optionalNumber('durationSeconds', message.duration),
      };
    case 'process_generating':
    case 'process_streaming': {
      const { edits } = message as AppliedGeneratingMessage;
      // Two literals rather than a conditional spread: this runs for every token.
      return edits === undefined ? { type: 'generating', eventId, data: message.output.data } : { type: 'generating', eventId, data: message.output.data, edits };
    }
    case 'process_completed':
      return completion(message, eventId, endpoint);
    default:
      return undefined;
  }
}

const logLevels = new Set<unknown>(['info', 'warning', 'success', 'error']);

function completion(message: Extract<QueueMessage, { msg: 'process_completed' }>, eventId: string, endpoint: string | undefined): GradioEvent {
  const context = { eventId, ...(endpoint === undefined ? {} : { endpoint }) };
  if (typeof message.output !== 'object' || message.output === null || Array.isArray(message.output)) {
    const what = `${endpoint ?? 'The job'}: the server sent a process_completed message without an output object`;
    return failureEvent(new GradioError({ type: 'protocol', message: what, ...context }), eventId);
  }
  const output = message.output as Record<string, unknown>;
  if (message.success === false || 'error' in output) {
    return failureEvent(appErrorFromOutput(output, message.title, context), eventId);
  }
  if (!Array.isArray(output['data'])) {
    // The synthetic completion Gradio writes after a /cancel: `output: {}` (§7.2).
    return failureEvent(new GradioError({ type: 'cancelled', message: `${endpoint ?? 'The job'} was cancelled on the server`, ...context }), eventId);
  }
  return { type: 'completed', eventId, data: output['data'], ...optionalNumber('durationSeconds', output['duration']) };
}

function optionalNumber<K extends string>(key: K, value: unknown): { [P in K]?: number } {
  return (typeof value === 'number' && Number.isFinite(value) ? { [key]: value } : {}) as { [P in K]?: number };
}
