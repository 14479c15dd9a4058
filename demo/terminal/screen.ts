/**
 * The terminal demo's output: streamed text, a status line that rewrites itself in a
 * terminal (plain lines when the output is a file or a pipe), and colours only where a
 * terminal shows them. Plain ANSI, no dependency.
 */

/** The little of a `WriteStream` the screen needs. */
export interface ScreenOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const codes = { dim: [2, 22], bold: [1, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

/** A style name of `Screen.paint`. */
export type Style = keyof typeof codes;

export class Screen {
  readonly #out: ScreenOutput;
  /** A terminal: the status line is rewritten in place and colours are shown. */
  readonly interactive: boolean;
  readonly #colour: boolean;
  #statusShown = false;
  #lastStatus: string | undefined;
  #atLineStart = true;

  /** @param colour show colours (a terminal without `NO_COLOR` set) */
  constructor(out: ScreenOutput, colour = out.isTTY === true) {
    this.#out = out;
    this.interactive = out.isTTY === true;
    this.#colour = colour;
  }

  /** `text` in a style, when colours are on. */
  paint(style: Style, text: string): string {
    if (!this.#colour) return text;
    const [on, off] = codes[style];
    return `\x1b[${on}m${text}\x1b[${off}m`;
  }

  /**
   * Shows what a waiting job is doing. In a terminal the line is overwritten by the next
   * status (`\r\x1b[K`); elsewhere each new status is a line of its own, `… queued: …`.
   */
  status(text: string): void {
    if (text === this.#lastStatus) return;
    if (this.interactive) {
      if (!this.#atLineStart && !this.#statusShown) this.#out.write('\n');
      this.#out.write(`\r\x1b[K${this.paint('dim', `… ${text}`)}`);
      this.#statusShown = true;
      this.#atLineStart = true;
    } else {
      if (!this.#atLineStart) this.#out.write('\n');
      this.#out.write(`… ${text}\n`);
      this.#atLineStart = true;
    }
    this.#lastStatus = text;
  }

  /** Removes the status line, if one is shown. */
  clearStatus(): void {
    if (this.#statusShown) this.#out.write('\r\x1b[K');
    this.#statusShown = false;
    this.#lastStatus = undefined;
  }

  /** Streamed text, as it comes. */
  write(text: string): void {
    if (text === '') return;
    this.clearStatus();
    this.#out.write(text);
    this.#atLineStart = text.endsWith('\n');
  }

  /** A whole line, on a line of its own (after the streamed text, if a line was open). */
  line(text: string): void {
    this.clearStatus();
    if (!this.#atLineStart) this.#out.write('\n');
    this.#out.write(`${text}\n`);
    this.#atLineStart = true;
  }

  /** Ends the open line of streamed text, if any. */
  endLine(): void {
    this.clearStatus();
    if (!this.#atLineStart) this.#out.write('\n');
    this.#atLineStart = true;
  }
}
