/** The Markdown report of a bench run: the targets, and floor-rx's share beside them. */
import { describe, expect, it } from 'vitest';
import type { BenchRun, Measurement } from '../../bench/harness.js';
import { formatReport, medianRatio } from '../../bench/report.js';
import { fullScenarios } from '../../bench/scenarios.js';

function measurement(client: Measurement['client'], wallMs: number, cpuMs: number): Measurement {
  return { scenario: 'i', client, round: 1, expectedEvents: 1000, expectedTextLength: 0, events: 1000, textLength: 0, wallMs, cpuMs, ok: true };
}

// (i): 1,000 events each. CPU per event: floor 5 µs, floor-rx 6 µs, gradio-rx 6.6 µs.
const run: BenchRun = {
  scenarios: [fullScenarios()[0]!],
  rounds: 1,
  gradioRxEntry: 'dist/index.js',
  measurements: [measurement('floor', 100, 5), measurement('floor-rx', 125, 6), measurement('gradio-rx', 125, 6.6), measurement('official', 200, 12)],
};

describe('the bench report', () => {
  it('judges gradio-rx against the floor, and gives floor-rx / floor beside the targets', () => {
    const report = formatReport(run, [], { command: 'npm run bench', date: new Date(0) });
    expect(report).toContain('| (i) CPU per event gradio-rx / floor | 1.32 | <= 1.15 | **missed** |');
    expect(report).toContain('| (i) events/s gradio-rx / floor | 0.80 | >= 0.9 | **missed** |');
    expect(report).toContain('floor-rx / floor');
    expect(report).toContain('(i) events/s 0.80, CPU per event 1.20');
    expect(report).toContain('| gradio-rx / floor-rx |');
  });

  it('divides the medians of any two clients', () => {
    expect(medianRatio(run, 'i', 'floor', 'cpuPerEvent', 'floor-rx')).toBeCloseTo(1.2, 6);
    expect(medianRatio(run, 'i', 'floor-rx', 'cpuPerEvent')).toBeCloseTo(1.1, 6);
  });

  it('leaves floor-rx out when the run did not measure it', () => {
    const withoutFloorRx: BenchRun = { ...run, measurements: run.measurements.filter((m) => m.client !== 'floor-rx') };
    expect(formatReport(withoutFloorRx, [], { command: 'npm run bench', date: new Date(0) })).not.toContain('floor-rx / floor');
  });
});
