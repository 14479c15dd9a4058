/**
 * The `/queue/data` messages (§6.3) with their fields in wire order (`msg`, `event_id`, then the
 * rest), for Gradio 5 and the older Gradio 4 shapes (no `title`, `time_limit`, `session_not_found`).
 */
import { pyFloat, type PyFloat } from './json.js';

/** One server message as the fake holds it before serialising it. */
export interface ServerMessage {
  msg: string;
  event_id: string | null;
  [field: string]: unknown;
}

/** Which shape family to produce. */
export interface MessageStyle {
  gradio4: boolean;
}

/** The `output` object of a successful generating/completed message. */
export interface SuccessPayload {
  data: unknown[];
  is_generating: boolean;
  duration: PyFloat | null;
  average_duration: PyFloat | null;
  render_config: null;
  changed_state_ids: number[];
}

/** The `output` object of a failure (§10.1). */
export type ErrorPayload = Record<string, unknown> & { error: string | null };

export function estimationMessage(eventId: string, rank: number, queueSize: number, rankEta: number | null): ServerMessage {
  return { msg: 'estimation', event_id: eventId, rank, queue_size: queueSize, rank_eta: pyFloat(rankEta) };
}

export function processStartsMessage(eventId: string, eta: number | null): ServerMessage {
  return { msg: 'process_starts', event_id: eventId, eta: pyFloat(eta) };
}

export function progressMessage(eventId: string, progressData: unknown[]): ServerMessage {
  return { msg: 'progress', event_id: eventId, progress_data: progressData };
}

export function logMessage(
  style: MessageStyle,
  eventId: string,
  fields: { log: string; level: string; duration: number | null; visible: boolean; title: string },
): ServerMessage {
  return {
    msg: 'log',
    event_id: eventId,
    log: fields.log,
    level: fields.level,
    duration: pyFloat(fields.duration),
    visible: fields.visible,
    ...(style.gradio4 ? {} : { title: fields.title }),
  };
}

export function generatingMessage(style: MessageStyle, eventId: string, output: SuccessPayload): ServerMessage {
  return {
    msg: 'process_generating',
    event_id: eventId,
    output,
    success: true,
    ...(style.gradio4 ? {} : { time_limit: null }),
  };
}

export function completedMessage(style: MessageStyle, eventId: string, output: SuccessPayload): ServerMessage {
  return { msg: 'process_completed', event_id: eventId, output, success: true, ...(style.gradio4 ? {} : { title: null }) };
}

export function failedMessage(style: MessageStyle, eventId: string, output: ErrorPayload, title: string | null): ServerMessage {
  return { msg: 'process_completed', event_id: eventId, output, success: false, ...(style.gradio4 ? {} : { title }) };
}

/** The synthetic completion `/cancel` puts in the session buffer (§7.2): no `data` key. */
export function cancelledMessage(style: MessageStyle, eventId: string): ServerMessage {
  return { msg: 'process_completed', event_id: eventId, output: {}, success: true, ...(style.gradio4 ? {} : { title: null }) };
}

export function heartbeatMessage(): ServerMessage {
  return { msg: 'heartbeat', event_id: null };
}

export function closeStreamMessage(): ServerMessage {
  return { msg: 'close_stream', event_id: null };
}

export function unexpectedErrorMessage(style: MessageStyle, message: string, sessionNotFound: boolean): ServerMessage {
  return {
    msg: 'unexpected_error',
    event_id: null,
    message,
    ...(style.gradio4 ? {} : { session_not_found: sessionNotFound }),
    success: false,
  };
}
