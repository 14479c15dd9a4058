/**
 * A local imitation of the Qwen2.5 Space with a scripted model: the layout of
 * test/fixtures/spec/real/b01_get_config.txt (fn_index 3 `model_chat` fired by button 25, inputs
 * `[input, chatbot, system state, size]`, outputs `[input, chatbot]`, a tuples chatbot), the
 * framing of real/b03_queue_chat_data.txt, and one job at a time (concurrency limit 1), so a
 * second visitor waits in the queue and sees its position.
 */
import type { FakeComponent, FakeContext, FakeEndpoint, FakeGradioOptions } from '../../src/testing/index.js';
import { type DemoSpaceOptions, resolveSpaceOptions } from './options.js';
import { raiseQuotaError, wantsQuotaError } from './quota.js';
import { lastQuestion, scriptedTokens } from './scriptedModel.js';
import { think } from './thinking.js';

/** The system prompt the real Space starts with. */
const spaceSystemPrompt = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';

/**
 * The Qwen2.5-like Space, for `startFakeGradioServer` or `createFakeGradio`.
 *
 * @example
 * ```ts
 * const server = await startFakeGradioServer(qwen25LikeSpace());
 * qwen25.stream({ url: server.url, messages: [{ role: 'user', content: 'Hi' }] }).subscribe(write);
 * ```
 */
export function qwen25LikeSpace(options: DemoSpaceOptions = {}): FakeGradioOptions {
  const settings = resolveSpaceOptions(options);
  const size: FakeComponent = { id: 1, type: 'radio', label: 'Qwen2.5:', props: { choices: ['72B', '32B', '7B'].map((c) => [c, c]) }, default: '72B' };
  const system: FakeComponent = { id: 5, type: 'textbox', label: 'System', default: spaceSystemPrompt };
  const systemState: FakeComponent = { id: 9, type: 'textbox', label: 'System state', props: { visible: false } };
  const chatbot: FakeComponent = { id: 11, type: 'chatbot', label: 'Qwen2.5-72B-Instruct', props: { type: 'tuples' }, default: [] };
  const input: FakeComponent = { id: 12, type: 'textbox', label: 'Input' };

  async function* modelChat([query, history, systemPrompt]: unknown[], ctx: FakeContext): AsyncGenerator<unknown[]> {
    const prompt = String(query);
    // ZeroGPU refuses before the function runs: no progress, no token.
    if (wantsQuotaError(lastQuestion(prompt), settings.quotaExhausted)) raiseQuotaError(ctx);
    const past = Array.isArray(history) ? history : [];
    await think(ctx, settings, 'Reading the prompt');
    let reply = '';
    yield ['', [...past, [prompt, reply]]];
    for (const token of scriptedTokens({ prompt, systemPrompt: String(systemPrompt ?? '') }, settings.pace)) {
      await ctx.sleep(token.delayMs);
      reply += token.text;
      yield ['', [...past, [prompt, reply]]];
    }
  }

  const endpoints: FakeEndpoint[] = [
    { apiName: 'choose_radio', fnIndex: 0, inputs: [size], outputs: [chatbot], fn: () => [[]] },
    { apiName: 'modify_system_session', fnIndex: 1, triggerId: 8, inputs: [system], outputs: [systemState], fn: ([value]) => [value] },
    { apiName: 'clear_session', fnIndex: 2, triggerId: 14, inputs: [], outputs: [chatbot], fn: () => [[]] },
    { apiName: 'model_chat', fnIndex: 3, triggerId: 25, concurrencyLimit: 1, inputs: [input, chatbot, systemState, size], outputs: [input, chatbot], fn: modelChat },
  ];
  // The real Space runs Gradio 5 with a tuples chatbot, which Gradio 6 no longer has: the 5 layout, pinned.
  return { title: 'Qwen2.5 (local demo imitation)', gradioVersion: 5, endpoints };
}
