/**
 * How the demo's embedded Spaces behave.
 */
import type { TokenPace } from './scriptedModel.js';

/** Options of the demo's fake Spaces. */
export interface DemoSpaceOptions {
  /**
   * Delays between tokens.
   * @default { min: 15, max: 55 } (about 30 tokens a second)
   */
  pace?: TokenPace;
  /**
   * `gr.Progress` steps reported before the first token, like a model loading and reading the
   * prompt.
   * @default 4
   */
  thinkingSteps?: number;
  /**
   * Time per thinking step, in milliseconds.
   * @default 80
   */
  thinkingStepMs?: number;
  /** Every job fails with ZeroGPU's quota error, as on a Space whose caller is out of quota. @default false */
  quotaExhausted?: boolean;
}

/** Options with their defaults filled in. */
export function resolveSpaceOptions(options: DemoSpaceOptions): Required<DemoSpaceOptions> {
  return {
    pace: options.pace ?? { min: 15, max: 55 },
    thinkingSteps: options.thinkingSteps ?? 4,
    thinkingStepMs: options.thinkingStepMs ?? 80,
    quotaExhausted: options.quotaExhausted ?? false,
  };
}
