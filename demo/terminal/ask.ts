/**
 * One answer in the terminal: the status line while the job waits, the tokens as they
 * stream, and how it ended. Leaving it (`cancel()`) unsubscribes, which cancels the job on
 * the Space.
 */
import { tap } from 'rxjs';
import { type GradioError, type GradioEvent, isGradioError, textDeltas } from '../../src/index.js';
import { type AnswerSummary, AnswerStats } from '../common/answerStats.js';
import { statusText } from '../common/format.js';
import type { DemoJob } from './demoJob.js';
import type { Screen } from './screen.js';

/** How an answer ended. */
export type AskOutcome =
  | { kind: 'completed'; text: string; summary: AnswerSummary; eventId?: string }
  | { kind: 'cancelled'; text: string; summary: AnswerSummary; eventId?: string }
  | { kind: 'failed'; text: string; summary: AnswerSummary; eventId?: string; error: GradioError | Error; retryAfterMs?: number };

/** An answer on its way. */
export interface RunningAnswer {
  /** Resolves once, when the answer completed, failed or was cancelled. */
  readonly done: Promise<AskOutcome>;
  /** Cancels the job (on the Space too); `done` resolves with `cancelled`. */
  cancel(): void;
}

/**
 * Runs `job`, writing its status and text to `screen`.
 *
 * @example
 * ```ts
 * const answer = ask(chatJob(messages, { url }), screen);
 * process.once('SIGINT', () => answer.cancel());
 * const outcome = await answer.done;
 * ```
 */
export function ask(job: DemoJob, screen: Screen): RunningAnswer {
  const stats = new AnswerStats();
  let text = '';
  let eventId: string | undefined;
  let failure: { error: GradioError; retryAfterMs?: number } | undefined;
  let settle!: (outcome: AskOutcome) => void;
  let settled = false;
  const done = new Promise<AskOutcome>((resolve) => {
    settle = (outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
  });
  const ids = (): { eventId?: string } => (eventId === undefined ? {} : { eventId });

  screen.status('connecting');
  const subscription = job.events
    .pipe(
      tap((event: GradioEvent) => {
        if ('eventId' in event && event.eventId !== undefined) eventId = event.eventId;
        // Before the first token the status line tells what the job waits for.
        const status = statusText(event);
        if (status !== undefined && text === '') screen.status(status);
        if (event.type === 'error') failure = { error: event.error };
        if (event.type === 'gpu-quota-error') failure = { error: event.error, ...(event.retryAfterMs === undefined ? {} : { retryAfterMs: event.retryAfterMs }) };
      }),
      textDeltas(job.select),
    )
    .subscribe({
      next: (delta) => {
        stats.token();
        text += delta;
        screen.write(delta);
      },
      error: (error: unknown) => {
        const shown = isGradioError(error) || error instanceof Error ? error : new Error(String(error));
        settle({ kind: 'failed', text, summary: stats.summary(), ...ids(), error: shown });
      },
      complete: () => {
        if (failure === undefined) settle({ kind: 'completed', text, summary: stats.summary(), ...ids() });
        else settle({ kind: 'failed', text, summary: stats.summary(), ...ids(), ...failure });
      },
    });

  return {
    done,
    cancel() {
      if (settled) return;
      subscription.unsubscribe();
      settle({ kind: 'cancelled', text, summary: stats.summary(), ...ids() });
    },
  };
}
