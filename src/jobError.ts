/**
 * Puts a failure in the context of the job it ended. Pure.
 */
import { GpuQuotaError, GradioError, isGradioError } from './errors.js';

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
  if ((error.endpoint ?? context.endpoint) === error.endpoint && (error.eventId ?? context.eventId) === error.eventId) return error;
  const options = {
    message: error.message,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.title === undefined ? {} : { title: error.title }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    endpoint: error.endpoint ?? context.endpoint,
    eventId: error.eventId ?? context.eventId,
    cause: error.cause,
  };
  if (error instanceof GpuQuotaError) {
    return new GpuQuotaError({
      ...options,
      ...(error.requestedSeconds === undefined ? {} : { requestedSeconds: error.requestedSeconds }),
      ...(error.leftSeconds === undefined ? {} : { leftSeconds: error.leftSeconds }),
    });
  }
  return new GradioError({ ...options, type: error.type });
}
