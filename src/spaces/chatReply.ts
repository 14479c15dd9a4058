/**
 * The assistant's reply in a Gradio chat history, the text a chat preset streams. Pure.
 */

/**
 * The text of the assistant's reply to the last user turn of a chat history, in either
 * chatbot format:
 * - tuples `[[user, bot], …]` (the bot item a string, `{ text }` or `null` until it answers);
 * - messages `[{ role, content }, …]` (content a string, `{ text }` or a list of text parts).
 *
 * When the reply spans several items (a bot answering in two bubbles), their texts are joined
 * with a blank line, so the text only grows and its deltas stay exact. `undefined` when the
 * value is not a chat history or is empty.
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
      replies.push(itemText(item[1]));
      if (item[0] !== null && item[0] !== undefined) break; // this pair opened the turn
    } else if (isDict(item)) {
      if (item['role'] === 'user') break;
      if (item['role'] === 'assistant') replies.push(itemText(item['content']));
    }
  }
  return replies.reverse().join('\n\n');
}

/** The text of a bot item or message content; files and components have none. */
function itemText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    // a list of parts; in a tuple history a list is a file `[path, alt_text]`, not text
    return value.map((part: unknown) => (isDict(part) && (part['type'] ?? 'text') === 'text' ? itemText(part['text']) : '')).join('');
  }
  if (isDict(value) && typeof value['text'] === 'string') return value['text'];
  return '';
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
