/**
 * Server-sent events over a fetch body: bytes in, `{ event, data }` out.
 *
 * The only module that imports eventsource-parser. It adds what a Gradio client needs on top
 * of that parser (protocol spec §14 items 1–9): streaming UTF-8 decoding so that multi-byte
 * characters split across chunks survive, and a lenient end of stream that still delivers a
 * final event whose blank line never came. JSON is not parsed here: callers do that.
 */
import { createParser } from 'eventsource-parser';

/**
 * Receives one server-sent event, reduced to the two fields a Gradio client reads, as two
 * arguments rather than an object (one object less per streamed token).
 *
 * @param data the `data:` lines of the event, joined with `\n`.
 * @param event the `event:` field, undefined when absent (queue streams never send one;
 *   `/call` streams do).
 */
export type SseHandler = (data: string, event: string | undefined) => void;

/** A push-style SSE decoder: feed it chunks, it calls back once per complete event. */
export interface SseDecoder {
  /**
   * Feeds raw bytes (or an already-decoded string). Chunk boundaries may fall anywhere, even
   * inside a line or a multi-byte character. Malformed input never throws: bad bytes become
   * U+FFFD and unknown lines are ignored, as the SSE spec says. An exception thrown by the
   * `onEvent` callback does propagate. Chunks pushed after {@link SseDecoder.end} are ignored.
   */
  push(chunk: Uint8Array | string): void;
  /**
   * The body ended: flushes a pending multi-byte sequence and delivers a final event that lacks
   * its terminating blank line (the official Gradio client drops it; we are lenient, §14 item 7).
   * Calling it again does nothing.
   */
  end(): void;
}

const byteOrderMark = '\uFEFF';

/**
 * Creates an SSE decoder that calls `onEvent` for every event with data.
 *
 * Follows the SSE parsing rules: `\n`, `\r\n` and lone `\r` all end a line; `:` lines are
 * comments; one space after the colon is stripped; `data:` lines join with `\n`; `id:`,
 * `retry:` and unknown fields are dropped. An event without data lines is not dispatched, and
 * neither is one with empty data and no event name (a lone `data:` carries nothing to route).
 * No line-length limit: single lines of tens of MB (base64 images, §14 item 26) are fine.
 *
 * @example
 * ```ts
 * const decoder = createSseDecoder((data, event) => events.push([event, data]));
 * decoder.push(new TextEncoder().encode('event: complete\ndata: ["hi"]\n\n'));
 * decoder.end(); // events: [['complete', '["hi"]']]
 * ```
 */
export function createSseDecoder(onEvent: SseHandler): SseDecoder {
  // Non-fatal: invalid bytes become U+FFFD instead of throwing. The byte order mark is kept
  // here and dropped in feed(), so bytes and strings get the same treatment.
  //
  // Two decoders: a streaming decode is several times slower than a whole one (Node takes its
  // fast UTF-8 path only for decoders never used with `stream`; measured 8x on 60 KB chunks),
  // yet a chunk that ends in an ASCII byte ends on a character boundary. Such a chunk, when the
  // streaming decoder holds no partial character, decodes whole, to the same text.
  const whole = new TextDecoder('utf-8', { ignoreBOM: true });
  const streaming = new TextDecoder('utf-8', { ignoreBOM: true });
  let bytesPending = false;
  let started = false;
  let ended = false;

  const parser = createParser({
    onEvent({ event, data }) {
      if (data === '' && event === undefined) return;
      onEvent(data, event);
    },
  });
  // eventsource-parser 4 strips a leading byte order mark itself, and also the three
  // characters "\xEF\xBB\xBF" as if they were one; we strip exactly one U+FEFF in feed(). A
  // blank line first (which dispatches nothing) ends its check before any input arrives.
  parser.feed('\n');

  function feed(text: string): void {
    if (text === '') return;
    // The SSE spec ignores one byte order mark at the very start of the stream.
    const withoutMark = !started && text.startsWith(byteOrderMark) ? text.slice(1) : text;
    started = true;
    parser.feed(withoutMark);
  }

  /** Emits whatever an incomplete multi-byte sequence amounts to (U+FFFD) and resets the decoder. */
  function flushBytes(): string {
    if (!bytesPending) return '';
    bytesPending = false;
    return streaming.decode();
  }

  return {
    push(chunk) {
      if (ended) return;
      if (typeof chunk === 'string') {
        feed(flushBytes() + chunk);
        return;
      }
      if (chunk.byteLength === 0) return;
      const endsInAscii = chunk[chunk.byteLength - 1]! < 0x80;
      if (!bytesPending && endsInAscii) {
        feed(whole.decode(chunk));
        return;
      }
      // A partial character may be left at the end: the streaming decoder keeps it for the
      // next chunk, and keeps decoding until a chunk ends on an ASCII byte again.
      bytesPending = !endsInAscii;
      feed(streaming.decode(chunk, { stream: true }));
    },
    end() {
      if (ended) return;
      ended = true;
      // Two line breaks end a line still in progress and then dispatch its event. When the
      // stream already ended with a blank line they are just empty lines, which dispatch
      // nothing. A pending lone `\r` pairs with the first `\n` into a single line break.
      parser.feed(`${flushBytes()}\n\n`);
      parser.reset();
    },
  };
}

