/**
 * Which route stops a job: `/cancel`, or `/reset` on Gradio before 4.31 (spec §1, §7.1).
 */
import { describe, expect, it } from 'vitest';
import { stopsThroughReset } from '../src/cancel.js';
import type { GradioConfig } from '../src/protocol.js';

const configOf = (version: unknown): GradioConfig => ({ version, protocol: 'sse_v3', components: [], dependencies: [] }) as GradioConfig;

describe('stopsThroughReset', () => {
  it.each(['4.9.1', '4.26.0', '4.26', '4.29.0', '4.30.1', '3.50.2', '0.9.0'])('sends /reset to Gradio %s, which has no /cancel', (version) => {
    expect(stopsThroughReset(configOf(version))).toBe(true);
  });

  it.each(['4.31.0', '4.31.0b1', '4.44.1', '5.0.0', '5.49.1', '6.25.0', '10.0.0', '40.1.0'])('sends /cancel to Gradio %s', (version) => {
    expect(stopsThroughReset(configOf(version))).toBe(false);
  });

  it.each([undefined, '', 'dev', '4', 'v4.26.0', '.4.26', '4.x.0', {}, 4.26, null])('takes a version it cannot read (%s) for a current one and sends /cancel', (version) => {
    expect(stopsThroughReset(configOf(version))).toBe(false);
  });
});
