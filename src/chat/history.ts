/**
 * Gradio chat histories, part of the chat module (src/chat/): which format a chatbot takes,
 * and building a history in it. Pure.
 *
 * The shapes (protocol spec, real/README.md, real6/README.md item 3):
 * - `tuples`: `[[user, bot], …]`, the bot item a string, `{ text }`, a file or `null` until it
 *   answers (Gradio 4 and 5, `gr.Chatbot(type="tuples")`, their default);
 * - `messages`: `[{ role, content }, …]` with content a string, `{ text }`, a file or a list of
 *   parts (Gradio 4 and 5, `gr.Chatbot(type="messages")`);
 * - `blocks`: messages whose content is always a list of `{ type: 'text', text }` blocks
 *   (Gradio 6, where the chatbot is messages-only and a plain-string content is rejected).
 */
import type { GradioConfig } from '../protocol.js';

/** How a chatbot writes its history. */
export type ChatHistoryFormat = 'tuples' | 'messages' | 'blocks';

/** One turn of a conversation, in the order it happened. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

/**
 * The history format of the chatbot component `componentId` in an app's `/config`: `blocks`
 * on Gradio 6 and later, else the chatbot's `type` prop (`tuples` when it has none).
 */
export function chatHistoryFormat(config: GradioConfig, componentId: number | undefined): ChatHistoryFormat {
  if (gradioMajorVersion(config) >= 6) return 'blocks';
  const component = config.components?.find((candidate) => candidate.id === componentId);
  return component?.props?.['type'] === 'messages' ? 'messages' : 'tuples';
}

/** The major version in `/config` (`'5.49.1'` → 5); 0 when the config does not say. */
function gradioMajorVersion(config: GradioConfig): number {
  const major = typeof config.version === 'string' ? Number.parseInt(config.version, 10) : Number.NaN;
  return Number.isNaN(major) ? 0 : major;
}

/**
 * A history in `format` from the turns of a conversation. Tuples pair each user turn with the
 * assistant turn after it (`null` where one side is missing), as Gradio stores them.
 *
 * @example
 * ```ts
 * buildChatHistory([{ role: 'user', text: 'Hi' }, { role: 'assistant', text: 'Hello' }], 'blocks');
 * // [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }, { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] }]
 * ```
 */
export function buildChatHistory(turns: readonly ChatTurn[], format: ChatHistoryFormat): unknown[] {
  if (format === 'messages') return turns.map(({ role, text }) => ({ role, content: text }));
  if (format === 'blocks') return turns.map(({ role, text }) => ({ role, content: [{ type: 'text', text }] }));
  const pairs: [string | null, string | null][] = [];
  for (const { role, text } of turns) {
    const last = pairs[pairs.length - 1];
    if (role === 'assistant' && last !== undefined && last[1] === null) last[1] = text;
    else pairs.push(role === 'user' ? [text, null] : [null, text]);
  }
  return pairs;
}

