/**
 * Timing of one streamed answer: how many tokens, how long until the first, how fast the
 * rest came. Pure apart from the clock it is given.
 */

/** The numbers behind the summary line. */
export interface AnswerSummary {
  tokens: number;
  /** From sending the prompt to the first token; undefined when none arrived. */
  firstTokenMs?: number;
  /** Tokens per second while streaming (first to last token); undefined under two tokens. */
  tokensPerSecond?: number;
  /** From sending the prompt to the end. */
  totalMs: number;
}

/**
 * Counts the tokens of one answer as they arrive (a "token" is one text delta: the demo's
 * Spaces send one per model token).
 *
 * @example
 * ```ts
 * const stats = new AnswerStats();
 * deltas$.subscribe({ next: () => stats.token(), complete: () => print(summaryLine(stats.summary())) });
 * ```
 */
export class AnswerStats {
  readonly #now: () => number;
  readonly #start: number;
  #first: number | undefined;
  #last: number | undefined;
  #tokens = 0;

  /** @param now the clock, in milliseconds. @default performance.now */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#start = now();
  }

  /** Records one token, now. */
  token(): void {
    const time = this.#now();
    this.#first ??= time;
    this.#last = time;
    this.#tokens += 1;
  }

  /** The numbers so far. */
  summary(): AnswerSummary {
    const summary: AnswerSummary = { tokens: this.#tokens, totalMs: this.#now() - this.#start };
    if (this.#first !== undefined) summary.firstTokenMs = this.#first - this.#start;
    if (this.#first !== undefined && this.#last !== undefined && this.#tokens > 1 && this.#last > this.#first) {
      // The first token's own wait is the time to first token, not streaming time.
      summary.tokensPerSecond = ((this.#tokens - 1) * 1000) / (this.#last - this.#first);
    }
    return summary;
  }
}

/**
 * The one-line summary after an answer: `42 tokens · first token after 0.84 s · 31.5 tokens/s`.
 */
export function summaryLine(summary: AnswerSummary): string {
  const parts = [`${summary.tokens} token${summary.tokens === 1 ? '' : 's'}`];
  if (summary.firstTokenMs !== undefined) parts.push(`first token after ${(summary.firstTokenMs / 1000).toFixed(2)} s`);
  if (summary.tokensPerSecond !== undefined) parts.push(`${summary.tokensPerSecond.toFixed(1)} tokens/s`);
  return parts.join(' · ');
}
