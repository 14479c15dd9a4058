/**
 * The text of one chat item, part of the chat module (src/chat/). Pure.
 */

/** A path inside an output value: array indices and object keys. */
export type ChatPath = readonly (string | number)[];

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

/** A plain object (not `null`, not an array): a message, a `{ text }` item, a content part. */
export function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
