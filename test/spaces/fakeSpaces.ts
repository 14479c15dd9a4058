/**
 * Local imitations of the two seed Spaces for `startFakeGradioServer`, with the same inputs,
 * outputs, ids and framing as the real captures (test/fixtures/spec/real/README.md: app a imitates
 * qwen-qvq-72b-preview, app b imitates qwen-qwen2-5) and the transcripts
 * seed-qvq-call-with-upload.txt and seed-qwen2-5-queue.txt.
 */
import type { FakeComponent, FakeContext, FakeEndpoint, FakeGradioOptions } from '../../src/testing/index.js';

/** The quota error of real/a15_queue_quota_data.txt, raised like ZeroGPU raises it (§13.1). */
export const quotaText = 'You have exceeded your GPU quota (60s requested vs. 12s left). Try again in 0:01:23.';

/**
 * What the QVQ imitation answers: the image it received (name, type and bytes in hex, read
 * back from the upload), then the prompt, then `step1 step2 …` cumulatively, as app a does.
 * Prompts starting with `QUOTA` raise the ZeroGPU quota error, `CRASH` a hidden exception,
 * `SLOW` stream 200 steps slowly (to be cancelled).
 */
export function qvqReport(image: { name: string; type: string; bytes: Uint8Array } | null, prompt: string): string {
  const received = image === null ? 'No image was received.' : `Image ${image.name} (${image.type}, ${image.bytes.length} bytes: ${hex(image.bytes)}).`;
  return `${received} Prompt: ${JSON.stringify(prompt)}.`;
}

/** The QVQ Space as real/a01_get_config.txt shows it: fn_index 0 `generate`, fired by button 6. */
export function qvqSpace(options: Partial<FakeGradioOptions> = {}): FakeGradioOptions {
  const image: FakeComponent = { id: 3, type: 'image', label: 'Image', props: { type: 'filepath', format: 'webp' }, default: null };
  const question: FakeComponent = { id: 5, type: 'textbox', label: 'Question' };
  const answer: FakeComponent = { id: 8, type: 'textbox', label: 'Answer' };
  const generate: FakeEndpoint = {
    apiName: 'generate',
    fnIndex: 0,
    triggerId: 6,
    inputs: [image, question],
    outputs: [answer],
    async *fn([file, prompt], ctx) {
      const text = String(prompt);
      if (text.startsWith('QUOTA')) ctx.error(quotaText, { title: 'ZeroGPU quota exceeded' });
      if (text.startsWith('CRASH')) throw new Error('CUDA out of memory');
      const received = file === null ? null : ctx.file((file as { path: string }).path) ?? null;
      const steps = text.startsWith('SLOW') ? 200 : 5;
      let output = `${qvqReport(received, text)} `;
      for (let step = 1; step <= steps; step++) {
        await ctx.sleep(text.startsWith('SLOW') ? 25 : 1);
        output += `step${step} `;
        yield [output];
      }
    },
  };
  // Like real/a01 (Gradio 5.49.1): the 5 layout unless a test asks for another.
  return { title: 'QVQ-72B-preview (local imitation)', gradioVersion: 5, endpoints: [generate], ...options };
}

/** How the Qwen2.5 imitation shapes its chat history output. */
export interface Qwen25Shape {
  /** `gr.Chatbot(type=…)`. @default 'tuples', as real/b01_get_config.txt */
  chatbot?: 'tuples' | 'messages';
  /** Bot items as plain strings or `{ text }` objects. @default 'string' */
  botItem?: 'string' | 'text-object';
  /**
   * Where `model_chat` is: `'original'` = fn_index 3 fired by component 25 (b01);
   * `'moved'` = renamed layout where it is fn_index 5; `'unnamed'` = fn_index 3 with no
   * api name (so only the original's numbers reach it), fired by another button.
   * @default 'original'
   */
  layout?: 'original' | 'moved' | 'unnamed';
  /** First show the prompt in the textbox output (data[0]) before the history has it. */
  echoPrompt?: boolean;
}

