import { Observable, type OperatorFunction } from 'rxjs';
import { appendedAt, rootPath, samePath } from '../appendedText.js';
import { lastReply } from '../chat/lastReply.js';
import { GradioError } from '../errors.js';
import type { GradioEvent } from '../events.js';
import type { DiffOp } from '../protocol.js';

/**
 * Turns a job's events into the new text of each `generating` and `completed` event: the
 * text streamed so far, as deltas that always concatenate to the job's final text.
 *
 * The followed text, by default: the last output that is a non-empty string or a chat
 * history — tuples `[[user, bot], …]` or messages `[{ role, content }, …]`, where a bot item
 * or content may be a string, `{ text }` or a list of parts (`[{ type: 'text', text }]`, whose
 * texts are joined). For a chat history it is the last assistant message; when a new
 * assistant message starts (a new index), it is followed from `""` on, so its whole text is
 * new. `select(data)` overrides which text to follow (`undefined` = no text in this event).
 *
 * Deltas are exact: each is the text after what was already emitted (`"ha"` then `"haha"`
 * gives `"ha"`, `"ha"`), and empty deltas are skipped. When a `generating` event says (in
 * `edits`) that the followed text only grew by `append` edits, the delta is read from the
 * edits in O(new characters), without comparing the whole text. The state resets after each
 * terminal event, so several jobs in one stream each start from `""`. Other events,
 * terminal errors included, emit nothing here (see `throwOnError()`).
 *
 * Errors with a `GradioError` of type `'protocol'` when the app rewrites text it had already
 * streamed (the new text does not start with the emitted text): a delta cannot be taken
 * back, so such apps should be followed through the `generating` events' full data.
 *
 * @example
 * ```ts
 * app.submit('/chat', ['Hi', []]).pipe(textDeltas()).subscribe((delta) => out.append(delta));
 * // follow the second output instead:
 * app.submit('/generate', [prompt]).pipe(textDeltas((data) => data[1] as string));
 * ```
 */
