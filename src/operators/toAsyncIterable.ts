import type { Observable, Subscription } from 'rxjs';

/**
 * An Observable as an async iterator, for `for await` callers.
 *
 * Lazy: the source is subscribed on the first `next()`. Values that arrive while the
 * consumer is busy are buffered (RxJS has no backpressure, so the buffer is unbounded) and
 * handed out in order; an error is thrown by the `next()` after the buffered values; the
 * iteration ends when the source completes. Leaving the loop early — `break`, `return`, an
 * exception in the loop body, or calling `return()` — unsubscribes the source, which for a
 * gradio-rx job cancels it on the server.
 *
 * @example
 * ```ts
 * for await (const delta of toAsyncIterable(app.submit('/chat', ['Hi', []]).pipe(textDeltas()))) {
 *   if (stopped) break; // cancels the job
 *   write(delta);
 * }
 * ```
 */
export function toAsyncIterable<T>(source: Observable<T>): AsyncIterableIterator<T> {
  const buffer: T[] = [];
  /** Consumers waiting in `next()` for a value that has not arrived yet. */
  const waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }[] = [];
  let subscription: Subscription | undefined;
  let ended: { error: unknown } | 'complete' | undefined;
  let errorDelivered = false;

  const done = (): IteratorResult<T> => ({ done: true, value: undefined });

  const settleWaiting = (): void => {
    for (let consumer = waiting.shift(); consumer !== undefined; consumer = waiting.shift()) {
      if (ended !== 'complete' && ended !== undefined && !errorDelivered) {
        errorDelivered = true;
        consumer.reject(ended.error);
      } else {
        consumer.resolve(done());
      }
    }
  };

  const stop = (): void => {
    subscription?.unsubscribe();
    buffer.length = 0;
    if (ended === undefined) ended = 'complete';
    errorDelivered = true; // an early exit does not rethrow a later error
    settleWaiting();
  };

  const iterator: AsyncIterableIterator<T> = {
    next(): Promise<IteratorResult<T>> {
      if (subscription === undefined && ended === undefined) {
        subscription = source.subscribe({
          next: (value) => {
            const consumer = waiting.shift();
            if (consumer === undefined) buffer.push(value);
            else consumer.resolve({ done: false, value });
          },
          error: (error: unknown) => {
            ended = { error };
            settleWaiting();
          },
          complete: () => {
            ended = 'complete';
            settleWaiting();
          },
        });
      }
      if (buffer.length > 0) return Promise.resolve({ done: false, value: buffer.shift() as T });
      if (ended === 'complete') return Promise.resolve(done());
      if (ended !== undefined) {
        if (errorDelivered) return Promise.resolve(done());
        errorDelivered = true;
        return Promise.reject(ended.error);
      }
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },

    return(): Promise<IteratorResult<T>> {
      stop();
      return Promise.resolve(done());
    },

    throw(error?: unknown): Promise<IteratorResult<T>> {
      stop();
      return Promise.reject(error);
    },

    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
