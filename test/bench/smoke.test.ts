/**
 * The bench harness at tiny sizes (`npm run bench:smoke`), so that it cannot rot: every client
 * process must receive every event of every scenario from the lean bench server, and the core
 * browser bundle must not import Node built-ins. No performance target is asserted here.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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

  it('runs the in-process bench for every client in every scenario, each receiving all of its events', async () => {
    // Each child process fails (and so the run) when its client misses an event.
    const script = fileURLToPath(new URL('../../bench/inprocess.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, '--smoke'], { timeout: 110_000 });
    const rows = stdout.split('\n').filter((line) => /^\| (?:i|ii|iv|jobs) \|/.test(line));
    expect(rows.map((row) => row.split('|').slice(1, 3).map((cell) => cell.trim()).join('/'))).toEqual([
      ...['i', 'ii', 'iv', 'jobs'].flatMap((scenario) => [`${scenario}/gradio-rx`, `${scenario}/floor-rx`, `${scenario}/floor`]),
    ]);
    for (const row of rows) {
      const [cold, , warm, , allocated] = row.split('|').slice(3, 8).map((cell) => Number.parseFloat(cell));
      expect(cold).toBeGreaterThan(0);
      expect(warm).toBeGreaterThan(0);
      expect(Number.isFinite(allocated)).toBe(true);
    }
  }, 120_000);

  it('bench:inprocess --against compares the current build with another, pair by pair', async () => {
    const script = fileURLToPath(new URL('../../bench/inprocess.ts', import.meta.url));
    // The sources stand in for "another build": the children import them through tsx.
    const other = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, '--smoke', '--only', 'i', '--against', other], { timeout: 110_000 });
    const rows = stdout.split('\n').filter((line) => /^\| i \|/.test(line));
    expect(rows.map((row) => row.split('|')[2]!.trim())).toEqual(['current', 'candidate']);
    for (const row of rows) expect(Number.parseFloat(row.split('|')[3]!)).toBeGreaterThan(0);
    expect(Number.parseFloat(rows[0]!.split('|')[5]!)).toBe(1);
  }, 120_000);
});
