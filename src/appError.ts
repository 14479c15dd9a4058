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

const hiddenError =
  'the app raised an error without details (its show_error setting is off, so Gradio hid the message)';

/** The typed error for a failed job's output (`success: false` or an `error` key). */
export function appErrorFromOutput(output: Partial<ErrorOutput>, topTitle: string | null | undefined, context: AppErrorContext): GradioError {
  const raw = typeof output.error === 'string' ? output.error : null;
  const title = cleanTitle(output.title ?? topTitle);
  return appError(raw, title, context);
}

/**
 * The typed error for a message text and title as the app gave them. `null` text means the
 * server withheld the message.
 */
export function appError(raw: string | null, title: string | undefined, context: AppErrorContext): GradioError {
  const where = context.endpoint === undefined ? 'The job' : `${context.endpoint}`;
  const ids = {
    ...(context.endpoint === undefined ? {} : { endpoint: context.endpoint }),
    ...(context.eventId === undefined ? {} : { eventId: context.eventId }),
    ...(title === undefined ? {} : { title }),
  };
  const quota = parseGpuQuota(raw, title);
  const text = raw === null ? undefined : cleanErrorMessage(raw);
  if (quota !== undefined) {
    return new GpuQuotaError({
      message: text || 'ZeroGPU quota exceeded',
      ...ids,
      ...(quota.requestedSeconds === undefined ? {} : { requestedSeconds: quota.requestedSeconds }),
      ...(quota.leftSeconds === undefined ? {} : { leftSeconds: quota.leftSeconds }),
      ...(quota.retryAfterMs === undefined ? {} : { retryAfterMs: quota.retryAfterMs }),
    });
  }
  const message = text ? `${where} failed: ${title && title !== 'Error' ? `${title}: ` : ''}${text}` : `${where} failed: ${hiddenError}`;
  return new GradioError({ type: 'app', message, ...ids });
}

function cleanTitle(title: string | null | undefined): string | undefined {
  if (typeof title !== 'string') return undefined;
  const cleaned = cleanErrorMessage(title);
  return cleaned || undefined;
}
