/**
 * The ZeroGPU quota failure of the demo's Spaces, worded as ZeroGPU words it today (spec §13,
 * wording C, as in transcripts/queue-zerogpu-quota.txt).
 */
import type { FakeContext } from '../../src/testing/index.js';

/** What ZeroGPU says to a free user who asked for 60 s of GPU with 20 s left. */
export const zeroGpuQuotaMessage =
  'You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 0:01:30. Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU';

/** The toast title ZeroGPU gives its quota errors. */
export const zeroGpuQuotaTitle = 'ZeroGPU quota exceeded';

/** The wait `zeroGpuQuotaMessage` names ("Try again in 0:01:30"), in milliseconds. */
export const zeroGpuQuotaRetryMs = 90_000;

/**
 * Whether a job should fail on quota: the Space was started as out of quota, or the question
 * asks for it (so the terminal demo can show the failure with a prompt).
 */
export function wantsQuotaError(question: string, quotaExhausted: boolean): boolean {
  return quotaExhausted || /\bquota\b/i.test(question);
}

/** Fails the job the way ZeroGPU does: a `gr.Error` with the quota text and title. */
export function raiseQuotaError(ctx: FakeContext): never {
  return ctx.error(zeroGpuQuotaMessage, { title: zeroGpuQuotaTitle });
}
