/**
 * A chat Space for `provider.chat` tests: `chat(message, history, system)` answers into its
 * chatbot, in the history format of its Gradio version, and refuses a history in another
 * format as Gradio 6 does (real6/README.md item 3), so a wrong format cannot go unnoticed.
 */
import type { FakeComponent, FakeEndpoint, FakeGradioOptions } from '../../src/testing/index.js';

export type ChatbotFormat = 'tuples' | 'messages' | 'blocks';

/** The reply tokens: the turn number (from the history received), then the message's words. */
export function chatReplyTokens(message: string, turn: number): string[] {
  return [`Turn ${turn}:`, ...` ${message}`.split(/(?=\s)/)];
}

/**
 * The Space; `format` is how its chatbot writes histories. `blocks` is the Gradio 6 layout (its
 * default), the others the Gradio 5 layout unless `options.gradioVersion` says otherwise.
 */
export function chatSpace(format: ChatbotFormat, options: Partial<FakeGradioOptions> = {}): FakeGradioOptions {
  const message: FakeComponent = { id: 2, type: 'textbox', label: 'Message' };
  const chatbot: FakeComponent = { id: 3, type: 'chatbot', label: 'Chatbot', default: [], props: format === 'blocks' ? {} : { type: format } };
  const system: FakeComponent = { id: 4, type: 'textbox', label: 'System', default: 'You are a test Space.' };
  const item = (role: 'user' | 'assistant', text: string): unknown =>
    format === 'messages' ? { role, content: text } : { role, metadata: null, content: [{ type: 'text', text }], options: null };
  const chat: FakeEndpoint = {
    apiName: 'chat',
    inputs: [message, chatbot, system],
    outputs: [chatbot],
    async *fn([text, history], ctx) {
      const past = history as unknown[];
      if (!past.every((entry) => isItemOf(format, entry))) ctx.error(`history is not in the ${format} format`);
      const turn = (format === 'tuples' ? past.length : past.length / 2) + 1;
      let reply = '';
      const render = (): unknown[] => (format === 'tuples' ? [...past, [text, reply]] : [...past, item('user', String(text)), item('assistant', reply)]);
      for (const token of chatReplyTokens(String(text), turn)) {
        await ctx.sleep(1);
        reply += token;
        yield [render()];
      }
    },
  };
  const plain: FakeEndpoint = {
    apiName: 'ask',
    inputs: [message],
    outputs: [{ id: 6, type: 'textbox', label: 'Answer' }],
    async *fn([text]) {
      yield [`You asked: ${String(text)}`];
    },
  };
  return { title: `chat (${format})`, gradioVersion: format === 'blocks' ? 6 : 5, endpoints: [chat, plain], ...options };
}

function isItemOf(format: ChatbotFormat, entry: unknown): boolean {
  if (format === 'tuples') return Array.isArray(entry) && entry.length === 2;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const { role, content } = entry as { role?: unknown; content?: unknown };
  if (role !== 'user' && role !== 'assistant') return false;
  return format === 'messages' ? typeof content === 'string' : Array.isArray(content) && content.every((block) => (block as { type?: unknown }).type === 'text');
}
