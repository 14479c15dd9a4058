/**
 * A `GradioError` as the AI SDK's `APICallError`, which its retry logic and error handling
 * understand. The `GradioError` (a `GpuQuotaError` for ZeroGPU quota) stays its `cause`.
 */
import { APICallError } from '@ai-sdk/provider';
import type { GpuQuotaError, GradioError } from '../errors.js';

/**
 * The longest wait the AI SDK's retry logic honours. It reads the `retry-after-ms` response
 * header, and uses it only when it is under 60 s (or under its own backoff, 2 s then 4 s by
 * default); a longer wait is replaced by that backoff (`getRetryDelayInMs` in ai 7's
 * retry-with-exponential-backoff.ts), which would retry long before the quota is back.
 */
export const longestHonouredRetryMs = 60_000;

/**
 * The `APICallError` for a failure of a job at `url`.
 *
 * - `isRetryable` follows the `GradioError` (queue full, Space unavailable, network, timeout,
 *   lost session, 5xx), except for a failure that says how long to wait (ZeroGPU quota, HTTP
 *   429): retryable only when that wait is one the AI SDK honours, else not at all.
 * - That wait goes in `responseHeaders['retry-after-ms']`, where the retry logic reads it.
 * - `data` holds the error's type, event id and, for quota, the GPU seconds.
 */
export function toApiCallError(error: GradioError, url: string, requestBodyValues: unknown): APICallError {
  const retryAfterMs = error.retryAfterMs;
  const waits = retryAfterMs !== undefined || error.type === 'gpu-quota';
  const isRetryable = waits ? retryAfterMs !== undefined && retryAfterMs < longestHonouredRetryMs : error.isRetryable;
  return new APICallError({
    message: error.message,
    url,
    requestBodyValues,
    ...(error.status === undefined ? {} : { statusCode: error.status }),
    ...(retryAfterMs === undefined ? {} : { responseHeaders: { 'retry-after-ms': String(Math.ceil(retryAfterMs)) } }),
    cause: error,
    isRetryable,
    data: errorData(error),
  });
}

function errorData(error: GradioError): Record<string, unknown> {
  const data: Record<string, unknown> = { type: error.type };
  if (error.eventId !== undefined) data['eventId'] = error.eventId;
  if (error.endpoint !== undefined) data['endpoint'] = error.endpoint;
  if (error.title !== undefined) data['title'] = error.title;
  if (error.retryAfterMs !== undefined) data['retryAfterMs'] = error.retryAfterMs;
  if (error.type === 'gpu-quota') {
    const quota = error as GpuQuotaError;
    if (quota.requestedSeconds !== undefined) data['requestedSeconds'] = quota.requestedSeconds;
    if (quota.leftSeconds !== undefined) data['leftSeconds'] = quota.leftSeconds;
  }
  return data;
}
