/**
 * The assistant's reply in a chat history, part of the chat module (src/chat/): the text the
 * chat presets and the AI SDK provider read. Pure.
 */
import { contentText, isDict } from './content.js';

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

