import { describe, expect, it } from 'vitest';
import { AnswerStats, summaryLine } from '../../../demo/common/answerStats.js';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('AnswerStats', () => {
  it('measures the time to the first token and the rate of the tokens after it', () => {
    const clock = manualClock();
    const stats = new AnswerStats(clock.now);
    clock.advance(800);
    stats.token();
    for (let i = 0; i < 10; i++) {
      clock.advance(50);
      stats.token();
    }
    expect(stats.summary()).toEqual({ tokens: 11, firstTokenMs: 800, tokensPerSecond: 20, totalMs: 1_300 });
    expect(summaryLine(stats.summary())).toBe('11 tokens · first token after 0.80 s · 20.0 tokens/s');
  });

  it('has no first token and no rate for an answer that never came', () => {
    const clock = manualClock();
    const stats = new AnswerStats(clock.now);
    clock.advance(300);
    expect(stats.summary()).toEqual({ tokens: 0, totalMs: 300 });
    expect(summaryLine(stats.summary())).toBe('0 tokens');
  });
});