export function textDeltas(select?: (data: unknown[]) => string | undefined): OperatorFunction<GradioEvent, string> {
  // One subscriber hop instead of map + filter: this runs for every streamed token.
  return (source) =>
    new Observable<string>((subscriber) => {
      const follower = new TextFollower(select);
      return source.subscribe({
        next(event) {
          // A text app's typical token (one append at the root of the followed output), read
          // without a call into the follower (the output tracker has the same check): this
          // runs for every token, and in a fresh process before the JIT compiled anything.
          const followed = follower.followed;
          if (event.type === 'generating' && followed?.path === rootPath) {
            const data = event.data;
            const last = data.length - 1;
            const text = data[last];
            const ops: unknown = event.edits?.[last];
            const op: unknown = Array.isArray(ops) && ops.length === 1 ? ops[0] : undefined;
            if (
              followed.output === last &&
              typeof text === 'string' &&
              Array.isArray(op) &&
              op[0] === 'append' &&
              typeof op[2] === 'string' &&
              Array.isArray(op[1]) &&
              op[1].length === 0 &&
              text.length === followed.emitted.length + op[2].length
            ) {
              followed.emitted = text;
              if (op[2] !== '') subscriber.next(op[2]);
              return;
            }
          }
          let delta: string | undefined;
          try {
            delta = follower.deltaOf(event);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          if (delta !== undefined && delta !== '') subscriber.next(delta);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

type Path = readonly (string | number)[];

/** A text found in an event's outputs, and where it is. */
interface FoundText {
  text: string;
  /** Output index; undefined when `select` chose the text. */
  output?: number;
  /** Index of the chat message or pair holding the text; undefined outside chat histories. */
  item?: number;
  /** Path of the text inside its output when it is one whole string (enables the fast path). */
  path?: Path;
}

/** What was emitted so far in the current job. */
interface Followed {
  emitted: string;
  output?: number;
  item?: number;
  /** The text's path in the previous output event; undefined disables the fast path once. */
  path?: Path;
}

class TextFollower {
  /** Read by the operator's fast path (a text app's typical token); undefined between jobs. */
  followed: Followed | undefined;
  /** Where `findText` puts a whole-string output: one object per follower, not one per token. */
  private readonly found: FoundText = { text: '', output: undefined, item: undefined, path: rootPath };

  constructor(private readonly select: ((data: unknown[]) => string | undefined) | undefined) {}

  /** The new text of one event (`undefined` or `''` when there is none). */
  deltaOf(event: GradioEvent): string | undefined {
    switch (event.type) {
      case 'generating':
        return this.advance(event.data, event.edits, event.eventId);
      case 'completed': {
        const delta = this.advance(event.data, undefined, event.eventId);
        this.followed = undefined; // the job is over: a next job in this stream starts anew
        return delta;
      }
      case 'error':
      case 'gpu-quota-error':
        this.followed = undefined;
        return undefined;
      default:
        return undefined;
    }
  }

  private advance(data: unknown[], edits: DiffOp[][] | undefined, eventId: string): string | undefined {
    const found = this.select === undefined ? findText(data, this.found) : selectedText(this.select(data));
    const previous = this.followed;
    if (found === undefined) {
      // The next event's edits are relative to this one, which we did not follow.
      if (previous !== undefined) previous.path = undefined;
      return undefined;
    }

    const appended = previous === undefined ? undefined : appendedText(previous, found, edits);
    const delta = appended ?? suffixAfter(this.emittedBefore(found), found.text, eventId);
    if (previous === undefined) {
      this.followed = { emitted: found.text, output: found.output, item: found.item, path: found.path };
    } else {
      // Updated in place: one object per job, not one per token.
      previous.emitted = found.text;
      previous.output = found.output;
      previous.item = found.item;
      previous.path = found.path;
    }
    return delta;
  }

  /** The text the found text must continue: `""` for a new assistant message. */
  private emittedBefore(found: FoundText): string {
    const previous = this.followed;
    if (previous === undefined) return '';
    const isNewMessage =
      found.item !== undefined &&
      previous.item !== undefined &&
      found.output === previous.output &&
      found.item > previous.item;
    return isNewMessage ? '' : previous.emitted;
  }
}

/**
 * The fast path: when the only edits of the followed output are `append`s at the followed
 * path, the delta is their values, read in O(new characters). `undefined` otherwise.
 */
function appendedText(previous: Followed, found: FoundText, edits: DiffOp[][] | undefined): string | undefined {
  if (edits === undefined || found.output === undefined || found.path === undefined || previous.path === undefined) {
    return undefined;
  }
  if (found.output !== previous.output || found.item !== previous.item || !samePath(found.path, previous.path)) {
    return undefined;
  }
  const delta = appendedAt(edits[found.output], found.path);
  // A cheap consistency check: the edits must account for exactly the new length.
  return delta !== undefined && found.text.length === previous.emitted.length + delta.length ? delta : undefined;
}

/** The slow path: the text after what was emitted, or a protocol error for a rewrite. */
function suffixAfter(emitted: string, text: string, eventId: string): string {
  if (startsWith(text, emitted)) return text.slice(emitted.length);
  throw new GradioError({
    type: 'protocol',
    eventId,
    message:
      `The app rewrote text it had already streamed (${JSON.stringify(preview(emitted))} became ` +
      `${JSON.stringify(preview(text))}). textDeltas() cannot take back emitted deltas: ` +
      'follow the full data of the `generating` events instead.',
  });
}

/**
 * `text.startsWith(prefix)`, fast: V8's `startsWith` compares character by character (about
 * 70 µs for 8,000 characters, measured), an equality of strings compares memory (about 1 µs).
 * The /call API resends the whole text with every event, so this runs on every event.
 */
function startsWith(text: string, prefix: string): boolean {
  return text.length >= prefix.length && text.slice(0, prefix.length) === prefix;
}

function preview(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 37)}...`;
}

function selectedText(text: string | undefined): FoundText | undefined {
  return typeof text === 'string' ? { text } : undefined;
}

/**
 * The default choice: the last output that is a non-empty string or a chat history. A whole
 * string is reported in `into` (read before the next call, never kept).
 */
function findText(data: unknown[], into: FoundText): FoundText | undefined {
  for (let output = data.length - 1; output >= 0; output--) {
    const value = data[output];
    if (typeof value === 'string') {
      if (value === '') continue;
      into.text = value;
      into.output = output;
      return into;
    }
    const reply = lastReply(value);
    if (reply !== undefined) return { ...reply, output };
  }
  return undefined;
}
