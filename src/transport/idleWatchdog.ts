/**
 * Fires `onIdle` when `touch()` was not called for `timeoutMs`. Streams call `touch()` on every
 * chunk, so this keeps one timer per stream and re-arms it only when it fires early, instead of
 * clearing and setting a timer per chunk.
 */
export class IdleWatchdog {
  readonly #timeoutMs: number;
  readonly #onIdle: () => void;
  #last = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(timeoutMs: number, onIdle: () => void) {
    this.#timeoutMs = timeoutMs;
    this.#onIdle = onIdle;
  }

  start(): void {
    this.#last = Date.now();
    this.#arm(this.#timeoutMs);
  }

  touch(): void {
    this.#last = Date.now();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(delay: number): void {
    this.#timer = setTimeout(() => {
      const idle = Date.now() - this.#last;
      if (idle >= this.#timeoutMs) {
        this.#timer = undefined;
        this.#onIdle();
      } else {
        this.#arm(this.#timeoutMs - idle);
      }
    }, delay);
  }
}
