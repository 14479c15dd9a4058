/**
 * The part of a demo Space's job before its first token: `gr.Progress` steps, as a model that
 * loads and reads the prompt reports them.
 */
import type { FakeContext } from '../../src/testing/index.js';
import type { DemoSpaceOptions } from './options.js';

/**
 * Reports `thinkingSteps` progress steps named `desc`, one every `thinkingStepMs`: `0/4` at
 * once, then each step as it is done (`index` counts finished steps, as tqdm does).
 */
export async function think(ctx: FakeContext, options: Required<DemoSpaceOptions>, desc: string): Promise<void> {
  const length = options.thinkingSteps;
  if (length <= 0) return;
  ctx.progress([{ index: 0, length, unit: 'steps', desc }]);
  for (let done = 1; done <= length; done++) {
    await ctx.sleep(options.thinkingStepMs);
    ctx.progress([{ index: done, length, unit: 'steps', desc }]);
  }
}
