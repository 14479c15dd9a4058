/**
 * Runs the measurements: for each round, scenario and client, a fresh lean server process and
 * a fresh client process (so neither warms up the other and the client's CPU time is its
 * own). Clients take turns in a different order each round, so drift on a noisy machine
 * does not favour one of them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { isBuildFresh } from './freshness.js';
import type { ChildResult, ChildTask } from './child.js';
import { type ClientName, expectedEvents, expectedTextLength, fullScenarios, type Scenario, smokeScenarios } from './scenarios.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repo = join(benchDir, '..');

export interface BenchOptions {
  /** Tiny sizes and one round: checks the harness, not the performance. @default false */
  smoke?: boolean;
  /** Rounds per measurement. @default 5 (1 when smoke) */
  rounds?: number;
  /** Scenario ids to run (`['i', 'iii']`). @default all */
  only?: readonly string[];
  /** Clients to run. @default every client a scenario supports */
  clients?: readonly ClientName[];
  /** A measurement that takes longer fails. @default 180_000 (30_000 when smoke) */
  timeoutMs?: number;
  /** Progress lines (one per measurement). */
  onProgress?: (line: string) => void;
}

/** One client process's outcome, checked against what the scenario sends. */
export interface Measurement extends Partial<ChildResult> {
  scenario: string;
  client: ClientName;
  round: number;
  expectedEvents: number;
  expectedTextLength: number;
  /** Whether the client received every event and all the text, without error. */
  ok: boolean;
  /** Why it is not ok. */
  failure?: string;
}

export interface BenchRun {
  scenarios: Scenario[];
  rounds: number;
  measurements: Measurement[];
  /** Which build of gradio-rx was measured (`dist/index.js` or a bundle of `src/index.ts`). */
  gradioRxEntry: string;
}

/** Runs every measurement; never throws for a failing client (see `Measurement.ok`). */
export async function runBench(options: BenchOptions = {}): Promise<BenchRun> {
  const smoke = options.smoke ?? false;
  const rounds = options.rounds ?? (smoke ? 1 : 5);
  const timeoutMs = options.timeoutMs ?? (smoke ? 30_000 : 180_000);
  const scenarios = (smoke ? smokeScenarios() : fullScenarios()).filter((scenario) => options.only === undefined || options.only.includes(scenario.id));
  const entry = await gradioRxEntry();
  const measurements: Measurement[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of scenarios) {
      const clients = scenario.clients.filter((client) => options.clients === undefined || options.clients.includes(client));
      for (const client of rotate(clients, round - 1)) {
        const measurement = await measure(scenario, client, round, entry.url, timeoutMs);
        measurements.push(measurement);
        options.onProgress?.(describe(measurement, rounds));
      }
    }
  }
  return { scenarios, rounds, measurements, gradioRxEntry: entry.label };
}

/**
 * The gradio-rx module to measure, always the current sources: `dist/index.js` when it is newer
 * than every file in src/, else a fresh esbuild bundle of `src/index.ts` (written under
 * node_modules/.cache so that its imports of rxjs, ky and eventsource-parser resolve), or the
 * file named by `BENCH_GRADIO_RX_ENTRY` (to compare a candidate build). Not the
 * sources through tsx: its transform wraps nested functions in `__name()` calls, a cost the
 * published package does not have.
 */
export async function gradioRxEntry(): Promise<{ url: string; label: string }> {
  // A/B runs of a candidate build: BENCH_GRADIO_RX_ENTRY=/path/to/index.js npm run bench
  const chosen = process.env['BENCH_GRADIO_RX_ENTRY'];
  if (chosen !== undefined && chosen !== '') return { url: chosen.startsWith('file:') ? chosen : pathToFileURL(chosen).href, label: chosen };
  const dist = join(repo, 'dist/index.js');
  if (isBuildFresh(repo, dist)) return { url: pathToFileURL(dist).href, label: 'dist/index.js' };
  const outfile = join(repo, 'node_modules/.cache/gradio-rx-bench/index.js');
  await build({
    entryPoints: [join(repo, 'src/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  return { url: pathToFileURL(outfile).href, label: 'src/index.ts (bundled with esbuild for the run)' };
}

async function measure(scenario: Scenario, client: ClientName, round: number, entry: string, timeoutMs: number): Promise<Measurement> {
  const base = { scenario: scenario.id, client, round, expectedEvents: expectedEvents(scenario), expectedTextLength: expectedTextLength(scenario) };
  const server = spawnTs(join(benchDir, 'server.ts'), [JSON.stringify(scenario)], {});
  try {
    const ready = await waitForLine(server, /^READY (\d+)$/, timeoutMs);
    const task: ChildTask = { client, scenario, url: `http://127.0.0.1:${ready[1]}` };
    const child = spawnTs(join(benchDir, 'child.ts'), [JSON.stringify(task)], { BENCH_GRADIO_RX_ENTRY: entry }, ['--expose-gc']);
    try {
      const line = await waitForLine(child, /^RESULT (.*)$/, timeoutMs);
      const result = JSON.parse(line[1]!) as ChildResult;
      const failure =
        result.error ??
        (result.events !== base.expectedEvents
          ? `received ${result.events} of ${base.expectedEvents} events`
          : result.textLength !== base.expectedTextLength
            ? `text of ${result.textLength} characters, expected ${base.expectedTextLength}`
            : undefined);
      return { ...base, ...result, ok: failure === undefined, ...(failure === undefined ? {} : { failure }) };
    } finally {
      stop(child);
    }
  } catch (error) {
    return { ...base, ok: false, failure: error instanceof Error ? error.message : String(error) };
  } finally {
    stop(server);
  }
}

/** `node [flags] --import tsx file args`, from the repository root. */
export function spawnTs(file: string, args: string[], env: Record<string, string>, flags: string[] = []): ChildProcess {
  return spawn(process.execPath, [...flags, '--import', 'tsx', file, ...args], {
    cwd: repo,
    env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line matching `pattern`; rejects on exit or timeout. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms${stderrTail()}`)), timeoutMs);
    const stderrTail = (): string => (stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
    const onData = (data: Buffer): void => {
      buffered += data.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const match = pattern.exec(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (match !== null) return done(undefined, match);
      }
    };
    const onStderr = (data: Buffer): void => {
      stderr = (stderr + data.toString('utf8')).slice(-4000);
    };
    const onExit = (code: number | null): void => done(new Error(`process exited (${code}) before answering${stderrTail()}`));
    const done = (error: Error | undefined, match?: RegExpMatchArray): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onStderr);
      child.off('exit', onExit);
      if (error === undefined) resolve(match!);
      else reject(error);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onStderr);
    child.on('exit', onExit);
  });
}

/** Ends a process this harness started (by its own handle), forcefully if it lingers. */
export function stop(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
  force.unref();
  child.once('exit', () => clearTimeout(force));
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function describe(measurement: Measurement, rounds: number): string {
  const head = `round ${measurement.round}/${rounds} (${measurement.scenario}) ${measurement.client}`;
  if (!measurement.ok) return `${head}: FAILED: ${measurement.failure}`;
  const perSecond = ((measurement.events ?? 0) / (measurement.wallMs ?? 1)) * 1000;
  return `${head}: ${Math.round(perSecond)} events/s, ${(((measurement.cpuMs ?? 0) * 1000) / (measurement.events ?? 1)).toFixed(1)} µs CPU/event`;
}
