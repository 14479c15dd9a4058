/**
 * From `/call` stream events (§5.2) to `GradioEvent`s. Pure.
 */
import { appError, appErrorFromOutput } from './appError.js';
import { GradioError } from './errors.js';
import { failureEvent, type GradioEvent } from './events.js';
import type { ErrorOutput } from './protocol.js';

/** The event for one `/call` SSE event, or undefined (heartbeats, unknown names). */
export function callEventToEvent(name: string | undefined, data: string, eventId: string, endpoint: string): GradioEvent | undefined {
  if (name !== 'generating' && name !== 'complete' && name !== 'error') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    return failureEvent(new GradioError({ type: 'protocol', message: `${endpoint}: the server sent an unreadable ${name} event`, endpoint, eventId, cause }), eventId);
  }
  if (name === 'error') return failureEvent(callError(value, eventId, endpoint), eventId);
  if (!Array.isArray(value)) {
    return failureEvent(new GradioError({ type: 'protocol', message: `${endpoint}: a ${name} event did not carry an array of outputs`, endpoint, eventId }), eventId);
  }
  return name === 'generating' ? { type: 'generating', eventId, data: value } : { type: 'completed', eventId, data: value };
}

function callError(value: unknown, eventId: string, endpoint: string): GradioError {
  const context = { eventId, endpoint };
  // Gradio ≥ 6.13 sends the error object.
  if (typeof value === 'object' && value !== null) return appErrorFromOutput(value as Partial<ErrorOutput>, undefined, context);
  if (typeof value === 'string') {
    // An unexpected_error relayed as text: "404: Not Found" (the event is unknown to the
    // server, e.g. its POST carried a session_hash) or "Server stopped unexpectedly.".
    if (/^404\b/.test(value) || /stopped/i.test(value)) {
      return new GradioError({ type: 'session-lost', message: `${endpoint}: the server lost the job (${value})`, ...context });
    }
    return appError(value, undefined, context);
  }
  // Gradio 4.20 – 6.12 send `data: null`: the text, even a ZeroGPU quota text, is lost here.
  return new GradioError({
    type: 'app',
    message: `${endpoint} failed; the /call API carries no error details on this Gradio version (it may be a ZeroGPU quota error: submit() through the queue reports it)`,
    ...context,
  });
}
