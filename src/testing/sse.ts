/**
 * A server-sent-events response body that the fake server writes to message by message, and
 * that can end the way Gradio's streams end: cleanly (EOF) or by dropping the connection after
 * the bytes already written (§6.2, §5.2 "connection aborted").
 */

/** The write side of one streaming response. */
export interface SseChannel {
  /** The response body: one chunk per `send`, pulled one at a time (nothing is buffered ahead). */
  readonly body: ReadableStream<Uint8Array>;
  /** True until the stream ended, was aborted or the client went away. */
  readonly isOpen: boolean;
  /** Queues text for the client. Ignored once the stream is no longer open. */
  send(text: string): void;
  /** Ends the response normally once the client has read everything queued. */
  end(): void;
  /** Drops the connection once the client has read everything queued (no clean EOF). */
  abortAfterFlush(): void;
}

/** Slow delivery: every chunk is cut into pieces of `bytesPerChunk` bytes, each one sent after `sleep()`. */
export interface Trickle {
  bytesPerChunk: number;
  /** Resolves when the next piece may go; a rejection (the server closing) sends it at once. */
  sleep(): Promise<void>;
}

export interface SseChannelOptions {
  /** The request's signal: its abort means the client went away. */
  signal?: AbortSignal;
  /** Pace the bytes (the `trickle` fault). @default every chunk as soon as it is pulled */
  trickle?: Trickle;
  /** Called once when the client goes away while the stream was still open. */
  onDisconnect?: () => void;
  /** Called once when the stream is over, however it ended. */
  onFinish?: () => void;
}

type ChannelState = 'open' | 'ending' | 'aborting' | 'done';

export function createSseChannel(options: SseChannelOptions = {}): SseChannel {
  const encoder = new TextEncoder();
  const queue: Uint8Array[] = [];
  let state: ChannelState = 'open';
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let wake: (() => void) | undefined;
  let onFinish = options.onFinish;

  const notify = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  const detach = (): void => {
    options.signal?.removeEventListener('abort', onAbort);
    const finished = onFinish;
    onFinish = undefined;
    finished?.();
  };

  function disconnect(): void {
    const wasOpen = state === 'open';
    state = 'done';
    queue.length = 0;
    detach();
    notify();
    if (wasOpen) options.onDisconnect?.();
  }

  function onAbort(): void {
    if (state === 'done') return;
    // Like fetch: a reader of an aborted response body gets the abort reason.
    try {
      controller?.error(options.signal?.reason);
    } catch {
      // already closed or errored
    }
    disconnect();
  }

  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
      },
      async pull(streamController) {
        for (;;) {
          let chunk = queue.shift();
          if (chunk !== undefined) {
            const trickle = options.trickle;
            if (trickle !== undefined) {
              if (chunk.byteLength > trickle.bytesPerChunk) {
                queue.unshift(chunk.subarray(trickle.bytesPerChunk));
                chunk = chunk.subarray(0, trickle.bytesPerChunk);
              }
              await trickle.sleep().catch(() => undefined);
              // The client may have gone away while this piece waited.
              if (state === 'done') return;
            }
            streamController.enqueue(chunk);
            return;
          }
          if (state === 'ending') {
            state = 'done';
            detach();
            streamController.close();
            return;
          }
          if (state === 'aborting') {
            state = 'done';
            detach();
            // The error undici raises when a server drops a chunked response mid-way.
            streamController.error(new TypeError('terminated'));
            return;
          }
          if (state === 'done') return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      },
      cancel() {
        if (state !== 'done') disconnect();
      },
    },
    { highWaterMark: 0 },
  );

  if (options.signal?.aborted) {
    queueMicrotask(onAbort);
  } else {
    options.signal?.addEventListener('abort', onAbort, { once: true });
  }

  return {
    body,
    get isOpen() {
      return state === 'open';
    },
    send(text) {
      if (state !== 'open') return;
      queue.push(encoder.encode(text));
      notify();
    },
    end() {
      if (state !== 'open') return;
      state = 'ending';
      notify();
    },
    abortAfterFlush() {
      if (state !== 'open') return;
      state = 'aborting';
      notify();
    },
  };
}