/** Options of {@link readEventStream}. */
export interface ReadEventStreamOptions {
  /**
   * Stops reading: the reader is cancelled with the signal's reason and the promise rejects
   * with that reason, even when the body itself reports the abort differently.
   * @default undefined (read to the end)
   */
  signal?: AbortSignal;
  /**
   * Called with the size of every non-empty chunk as it arrives, before it is parsed: any bytes
   * at all, comments and heartbeats included, prove the connection alive (the idle watchdog,
   * §8.1).
   * @default undefined
   */
  onBytes?: (byteLength: number) => void;
}

function ignore(): void {}

/**
 * Reads an SSE response body to its end, calling `onEvent` per event and `onBytes` on every
 * chunk received.
 *
 * Resolves when the body ends normally (after delivering a final event that lacks its blank
 * line). Rejects with the reader's error (network error, abort of the fetch) otherwise, or with
 * the error thrown by `onEvent`, after cancelling the body so the connection is released. When
 * `signal` aborts, cancels the reader and rejects with the abort reason. Releases the reader
 * lock in every case.
 *
 * @example
 * ```ts
 * const response = await fetch(url, { signal: controller.signal });
 * await readEventStream(response.body!, (data) => handle(JSON.parse(data)), {
 *   signal: controller.signal,
 *   onBytes: () => watchdog.touch(),
 * });
 * ```
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: SseHandler,
  options: ReadEventStreamOptions = {},
): Promise<void> {
  const { signal, onBytes } = options;
  const reader = body.getReader();
  const decoder = createSseDecoder(onEvent);
  // Cancelling settles a pending read() with `done`, so the loop below wakes up and sees the abort.
  const cancelOnAbort = (): void => {
    reader.cancel(signal?.reason).catch(ignore);
  };
  signal?.addEventListener('abort', cancelOnAbort, { once: true });
  try {
    for (;;) {
      // `aborted` rather than `throwIfAborted()`, which costs more than a read in a fresh process.
      if (signal?.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (signal?.aborted) throw signal.reason;
      if (done) break;
      if (value.byteLength === 0) continue;
      onBytes?.(value.byteLength);
      decoder.push(value);
    }
    decoder.end();
  } catch (error) {
    const reason: unknown = signal?.aborted ? signal.reason : error;
    // Harmless when the stream is already closed or errored; needed when onEvent threw or the
    // signal was aborted before reading started, so the connection does not stay open.
    reader.cancel(reason).catch(ignore);
    throw reason;
  } finally {
    signal?.removeEventListener('abort', cancelOnAbort);
    reader.releaseLock();
  }
}