/**
 * The reply tokens of the Qwen2.5 imitation: `[<size>]` then the prompt's words. A prompt
 * ending in `REPEAT` answers `ha`, `ha`, `ha`, `!`: tokens that the original's `endswith`
 * de-duplication dropped.
 */
export function qwen25Tokens(prompt: string, size: string): string[] {
  if (prompt.endsWith('REPEAT')) return ['ha', 'ha', 'ha', '!'];
  return [`[${size}]`, ...prompt.split(/(?=\s)/)];
}

/** The Qwen2.5 Space as real/b01_get_config.txt shows it (fn_index 3 `model_chat`, button 25). */
export function qwen25Space(shape: Qwen25Shape = {}, options: Partial<FakeGradioOptions> = {}): FakeGradioOptions {
  const { chatbot: chatbotType = 'tuples', botItem = 'string', layout = 'original', echoPrompt = false } = shape;
  const size: FakeComponent = { id: 1, type: 'radio', label: 'Qwen2.5:', props: { choices: ['72B', '32B', '7B'].map((c) => [c, c]) }, default: '72B' };
  const system: FakeComponent = { id: 5, type: 'textbox', label: 'System', default: 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' };
  const systemState: FakeComponent = { id: 9, type: 'textbox', label: 'System state', props: { visible: false } };
  const chatbot: FakeComponent = { id: 11, type: 'chatbot', label: 'Qwen2.5-72B-Instruct', props: { type: chatbotType }, default: [] };
  const input: FakeComponent = { id: 12, type: 'textbox', label: 'Input' };

  const bot = (text: string): unknown => (botItem === 'text-object' ? { text } : text);
  async function* modelChat([query, history, systemPrompt, modelSize]: unknown[], ctx: FakeContext): AsyncGenerator<unknown[]> {
    void systemPrompt;
    const prompt = String(query);
    const past = history as unknown[];
    let reply = '';
    const render = (): unknown[] =>
      chatbotType === 'tuples'
        ? [...past, [prompt, bot(reply)]]
        : [...past, { role: 'user', content: prompt }, { role: 'assistant', content: bot(reply) }];
    if (echoPrompt) yield [prompt, past];
    yield ['', render()];
    for (const token of qwen25Tokens(prompt, String(modelSize))) {
      await ctx.sleep(1);
      reply += token;
      yield ['', render()];
    }
  }

  const noop = (): unknown[] => [null];
  const endpoints: FakeEndpoint[] = [
    { apiName: 'choose_radio', fnIndex: 0, inputs: [size], outputs: [chatbot], fn: () => [[]] },
    { apiName: 'modify_system_session', fnIndex: 1, triggerId: 8, inputs: [system], outputs: [systemState], fn: ([value]) => [value] },
    { apiName: 'clear_session', fnIndex: 2, triggerId: 14, inputs: [], outputs: [chatbot], fn: () => [[]] },
  ];
  if (layout === 'original') {
    endpoints.push(
      { apiName: 'model_chat', fnIndex: 3, triggerId: 25, inputs: [input, chatbot, systemState, size], outputs: [input, chatbot], fn: modelChat },
      { apiName: 'model_chat_1', fnIndex: 4, inputs: [input, chatbot, systemState, size], outputs: [input, chatbot], fn: modelChat },
    );
  } else if (layout === 'moved') {
    endpoints.push(
      { apiName: 'regenerate', fnIndex: 3, triggerId: 25, inputs: [input], outputs: [input], fn: noop },
      { apiName: 'undo', fnIndex: 4, inputs: [input], outputs: [input], fn: noop },
      { apiName: 'model_chat', fnIndex: 5, triggerId: 30, inputs: [input, chatbot, systemState, size], outputs: [input, chatbot], fn: modelChat },
    );
  } else {
    endpoints.push({ apiName: false, fnIndex: 3, triggerId: 31, inputs: [input, chatbot, systemState, size], outputs: [input, chatbot], fn: modelChat });
  }
  // Like real/b01 (Gradio 5.49.1, a tuples chatbot): the 5 layout unless a test asks for another.
  return { title: 'Qwen2.5 (local imitation)', gradioVersion: 5, endpoints, ...options };
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
