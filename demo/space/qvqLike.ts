/**
 * A local imitation of the QVQ-72B Space: the layout of test/fixtures/spec/real/a01_get_config.txt
 * (fn_index 0 `generate` fired by button 6, inputs `[image, question]`, output `[answer]`), a
 * cumulative answer as in transcripts/seed-qvq-call-with-upload.txt. Its answer starts with
 * what it received, so uploads can be checked end to end.
 */
import type { FakeComponent, FakeContext, FakeEndpoint, FakeGradioOptions } from '../../src/testing/index.js';
import { describeImage } from './imageReport.js';
import { type DemoSpaceOptions, resolveSpaceOptions } from './options.js';
import { raiseQuotaError, wantsQuotaError } from './quota.js';
import { lastQuestion, pacedTokens, scriptedTokens, tokenize } from './scriptedModel.js';
import { think } from './thinking.js';

/** What QVQ says about an image it cannot really look at, after describing its bytes. */
const imageAnswer =
  'This is a local demo, so I can only report the bytes I was given, not look at them. A real QVQ-72B would now reason step by step about what the picture shows.';

/**
 * The QVQ-like Space, for `startFakeGradioServer` or `createFakeGradio`.
 *
 * @example
 * ```ts
 * const server = await startFakeGradioServer(qvqLikeSpace());
 * qwenQvq72b.stream({ url: server.url, messages, media: [[png, 'cat.png']] }).subscribe(write);
 * ```
 */
export function qvqLikeSpace(options: DemoSpaceOptions = {}): FakeGradioOptions {
  const settings = resolveSpaceOptions(options);
  const image: FakeComponent = { id: 3, type: 'image', label: 'Image', props: { type: 'filepath', format: 'webp' }, default: null };
  const question: FakeComponent = { id: 5, type: 'textbox', label: 'Question' };
  const answer: FakeComponent = { id: 8, type: 'textbox', label: 'Answer' };

  async function* generate([file, prompt]: unknown[], ctx: FakeContext): AsyncGenerator<unknown[]> {
    const text = String(prompt);
    if (wantsQuotaError(lastQuestion(text), settings.quotaExhausted)) raiseQuotaError(ctx);
    const path = (file as { path?: unknown } | null)?.path;
    const received = typeof path === 'string' ? ctx.file(path) : undefined;
    await think(ctx, settings, received === undefined ? 'Reading the prompt' : 'Looking at the image');
    const tokens =
      received === undefined
        ? scriptedTokens({ prompt: text }, settings.pace)
        : pacedTokens([...tokenize(`${await describeImage(received)} `), ...tokenize(imageAnswer)], text, settings.pace);
    let output = '';
    for (const token of tokens) {
      await ctx.sleep(token.delayMs);
      output += token.text;
      yield [output];
    }
  }

  const endpoints: FakeEndpoint[] = [
    { apiName: 'generate', fnIndex: 0, triggerId: 6, concurrencyLimit: 1, inputs: [image, question], outputs: [answer], fn: generate },
  ];
  // The real Space runs Gradio 5 (test/fixtures/spec/real/README.md), so the imitation pins that layout.
  return { title: 'QVQ-72B-preview (local demo imitation)', gradioVersion: 5, endpoints };
}
