/**
 * The bench harness at tiny sizes (`npm run bench:smoke`), so that it cannot rot: every client
 * process must receive every event of every scenario from the lean bench server, and the core
 * browser bundle must not import Node built-ins. No performance target is asserted here.
 */
import { describe, expect, it } from 'vitest';
import { type BundleSize, measureBundles } from '../../bench/bundle.js';
import { type BenchRun, runBench } from '../../bench/harness.js';
import { expectedEvents, smokeScenarios } from '../../bench/scenarios.js';

describe('bench smoke run', () => {
  it('runs every scenario with every client it supports, each receiving all of its events and text', async () => {
    const run: BenchRun = await runBench({ smoke: true });
    const planned = smokeScenarios().flatMap((scenario) => scenario.clients.map((client) => `${scenario.id}/${client}`));
    expect(run.measurements.map((m) => `${m.scenario}/${m.client}`).sort()).toEqual(planned.sort());
    for (const measurement of run.measurements) {
      const scenario = smokeScenarios().find((candidate) => candidate.id === measurement.scenario)!;
      expect({ client: measurement.client, scenario: measurement.scenario, failure: measurement.failure }).toEqual({
        client: measurement.client,
        scenario: measurement.scenario,
        failure: undefined,
      });
      expect(measurement.events).toBe(expectedEvents(scenario));
      expect(measurement.textLength).toBe(measurement.expectedTextLength);
      expect(measurement.cpuMs).toBeGreaterThan(0);
      expect(measurement.peakHeapBytes).toBeGreaterThanOrEqual(measurement.baselineHeapBytes!);
      if (scenario.pacedMs > 0) expect(measurement.latenciesMs).toHaveLength(scenario.events);
    }
  }, 120_000);

  it('bundles the core for the browser without any node: import, smaller with rxjs left out', async () => {
    const bundles = await measureBundles('src');
    const named = (prefix: string): BundleSize => bundles.find((bundle) => bundle.name.startsWith(prefix))!;
    const external = named('gradio-rx typical import (');
    const included = named('gradio-rx typical import, rxjs included');
    expect(external.importsNode).toBe(false);
    expect(included.importsNode).toBe(false);
    expect(external.gzipBytes).toBeLessThan(included.gzipBytes);
    expect(external.gzipBytes).toBeLessThan(named('gradio-rx core entry').gzipBytes);
    expect(named('@gradio/client').gzipBytes).toBeGreaterThan(0);
  }, 60_000);
});
