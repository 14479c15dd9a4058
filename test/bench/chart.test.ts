/** The SVG chart of a bench run: one bar per client and metric, with its min–max whisker. */
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../bench/chart.js';
import type { BenchRun, Measurement } from '../../bench/harness.js';
import { fullScenarios } from '../../bench/scenarios.js';

function measurement(scenario: string, client: Measurement['client'], round: number, wallMs: number, cpuMs: number): Measurement {
  return { scenario, client, round, expectedEvents: 1000, expectedTextLength: 0, events: 1000, textLength: 0, wallMs, cpuMs, ok: true };
}

const [one, two] = fullScenarios();
const run: BenchRun = {
  scenarios: [one!, two!],
  rounds: 3,
  gradioRxEntry: 'dist/index.js',
  measurements: [
    // (i): gradio-rx 1000 / 500 / 250 ms wall → 1,000 / 2,000 / 4,000 events/s; official and floor once.
    measurement('i', 'gradio-rx', 1, 1000, 100),
    measurement('i', 'gradio-rx', 2, 500, 200),
    measurement('i', 'gradio-rx', 3, 250, 300),
    measurement('i', 'official', 1, 2000, 400),
    measurement('i', 'floor', 1, 100, 50),
    // (ii) has no successful measurement: left out.
    { ...measurement('ii', 'gradio-rx', 1, 100, 10), ok: false, failure: 'boom' },
  ],
};

describe('renderChart', () => {
  const svg = renderChart(run);

  it('draws a bar per client and metric, titled with the median and the min–max range', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>gradio-rx: median 2,000, min 1,000, max 4,000</title>');
    expect(svg).toContain('<title>gradio-rx: median 200.0, min 100.0, max 300.0</title>');
    expect(svg).toContain('<title>official: median 500, min 500, max 500</title>');
    expect(svg).toContain('<title>floor: median 50.0, min 50.0, max 50.0</title>');
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(6);
    expect(svg.match(/class="range"/g)).toHaveLength(6);
  });

  it('scales every panel to its longest whisker', () => {
    // floor's 10,000 events/s is the longest: its bar fills the panel, gradio-rx's median is a fifth of it.
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="\d+" width="([\d.]+)"[^>]*><title>(\w[\w-]*): median/g)].slice(0, 3).map((match) => [match[2], Number(match[1])] as const);
    const byClient = Object.fromEntries(widths);
    expect(byClient['gradio-rx']! / byClient['floor']!).toBeCloseTo(0.2, 2);
  });

  it('leaves out a scenario without a successful measurement', () => {
    expect(svg).toContain('(i) one job');
    expect(svg).not.toContain('(ii) 100 concurrent');
  });
});
