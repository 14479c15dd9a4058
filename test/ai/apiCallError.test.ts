import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { longestHonouredRetryMs, toApiCallError } from '../../src/ai/apiCallError.js';
import { GpuQuotaError, GradioError, type GradioErrorType } from '../../src/errors.js';

const url = 'http://127.0.0.1:7860';

describe('toApiCallError', () => {
  it('keeps the GradioError as the cause, with its message, status and details', () => {
    const error = new GradioError({ type: 'http', status: 502, endpoint: '/chat', eventId: 'e1', message: 'POST http://127.0.0.1:7860/queue/join: 502 Bad Gateway' });
    const apiError = toApiCallError(error, url, { data: ['Hi'] });
    expect(APICallError.isInstance(apiError)).toBe(true);
    expect(apiError).toMatchObject({ message: error.message, url, statusCode: 502, requestBodyValues: { data: ['Hi'] }, isRetryable: true, data: { type: 'http', endpoint: '/chat', eventId: 'e1' } });
    expect(apiError.cause).toBe(error);
    expect(apiError.responseHeaders).toBeUndefined();
  });

  it.each<[GradioErrorType, boolean]>([
    ['queue-full', true],
    ['space-unavailable', true],
    ['network', true],
    ['timeout', true],
    ['session-lost', true],
    ['app', false],
    ['validation', false],
    ['invalid-input', false],
    ['endpoint-not-found', false],
  ])('marks a %s failure retryable: %s', (type, retryable) => {
    expect(toApiCallError(new GradioError({ type, message: type }), url, undefined).isRetryable).toBe(retryable);
  });

  it('carries a quota wait the AI SDK honours as retry-after-ms, and is then retryable', () => {
    const quota = new GpuQuotaError({ message: 'You have exceeded your GPU quota (60s requested vs. 59s left). Try again in 0:00:30.', retryAfterMs: 30_000, requestedSeconds: 60, leftSeconds: 59 });
    const apiError = toApiCallError(quota, url, undefined);
    expect(apiError.responseHeaders).toEqual({ 'retry-after-ms': '30000' });
    expect(apiError.isRetryable).toBe(true);
    expect(apiError.data).toMatchObject({ type: 'gpu-quota', requestedSeconds: 60, leftSeconds: 59, retryAfterMs: 30_000 });
  });

  it('is not retryable for a wait the AI SDK would replace by its own short backoff, or for no wait at all', () => {
    const long = new GpuQuotaError({ message: 'quota', retryAfterMs: longestHonouredRetryMs });
    expect(toApiCallError(long, url, undefined)).toMatchObject({ isRetryable: false, responseHeaders: { 'retry-after-ms': '60000' } });
    expect(toApiCallError(new GpuQuotaError({ message: 'quota' }), url, undefined).isRetryable).toBe(false);
    const rateLimited = new GradioError({ type: 'rate-limited', status: 429, message: '429', retryAfterMs: 120_000 });
    expect(toApiCallError(rateLimited, url, undefined).isRetryable).toBe(false);
  });
});
