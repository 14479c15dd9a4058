/**
 * The `/queue/data` messages (§6.3) with their fields in wire order (`msg`, `event_id`, then the
 * rest), for Gradio 5, the older Gradio 4 shapes (no `title`, `time_limit`, `session_not_found`)
 * and Gradio 6's cache fields (`used_cache`, `cache_duration`, `avg_time`: real6/a14, a19, b07e).
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
  /** Gradio 6 adds the cache fields; the fake never caches, so `used_cache` is always null. */
  gradio6?: boolean;
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
    output: withUsedCache(style, output),
    success: true,
    ...(style.gradio4 ? {} : { time_limit: null }),
  };
}

export function completedMessage(style: MessageStyle, eventId: string, output: SuccessPayload): ServerMessage {
  return {
    msg: 'process_completed',
    event_id: eventId,
    output: withUsedCache(style, output),
    success: true,
    ...(style.gradio4 ? {} : { title: null }),
    // The completion repeats the last call's timing as the cache fields (real6/a14).
    ...(style.gradio6 ? { used_cache: null, cache_duration: output.duration, avg_time: output.average_duration } : {}),
  };
}

export function failedMessage(style: MessageStyle, eventId: string, output: ErrorPayload, title: string | null): ServerMessage {
  return { msg: 'process_completed', event_id: eventId, output, success: false, ...(style.gradio4 ? {} : { title }), ...noCache(style) };
}

/** The synthetic completion `/cancel` puts in the session buffer (§7.2): no `data` key. */
export function cancelledMessage(style: MessageStyle, eventId: string): ServerMessage {
  return { msg: 'process_completed', event_id: eventId, output: {}, success: true, ...(style.gradio4 ? {} : { title: null }), ...noCache(style) };
}

/** Gradio 6's `output.used_cache` after the other output fields (real6/a14). */
function withUsedCache(style: MessageStyle, output: SuccessPayload): SuccessPayload | (SuccessPayload & { used_cache: null }) {
  return style.gradio6 ? { ...output, used_cache: null } : output;
}

/** The cache fields of a completion that has no timing (a failure or a cancel: real6/b07e, a19). */
function noCache(style: MessageStyle): Record<string, null> {
  return style.gradio6 ? { used_cache: null, cache_duration: null, avg_time: null } : {};
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
