/**
 * The lines after an answer: its summary, "cancelled", or what failed and when to retry.
 */
import { isGpuQuotaError, isGradioError } from '../../src/index.js';
import { summaryLine } from '../common/answerStats.js';
import { formatClock } from '../common/format.js';
import type { AskOutcome } from './ask.js';
import type { Screen } from './screen.js';

/** Writes how `outcome` ended below the streamed text. */
export function reportOutcome(outcome: AskOutcome, screen: Screen): void {
  screen.endLine();
  switch (outcome.kind) {
    case 'completed':
      screen.line(screen.paint('dim', `  ${summaryLine(outcome.summary)}`));
      return;
    case 'cancelled':
      screen.line(screen.paint('yellow', `cancelled${outcome.summary.tokens > 0 ? ` after ${summaryLine(outcome.summary)}` : ''}`));
      return;
    case 'failed': {
      const { error } = outcome;
      if (isGpuQuotaError(error)) {
        const retry = outcome.retryAfterMs ?? error.retryAfterMs;
        screen.line(screen.paint('red', `GPU quota exceeded${retry === undefined ? '' : `: retry in ${formatClock(retry)}`}`));
        screen.line(screen.paint('dim', `  ${error.message}`));
        return;
      }
      const type = isGradioError(error) ? error.type : 'unexpected';
      screen.line(screen.paint('red', `error (${type}): ${error.message}`));
    }
  }
}
