/**
 * Errors raised by the app's function (§10.1), including ZeroGPU quota errors (§13). Pure.
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
