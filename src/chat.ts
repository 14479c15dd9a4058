/**
 * Gradio chat histories: the one module that knows their shapes, reads the assistant's reply
 * from them and builds them for a given Gradio version. Pure.
 *
 * The shapes (protocol spec, real/README.md, real6/README.md item 3):
 * - `tuples`: `[[user, bot], …]`, the bot item a string, `{ text }`, a file or `null` until it
 *   answers (Gradio 4 and 5, `gr.Chatbot(type="tuples")`, their default);
 * - `messages`: `[{ role, content }, …]` with content a string, `{ text }`, a file or a list of
 *   parts (Gradio 4 and 5, `gr.Chatbot(type="messages")`);
 * - `blocks`: messages whose content is always a list of `{ type: 'text', text }` blocks
 *   (Gradio 6, where the chatbot is messages-only and a plain-string content is rejected).
 */
import type { GradioConfig } from './protocol.js';

/** How a chatbot writes its history. */
export type ChatHistoryFormat = 'tuples' | 'messages' | 'blocks';

/** One turn of a conversation, in the order it happened. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** A path inside an output value: array indices and object keys. */
export type ChatPath = readonly (string | number)[];

/** The last reply of a history as `lastReply` finds it. */
export interface LastReply {
  /** The reply's text so far (`''` before the bot answers). */
  text: string;
  /** Index of the pair or message holding it (the next index when it has not started). */
  item: number;
  /** Path of the text inside the history when it is one whole string. */
  path?: ChatPath;
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
export function gradioMajorVersion(config: GradioConfig): number {
  const major = Number.parseInt(config.version ?? '', 10);
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

/**
 * The text of the assistant's reply to the last user turn of a chat history, in any format.
 * When the reply spans several items (a bot answering in two bubbles), their texts are joined
 * with a blank line, so the text only grows. `undefined` when the value is not a chat history
 * or is empty.
 *
 * @example
 * ```ts
 * chatReplyText([['Hi', 'Hello'], ['2+2?', { text: '4' }]]); // '4'
 * chatReplyText([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }]); // 'Hello'
 * ```
 */
export function chatReplyText(history: unknown): string | undefined {
  if (!Array.isArray(history) || history.length === 0) return undefined;
  const replies: string[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const item: unknown = history[i];
    if (Array.isArray(item)) {
      replies.push(contentText(item[1]).text);
      if (item[0] !== null && item[0] !== undefined) break; // this pair opened the turn
    } else if (isDict(item)) {
      if (item['role'] === 'user') break;
      if (item['role'] === 'assistant') replies.push(contentText(item['content']).text);
    }
  }
  return replies.reverse().join('\n\n');
}

/**
 * The last assistant text of a chat history and where it is, or `undefined` when the value is
 * not one. Only the last item is inspected, so this costs O(1) however long the history is;
 * an empty list cannot be told from any other empty list and is not taken for a chat.
 */
export function lastReply(value: unknown): LastReply | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const item = value.length - 1;
  const last: unknown = value[item];

  if (Array.isArray(last) && last.length === 2) {
    // tuples: [user, bot]; the bot item is null until the bot answers
    return withPath(contentText(last[1]), item, [item, 1]);
  }
  if (isDict(last) && typeof last['role'] === 'string' && 'content' in last) {
    // messages: when the last one is not the assistant's, its answer has not started yet and
    // will be the next index
    if (last['role'] !== 'assistant') return { text: '', item: item + 1 };
    return withPath(contentText(last['content']), item, [item, 'content']);
  }
  return undefined;
}

/**
 * The text of a bot item or message content: a string, `{ text }`, or a list of parts whose
 * `text` parts are joined (a part without `type` is text); files and components have none.
 * `subPath` is where the text is inside the content when it is one whole string.
 */
export function contentText(content: unknown): { text: string; subPath?: ChatPath } {
  if (typeof content === 'string') return { text: content, subPath: [] };
  if (isDict(content) && typeof content['text'] === 'string') return { text: content['text'], subPath: ['text'] };
  if (Array.isArray(content)) {
    // a list of parts: [{ type: 'text', text }, { type: 'file', … }]; in a tuples history a
    // list is a file `[path, alt_text]`, whose strings are not text parts
    let text = '';
    for (const part of content) {
      if (isDict(part) && (part['type'] ?? 'text') === 'text' && typeof part['text'] === 'string') text += part['text'];
    }
    return { text };
  }
  return { text: '' }; // a file, a component or null: no text (yet)
}

function withPath(found: { text: string; subPath?: ChatPath }, item: number, itemPath: ChatPath): LastReply {
  return found.subPath === undefined ? { text: found.text, item } : { text: found.text, item, path: [...itemPath, ...found.subPath] };
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
