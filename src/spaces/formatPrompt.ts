/**
 * gpt4free's `format_prompt` (g4f/providers/helper.py, spec §12.3): how both seed providers
 * turned a conversation into the one text their Spaces take. Pure.
 */
import { GradioError } from '../errors.js';
import type { ChatMessage } from './types.js';

/**
 * The text of a message's content (`MessageContent`), as gpt4free's `to_string` reads it: a string as it is;
 * `{ text }` its text; other objects (a file reference `{ name }`) nothing; a list the texts
 * of its `text` parts (a part without `type` is text); `null` nothing.
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    return content.map((part: unknown) => (isTextPart(part) ? contentText(part) : '')).join('');
  }
  if (typeof content === 'object') {
    const text = (content as { text?: unknown }).text;
    return text === undefined ? '' : contentText(text);
  }
  return String(content);
}

/**
 * One prompt from a conversation, by gpt4free's rules: a single message is its text alone;
 * otherwise each message becomes `Role: text` (role capitalised, blank messages dropped),
 * joined with `\n`, and `\nAssistant:` is appended for the model to continue.
 *
 * @throws GradioError `invalid-input` for an empty conversation (the original crashed) or a
 *   value that is not an array.
 * @example
 * ```ts
 * formatPrompt([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: '2+2?' }]);
 * // 'User: Hi\nAssistant: Hello\nUser: 2+2?\nAssistant:'
 * ```
 */
export function formatPrompt(messages: readonly ChatMessage[]): string {
  if (!Array.isArray(messages)) {
    throw new GradioError({ type: 'invalid-input', message: 'messages must be an array of { role, content } messages' });
  }
  const [first] = messages;
  if (first === undefined) {
    throw new GradioError({ type: 'invalid-input', message: 'messages is empty: a prompt needs at least one message' });
  }
  if (messages.length === 1) return contentText(first.content);
  const lines = messages
    .map((message) => ({ role: message.role, text: contentText(message.content) }))
    .filter(({ text }) => text.trim() !== '')
    .map(({ role, text }) => `${capitalize(role)}: ${text}`);
  return `${lines.join('\n')}\nAssistant:`;
}

/** Python's `str.capitalize()`: first letter upper case, the rest lower case. */
function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function isTextPart(part: unknown): boolean {
  if (typeof part === 'string') return true; // not valid for gpt4free, but plainly text
  if (typeof part !== 'object' || part === null) return false;
  return ((part as { type?: unknown }).type ?? 'text') === 'text';
}
