/**
 * Errors raised by the app's function (§10.1), including ZeroGPU quota errors (§13). Pure.
 *
 * Only a failed job needs this module (with quota.ts): the job followers load it with the first
 * failure (src/lazy.ts); queueEvents.ts and callEvents.ts import it for the synchronous API.
 */
import { GpuQuotaError, GradioError } from './errors.js';
import type { ErrorOutput } from './protocol.js';
import { cleanErrorMessage, parseGpuQuota } from './quota.js';

export interface AppErrorContext {
  endpoint?: string;
  eventId?: string;
}

/** The typed error for a failed job's output (`success: false` or an `error` key). */
export function appErrorFromOutput(output: Partial<ErrorOutput>, topTitle: string | null | undefined, context: AppErrorContext): GradioError {
  const title = output.title ?? topTitle;
  return appError(typeof output.error === 'string' ? output.error : null, (typeof title === 'string' && cleanErrorMessage(title)) || undefined, context);
}

/**
 * The typed error for a message text and title as the app gave them. `null` text means the
 * server withheld the message.
 */
export function appError(raw: string | null, title: string | undefined, { endpoint, eventId }: AppErrorContext): GradioError {
  // The error constructors leave out what is undefined.
  const ids = { endpoint, eventId, title };
  const quota = parseGpuQuota(raw, title);
  const text = raw === null ? '' : cleanErrorMessage(raw);
  if (quota !== undefined) return new GpuQuotaError({ ...ids, ...quota, message: text || 'ZeroGPU quota exceeded' });
  const message = text
    ? `${title && title !== 'Error' ? `${title}: ` : ''}${text}`
    : 'the app raised an error without details (its show_error setting is off, so Gradio hid the message)';
  return new GradioError({ type: 'app', message: `${endpoint ?? 'The job'} failed: ${message}`, ...ids });
}

/** The typed error for the data of a `/call` `error` event (parsed JSON). */
export function callError(value: unknown, eventId: string, endpoint: string): GradioError {
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
