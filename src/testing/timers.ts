/**
 * Every timer the fake server starts goes through here, so that `close()` can stop them all and
 * leave no handle behind.
 */

/** A registry of pending timers that can all be cancelled at once. */
export interface Timers {
  /** Runs `callback` after `ms`; the returned function cancels it. */
  after(ms: number, callback: () => void): () => void;
  /**
   * Resolves after `ms`. Rejects with the signal's reason when `signal` aborts first, and with
   * an `AbortError` when the registry is cleared.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Cancels every pending timer; pending sleeps reject. Later timers still work. */
  clearAll(): void;
}

export function createTimers(): Timers {
  const cancels = new Set<() => void>();

  function after(ms: number, callback: () => void): () => void {
    const handle = setTimeout(() => {
      cancels.delete(cancel);
      callback();
    }, ms);
    const cancel = (): void => {
      clearTimeout(handle);
      cancels.delete(cancel);
    };
    cancels.add(cancel);
    return cancel;
  }

  function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        cancelTimer();
        cancels.delete(stop);
        reject(abortReason(signal));
      };
      const cancelTimer = after(ms, () => {
        cancels.delete(stop);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      // Clearing the registry must settle the promise too, or an awaiting generator hangs.
      const stop = (): void => {
        cancelTimer();
        cancels.delete(stop);
        signal?.removeEventListener('abort', onAbort);
        reject(new DOMException('The fake Gradio server was closed.', 'AbortError'));
      };
      cancels.add(stop);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function clearAll(): void {
    for (const cancel of [...cancels]) cancel();
    cancels.clear();
  }

  return { after, sleep, clearAll };
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
