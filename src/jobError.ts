/**
 * Puts a failure in the context of the job it ended. Pure.
 */
import { GradioError, isGradioError } from './errors.js';

export interface JobContext {
  endpoint?: string;
  eventId?: string;
}

/** A `GradioError` that names the job's endpoint and event id; unknown errors become `protocol` errors. */
export function toJobError(error: unknown, context: JobContext): GradioError {
  if (!isGradioError(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new GradioError({ type: 'protocol', message: `${context.endpoint ?? 'The job'} failed unexpectedly: ${reason}`, ...context, cause: error });
  }
  const endpoint = error.endpoint ?? context.endpoint;
  const eventId = error.eventId ?? context.eventId;
  if (endpoint === error.endpoint && eventId === error.eventId) return error;
  // A copy of the same class: the error may be shared by several jobs (a broken session stream
  // fails all of its jobs with one error). Its own fields (type, status, title, retryAfterMs,
  // the quota's seconds) are its options; undefined ones are left out by the constructor.
  const ErrorClass = error.constructor as typeof GradioError;
  return new ErrorClass({ ...error, message: error.message, cause: error.cause, endpoint, eventId });
}
