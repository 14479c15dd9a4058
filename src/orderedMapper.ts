/**
 * Maps a job's messages to events in order, when some messages need code loaded on first use
 * (src/lazy.ts). Pure: no I/O, no rxjs.
 */

/** What a step makes of one message: an event, nothing, or the promise of either (code to load first). */
export type Mapped<E> = E | undefined | Promise<E | undefined>;

/**
 * Whether a step's result is a promise, by its `then` method rather than `instanceof Promise`:
 * the promise of a dynamic `import()` is the engine's own, while an app may have replaced the
 * global `Promise` (zone.js does in Angular apps). Events, errors and output lists have no `then`.
 */
export function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/** Marks a failure kept in the queue (a message cannot be this object). */
const failed = {};

/**
 * Maps each message through `step` and hands the events to `next`, in the order of the
 * messages. A step that needs lazily loaded code returns a promise: the mapper then waits,
 * keeps the messages that arrive meanwhile (in order), hands over the event once the promise
 * settles, and goes on with the kept messages through the same step (which may wait again).
 * Otherwise a message costs two checks and the step's call.
 *
 * A step that throws or a promise that rejects goes to `error`, in its place among the events;
 * so does a failure of the source given to {@link OrderedMapper.error}.
 *
 * A message takes a second argument, `detail` (for sources that hand over two values, such as
 * an SSE event's data and name), so that none needs an object of its own.
 *
 * @example
 * ```ts
 * const mapper = new OrderedMapper(toEventOrPromise, emit, fail, (message) => message.msg === 'process_completed');
 * const stopListening = stream.follow(eventId, mapper);
 * // teardown: mapper.stop(); stopListening(); cancel the job unless it finished or mapper.ended
 * ```
 */
export class OrderedMapper<M, E, D = undefined> {
  /**
   * True once the job's last message (see `isLast`) or a failure arrived while a step was
   * waiting: the job is over on the server, though its event may still be on its way.
   */
  ended = false;
  /** Messages and their details, alternating, kept while a step waits; undefined when none waits. */
  #kept: unknown[] | undefined;
  #stopped = false;
  readonly #step: (message: M, detail: D) => Mapped<E>;
  readonly #next: (event: E) => void;
  readonly #error: (error: unknown) => void;
  readonly #isLast: (message: M, detail: D) => boolean;
  readonly #onEnd: (() => void) | undefined;

  /**
   * @param step maps a message: the event, undefined for none, or a promise of either.
   * @param next receives the events, in order.
   * @param error receives the failures, in order among the events.
   * @param isLast whether a message is the job's last one (asked only while a step waits).
   * @param onEnd called once when {@link OrderedMapper.ended} becomes true: the source has
   *   nothing more to say for this job, so the follower may stop listening to it now.
   */
  constructor(step: (message: M, detail: D) => Mapped<E>, next: (event: E) => void, error: (error: unknown) => void, isLast: (message: M, detail: D) => boolean, onEnd?: () => void) {
    this.#step = step;
    this.#next = next;
    this.#error = error;
    this.#isLast = isLast;
    this.#onEnd = onEnd;
  }

  /** Maps a message now, or keeps it while an earlier one waits. */
  next(message: M, detail?: D): void {
    if (this.#kept !== undefined) {
      this.#keep(message, detail);
      return;
    }
    if (this.#stopped) return;
    let mapped: Mapped<E>;
    try {
      mapped = this.#step(message, detail as D);
    } catch (error) {
      this.#error(error);
      return;
    }
    if (mapped === undefined) return;
    // isPromise(), inline: in a fresh process each small function called per message runs
    // interpreted, then is compiled on its own before its caller is; bench:inprocess measured
    // less CPU per event without such calls on the token path.
    if (typeof (mapped as { then?: unknown }).then === 'function') this.#wait(mapped as Promise<E | undefined>, message, detail as D);
    else this.#next(mapped as E);
  }

  /** A failure of the source: handed to `error` after the events of every earlier message. */
  error(error: unknown): void {
    if (this.#kept !== undefined) this.#keep(failed, error);
    else if (!this.#stopped) this.#error(error);
  }

  /** Nothing is handed over afterwards; the kept messages are dropped (for the teardown). */
  stop(): void {
    this.#stopped = true;
    this.#kept = undefined;
  }

  #keep(message: unknown, detail: unknown): void {
    if (this.#stopped) return;
    this.#kept!.push(message, detail);
    if (message === failed || this.#isLast(message as M, detail as D)) this.#end();
  }

  #end(): void {
    if (this.ended) return;
    this.ended = true;
    this.#onEnd?.();
  }

  #wait(pending: Promise<E | undefined>, message: M, detail: D): void {
    if (this.#isLast(message, detail)) this.#end();
    const kept: unknown[] = [];
    this.#kept = kept;
    pending.then(
      (event) => {
        if (this.#kept !== kept) return;
        if (event !== undefined) this.#next(event);
        this.#drain(kept);
      },
      (error: unknown) => {
        if (this.#kept !== kept) return;
        this.#error(error);
        this.#drain(kept);
      },
    );
  }

  /** Goes on with the kept messages, as they came: one that waits again keeps the rest behind it. */
  #drain(kept: unknown[]): void {
    this.#kept = undefined;
    for (let index = 0; index < kept.length; index += 2) {
      if (kept[index] === failed) this.error(kept[index + 1]);
      else this.next(kept[index] as M, kept[index + 1] as D);
    }
  }
}
