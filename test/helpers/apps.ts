/**
 * Fake Gradio apps shared by the integration tests, declared like Gradio Python apps.
 */
import type { FakeComponent, FakeContext, FakeEndpoint } from '../../src/testing/index.js';

/** A generator that streams `text` token by token into one textbox (like real/a03). */
export function textStreamer(options: { apiName?: string; tokens?: string[]; stepMs?: number; concurrencyLimit?: number | null } = {}): FakeEndpoint {
  const tokens = options.tokens ?? ['Autumn', ' moonlight', ' —', ' a worm', ' digs', ' silently'];
  return {
    apiName: options.apiName ?? 'generate',
    inputs: [{ type: 'textbox', label: 'Prompt' }],
    outputs: [{ type: 'textbox', label: 'Answer' }],
    concurrencyLimit: options.concurrencyLimit === undefined ? 1 : options.concurrencyLimit,
    async *fn(_inputs: unknown[], ctx: FakeContext) {
      let text = '';
      for (const token of tokens) {
        await ctx.sleep(options.stepMs ?? 1);
        text += token;
        yield [text];
      }
    },
  };
}

/** Echoes the prompt back, prefixed: `/predict` of config-and-info.txt, but named. */
export function echo(apiName = 'echo'): FakeEndpoint {
  return {
    apiName,
    inputs: [{ type: 'textbox', label: 'Message' }],
    outputs: [{ type: 'textbox', label: 'Message' }],
    concurrencyLimit: null,
    fn: ([text]) => [`echo: ${String(text)}`],
  };
}

/**
 * The chat app of spec/transcripts/config-and-info.txt: inputs textbox, chatbot, State;
 * outputs textbox (cleared), chatbot. `format` picks the chatbot format.
 */
export function chat(options: { format?: 'messages' | 'tuples'; tokens?: (prompt: string) => string[]; stepMs?: number; apiName?: string; concurrencyLimit?: number | null } = {}): FakeEndpoint {
  const format = options.format ?? 'messages';
  const message: FakeComponent = { type: 'textbox', label: 'Message', default: '' };
  const history: FakeComponent = { type: 'chatbot', label: 'Chatbot', props: { type: format }, default: [] };
  const state: FakeComponent = { type: 'state' };
  const tokensFor = options.tokens ?? ((prompt: string) => ['You', ' said', ': ', ...prompt.split(/(?= )/)]);
  return {
    apiName: options.apiName ?? 'chat',
    inputs: [message, history, state],
    outputs: [message, history],
    concurrencyLimit: options.concurrencyLimit === undefined ? null : options.concurrencyLimit,
    async *fn([prompt, previous], ctx) {
      const past = Array.isArray(previous) ? previous : [];
      let reply = '';
      const render = () =>
        format === 'messages'
          ? [...past, { role: 'user', metadata: null, content: String(prompt), options: null }, { role: 'assistant', metadata: null, content: reply, options: null }]
          : [...past, [String(prompt), reply]];
      yield ['', render()];
      for (const token of tokensFor(String(prompt))) {
        await ctx.sleep(options.stepMs ?? 1);
        reply += token;
        yield ['', render()];
      }
    },
  };
}

/** A generator that waits until cancelled (or `ms` pass), streaming a tick now and then. */
export function slow(options: { apiName?: string; ms?: number; tickMs?: number; concurrencyLimit?: number | null } = {}): FakeEndpoint {
  return {
    apiName: options.apiName ?? 'slow',
    inputs: [{ type: 'textbox', label: 'Prompt' }],
    outputs: [{ type: 'textbox', label: 'Answer' }],
    concurrencyLimit: options.concurrencyLimit === undefined ? null : options.concurrencyLimit,
    async *fn([prompt], ctx) {
      const end = Date.now() + (options.ms ?? 60_000);
      let text = `${String(prompt)}:`;
      while (Date.now() < end) {
        await ctx.sleep(options.tickMs ?? 20);
        text += '.';
        yield [text];
      }
    },
  };
}

/** Reports the bytes and name of the uploaded image it received (like real/a06). */
export function imageReader(apiName = 'describe'): FakeEndpoint {
  return {
    apiName,
    inputs: [{ type: 'image', label: 'Image' }, { type: 'textbox', label: 'Question' }],
    outputs: [{ type: 'textbox', label: 'Answer' }],
    concurrencyLimit: null,
    fn: ([image, question], ctx) => {
      const path = (image as { path?: string } | null)?.path;
      const file = path === undefined ? undefined : ctx.file(path);
      if (file === undefined) return [`no image; ${String(question)}`];
      return [`${file.name} ${file.type} ${file.bytes.length} bytes sum=${file.bytes.reduce((a, b) => a + b, 0)}; ${String(question)}`];
    },
  };
}

/** Raises the ZeroGPU quota gr.Error of spec/transcripts/queue-zerogpu-quota.txt. */
export function quota(apiName = 'infer'): FakeEndpoint {
  return {
    apiName,
    inputs: [{ type: 'textbox', label: 'Prompt' }],
    outputs: [{ type: 'textbox', label: 'Answer' }],
    concurrencyLimit: null,
    fn: (_inputs, ctx) =>
      ctx.error(
        'You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 13:40:39. Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU',
        { title: 'ZeroGPU quota exceeded' },
      ),
  };
}

/** Crashes with an ordinary exception (hidden unless the app shows errors). */
export function crash(apiName = 'crash'): FakeEndpoint {
  return {
    apiName,
    inputs: [{ type: 'textbox', label: 'Prompt' }],
    outputs: [{ type: 'textbox', label: 'Answer' }],
    concurrencyLimit: null,
    fn: () => {
      throw new Error('division by zero');
    },
  };
}

/** The sum of a byte array, as `imageReader` reports it. */
export function byteSum(bytes: Uint8Array): number {
  return bytes.reduce((a, b) => a + b, 0);
}

/** Waits until `check()` is true (polling), or fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
