/**
 * The reply a chat history is streaming, where it is, part of the chat module (src/chat/):
 * what `textDeltas` follows. Pure.
 */
import { type ChatPath, contentText, isDict } from './content.js';

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

function withPath(found: { text: string; subPath?: ChatPath }, item: number, itemPath: ChatPath): LastReply {
  return found.subPath === undefined ? { text: found.text, item } : { text: found.text, item, path: [...itemPath, ...found.subPath] };
}

