/**
 * The two Spaces the demo talks to, imitated with `gradio-rx/testing`: the same inputs,
 * outputs, ids and api names as the real Qwen2.5 and QVQ-72B Spaces (the captures
 * test/fixtures/spec/real/a01_get_config.txt and b01_get_config.txt), answering token by token with
 * `gr.Progress` steps first, so a page shows a queue, progress and a streamed answer.
 */
import { createHash } from 'node:crypto';
import type { FakeComponent, FakeContext, FakeEndpoint, FakeGradioOptions } from 'gradio-rx/testing';

/** How fast the imitations answer. */
export interface FakeSpaceTiming {
  /** Pause before each streamed token. @default 50 */
  tokenMs?: number;
  /** Pause of each progress step before the answer. @default 150 */
  stepMs?: number;
}

/**
 * ZeroGPU's wording (real/a15_queue_quota_data.txt), with a wait of 90 s. The chat imitation
 * answers with it when the prompt mentions "quota".
 */
export const quotaMessage = 'You have exceeded your GPU quota (60s requested vs. 12s left). Try again in 0:01:30.';

const progressSteps = 3;

/** The Qwen2.5 Space: fn_index 3 `model_chat`, fired by button 25; one job at a time. */
export function qwen25Space(timing: FakeSpaceTiming = {}): FakeGradioOptions {
  const { tokenMs = 50, stepMs = 150 } = timing;
  const size: FakeComponent = { id: 1, type: 'radio', label: 'Qwen2.5:', props: { choices: ['72B', '32B', '7B'].map((c) => [c, c]) }, default: '72B' };
  const system: FakeComponent = { id: 5, type: 'textbox', label: 'System', default: 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' };
  const systemState: FakeComponent = { id: 9, type: 'textbox', label: 'System state', props: { visible: false } };
  const chatbot: FakeComponent = { id: 11, type: 'chatbot', label: 'Qwen2.5-72B-Instruct', props: { type: 'tuples' }, default: [] };
  const input: FakeComponent = { id: 12, type: 'textbox', label: 'Input' };

  async function* modelChat([query, history]: unknown[], ctx: FakeContext): AsyncGenerator<unknown[]> {
    const prompt = String(query);
    const past = Array.isArray(history) ? history : [];
    // ZeroGPU refuses before the function runs; the demo shows its banner and countdown.
    if (/quota/i.test(prompt)) ctx.error(quotaMessage, { title: 'ZeroGPU quota exceeded' });
    await loading(ctx, 'Loading the model', stepMs);
    let reply = '';
    for (const token of chatTokens(lastQuestion(prompt))) {
      await ctx.sleep(tokenMs);
      reply += token;
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
  return { title: 'Qwen2.5 (local imitation)', gradioVersion: 5, endpoints };
}

/** The QVQ-72B Space: fn_index 0 `generate` (image, question) → the cumulative answer. */
export function qvqSpace(timing: FakeSpaceTiming = {}): FakeGradioOptions {
  const { tokenMs = 50, stepMs = 150 } = timing;
  const image: FakeComponent = { id: 3, type: 'image', label: 'Image', props: { type: 'filepath', format: 'webp' }, default: null };
  const question: FakeComponent = { id: 5, type: 'textbox', label: 'Question' };
  const answer: FakeComponent = { id: 8, type: 'textbox', label: 'Answer' };

  async function* generate([file, prompt]: unknown[], ctx: FakeContext): AsyncGenerator<unknown[]> {
    const path = (file as { path?: unknown } | null)?.path;
    const received = typeof path === 'string' ? ctx.file(path) : undefined;
    await loading(ctx, 'Looking at the image', stepMs);
    let output = '';
    for (const token of visionTokens(received, String(prompt))) {
      await ctx.sleep(tokenMs);
      output += token;
      yield [output];
    }
  }

  const endpoints: FakeEndpoint[] = [
    { apiName: 'generate', fnIndex: 0, triggerId: 6, concurrencyLimit: 1, inputs: [image, question], outputs: [answer], fn: generate },
  ];
  // Like the real Space, which runs Gradio 5.
  return { title: 'QVQ-72B-preview (local imitation)', gradioVersion: 5, endpoints };
}

/** The SHA-256 of bytes, in hex: how the answer and the records name an uploaded image. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function loading(ctx: FakeContext, description: string, stepMs: number): Promise<void> {
  for (let step = 0; step < progressSteps; step++) {
    ctx.progress([{ index: step, length: progressSteps, unit: 'steps', desc: description }]);
    await ctx.sleep(stepMs);
  }
}

/** The last user line of a formatted prompt ("User: …\nAssistant: …\nUser: …\nAssistant:"). */
function lastQuestion(prompt: string): string {
  const lines = prompt.split('\n').filter((line) => line.startsWith('User: '));
  return lines.length === 0 ? prompt : (lines.at(-1) ?? '').slice('User: '.length);
}

const story =
  'Once upon a time a small model lived in a big GPU. Every morning it woke up, loaded its weights and waited for a ' +
  'question. Some questions were short and some were long, and the longest of them all came from a person who never ' +
  'read the answer, because they had pressed Stop and gone for a walk. The model did not mind: thanks to a well-behaved ' +
  'client, the job was cancelled at once, the GPU went back to the queue, and the next person got their answer sooner. ' +
  'And so the little model lived happily ever after, one token at a time, until the end of this rather long story.';

/** Tokens of the chat answer: a long story when asked for one, else a short echo. */
function chatTokens(question: string): string[] {
  const text = /long|story/i.test(question)
    ? story
    : `You asked: “${question}”. This answer streams from a local imitation of the Qwen2.5 Space, one token at a time.`;
  return text.split(/(?=\s)/);
}

function visionTokens(image: { name: string; type: string; bytes: Uint8Array } | undefined, question: string): string[] {
  const seen =
    image === undefined
      ? 'I received no image.'
      : `I received ${image.name} (${image.type}, ${image.bytes.length} bytes, SHA-256 ${sha256(image.bytes)}).`;
  return `${seen} You asked: “${question}”. It looks like a very fine picture.`.split(/(?=\s)/);
}
