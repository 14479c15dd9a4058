/**
 * What every bench client implements, so that the measuring process treats them alike. Each
 * client does the same minimal consumer work: it reports every data event and the text it
 * has so far (its length, or its new characters when those are needed).
 */

/** Where a client reports what it received. */
export interface EventSink {
  /** One data event of job `job` (a `generating` event or the completion). */
  event(job: number): void;
  /** Job `job`'s text is now `length` characters long. */
  textLength(job: number, length: number): void;
  /** Job `job`'s text grew by `text` (used when the new characters matter: paced timestamps). */
  delta(job: number, text: string): void;
  /** Whether the new characters are needed (paced runs), or the length alone will do. */
  readonly wantsDeltas: boolean;
}

export interface BenchClient {
  /** Connects to the app (config, API info): not part of the measurement. */
  connect(url: string, sessionHash: string): Promise<void>;
  /**
   * Runs `jobs` queue jobs of `/generate` at once in the pinned session and resolves when
   * every one completed; rejects when one fails.
   */
  submit(jobs: number, sink: EventSink): Promise<void>;
  /** Runs one job through the `/call` API (not every client speaks it). */
  call?(sink: EventSink): Promise<void>;
  close(): void;
}

/** The prompt every job sends (the bench server ignores it). */
export const benchPrompt = 'bench';
