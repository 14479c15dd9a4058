/**
 * The Markdown report of a bench run: the machine, one table per scenario (median and
 * min–max over the rounds), the ratios gradio-rx/official and gradio-rx/floor, the targets
 * of the issue, and the bundle sizes.
 */
import os from 'node:os';
import type { BundleSize } from './bundle.js';
import type { BenchRun, Measurement } from './harness.js';
import type { ClientName, Scenario } from './scenarios.js';
import { quantile, type Spread, spread } from './stats.js';

export interface ReportContext {
  /** The command that produced the run, as typed. */
  command: string;
  date: Date;
  /** Where the gradio-rx bundles came from. @default 'dist' */
  bundleSource?: 'dist' | 'src';
  /** How loaded the machine was: the 1-minute load average at the start and the end of the run. */
  load?: [number, number];
  /** File name of the chart written next to the report, shown under the header. */
  chart?: string;
}

/** One metric of the tables: how to read it from a measurement, and how to print it. */
interface Metric {
  key: string;
  label: string;
  read: (m: Measurement) => number | undefined;
  format: (value: number) => string;
  /** Shown only for paced scenarios (latency). */
  pacedOnly?: boolean;
}

const mib = 1024 * 1024;

const metrics: Metric[] = [
  { key: 'eventsPerSecond', label: 'events/s', read: (m) => ratio(m.events, m.wallMs, 1000), format: (v) => group(Math.round(v)) },
  { key: 'cpuPerEvent', label: 'CPU µs/event', read: (m) => ratio(m.cpuMs, m.events, 1000), format: (v) => v.toFixed(2) },
  { key: 'wall', label: 'wall ms', read: (m) => m.wallMs, format: (v) => v.toFixed(0) },
  { key: 'peakHeap', label: 'peak heap MiB', read: (m) => ratio(m.peakHeapBytes, mib), format: (v) => v.toFixed(1) },
  { key: 'heapGrowth', label: 'heap growth MiB', read: (m) => (m.peakHeapBytes === undefined || m.baselineHeapBytes === undefined ? undefined : (m.peakHeapBytes - m.baselineHeapBytes) / mib), format: (v) => v.toFixed(1) },
  { key: 'peakRss', label: 'peak RSS MiB', read: (m) => ratio(m.maxRssBytes, mib), format: (v) => v.toFixed(0) },
  { key: 'firstEvent', label: 'first event ms', read: (m) => m.firstEventMs, format: (v) => v.toFixed(1) },
  { key: 'p50', label: 'latency p50 ms', read: (m) => (m.latenciesMs === undefined ? undefined : quantile(m.latenciesMs, 0.5)), format: (v) => v.toFixed(2), pacedOnly: true },
  { key: 'p99', label: 'latency p99 ms', read: (m) => (m.latenciesMs === undefined ? undefined : quantile(m.latenciesMs, 0.99)), format: (v) => v.toFixed(2), pacedOnly: true },
];

function ratio(numerator: number | undefined, denominator: number | undefined, scale = 1): number | undefined {
  if (numerator === undefined || denominator === undefined || denominator === 0) return undefined;
  return (numerator / denominator) * scale;
}

function group(value: number): string {
  return value.toLocaleString('en-US');
}

/** Median, min and max of one metric over the successful rounds of one client. */
export function metricSpread(run: BenchRun, scenario: string, client: ClientName, key: string): Spread | undefined {
  const metric = metrics.find((candidate) => candidate.key === key);
  if (metric === undefined) throw new Error(`unknown metric ${key}`);
  const values = run.measurements
    .filter((m) => m.ok && m.scenario === scenario && m.client === client)
    .map(metric.read)
    .filter((value): value is number => value !== undefined && Number.isFinite(value));
  return values.length === 0 ? undefined : spread(values);
}

/** gradio-rx's (or `client`'s) median divided by another client's median, for one metric. */
export function medianRatio(run: BenchRun, scenario: string, other: ClientName, key: string, client: ClientName = 'gradio-rx'): number | undefined {
  const ours = metricSpread(run, scenario, client, key);
  const theirs = metricSpread(run, scenario, other, key);
  if (ours === undefined || theirs === undefined || theirs.median === 0) return undefined;
  return ours.median / theirs.median;
}

/** A target of the issue, with the ratio it is judged on. */
export interface TargetCheck {
  target: string;
  measured: number | undefined;
  limit: number;
  /** `>=`: the measured ratio must be at least the limit; `<=`: at most. */
  direction: '>=' | '<=';
  met: boolean | undefined;
}

/**
 * The targets of the issue (#16): against the floor in (i), (ii) and (iv), against
 * `@gradio/client` for peak heap (ii) and the first event (i), (iii)'s latency from #6, and
 * the budgets of our own code in the bundle.
 */
export function targetChecks(run: BenchRun, bundles: BundleSize[]): TargetCheck[] {
  const check = (target: string, measured: number | undefined, direction: '>=' | '<=', limit: number): TargetCheck => ({
    target,
    measured,
    limit,
    direction,
    met: measured === undefined ? undefined : direction === '>=' ? measured >= limit : measured <= limit,
  });
  const checks: TargetCheck[] = [];
  for (const id of ['i', 'ii', 'iv']) {
    checks.push(check(`(${id}) events/s gradio-rx / floor`, medianRatio(run, id, 'floor', 'eventsPerSecond'), '>=', 0.9));
    checks.push(check(`(${id}) CPU per event gradio-rx / floor`, medianRatio(run, id, 'floor', 'cpuPerEvent'), '<=', 1.15));
  }
  checks.push(check('(i) time to first event gradio-rx / official', medianRatio(run, 'i', 'official', 'firstEvent'), '<=', 1));
  checks.push(check('(ii) peak heap gradio-rx / official', medianRatio(run, 'ii', 'official', 'peakHeap'), '<=', 1));
  checks.push(check('(iii) latency p50 gradio-rx / official', medianRatio(run, 'iii', 'official', 'p50'), '<=', 1));
  for (const bundle of bundles) {
    if (bundle.ownTargetKb === undefined || bundle.ownGzipBytes === undefined) continue;
    checks.push(check(`bundle: our own code in the ${bundle.name.replace(/^gradio-rx /, '')}, KB min+gzip`, bundle.ownGzipBytes / 1024, '<=', bundle.ownTargetKb));
  }
  return checks.filter((entry) => run.scenarios.some((scenario) => entry.target.startsWith(`(${scenario.id})`)) || entry.target.startsWith('bundle'));
}

/**
 * The floor targets, measured for floor-rx too: what the user's RxJS pipeline costs on the
 * floor's own transport, so that a reader sees how much of gradio-rx's ratio is its own.
 */
function pipelineShare(run: BenchRun): string[] {
  const ratios = ['i', 'ii', 'iv']
    .filter((id) => run.scenarios.some((scenario) => scenario.id === id && scenario.clients.includes('floor-rx')))
    .map((id) => {
      const events = medianRatio(run, id, 'floor', 'eventsPerSecond', 'floor-rx');
      const cpu = medianRatio(run, id, 'floor', 'cpuPerEvent', 'floor-rx');
      return events === undefined || cpu === undefined ? undefined : `(${id}) events/s ${events.toFixed(2)}, CPU per event ${cpu.toFixed(2)}`;
    })
    .filter((text): text is string => text !== undefined);
  if (ratios.length === 0) return [];
  return [
    '',
    `The same ratios for floor-rx / floor, the floor's transport under gradio-rx's user pipeline (\`tap\`, then \`textDeltas()\`): ${ratios.join('; ')}. That is what the pipeline costs; gradio-rx / floor-rx is what gradio-rx adds.`,
  ];
}

/** The machine the run measured, for the report's header. */
export function machineDescription(): string[] {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores`,
    `- memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node ${process.version}`,
  ];
}

function cell(value: Spread | undefined, format: (value: number) => string): string {
  if (value === undefined) return 'n/a';
  if (value.min === value.max) return format(value.median);
  return `${format(value.median)} (${format(value.min)}–${format(value.max)})`;
}

function ratioCell(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value.toFixed(2)}×`;
}

function scenarioSection(run: BenchRun, scenario: Scenario): string[] {
  const shown = metrics.filter((metric) => !metric.pacedOnly || scenario.pacedMs > 0);
  const lines = [`### (${scenario.id}) ${scenario.title}`, ''];
  lines.push(`| client | ${shown.map((metric) => metric.label).join(' | ')} |`);
  lines.push(`|---|${shown.map(() => '---:').join('|')}|`);
  for (const client of scenario.clients) {
    const failures = run.measurements.filter((m) => m.scenario === scenario.id && m.client === client && !m.ok);
    const label = failures.length === 0 ? client : `${client} (${failures.length} failed)`;
    lines.push(`| ${label} | ${shown.map((metric) => cell(metricSpread(run, scenario.id, client, metric.key), metric.format)).join(' | ')} |`);
  }
  lines.push('');
  const others = scenario.clients.filter((client): client is ClientName => client !== 'gradio-rx');
  lines.push(`| ratio | ${shown.map((metric) => metric.label).join(' | ')} |`);
  lines.push(`|---|${shown.map(() => '---:').join('|')}|`);
  for (const other of others) {
    lines.push(`| gradio-rx / ${other} | ${shown.map((metric) => ratioCell(medianRatio(run, scenario.id, other, metric.key))).join(' | ')} |`);
  }
  lines.push('');
  return lines;
}

/** The bundle table: totals, our own share and its budget, and whether `node:` is imported. */
export function bundleSection(bundles: BundleSize[], source = 'the built package (dist/)'): string[] {
  const kb = (bytes: number | undefined): string => (bytes === undefined ? '' : (bytes / 1024).toFixed(1));
  const lines = [
    '## Bundle (esbuild, browser, ESM, minified; gzip level 9; rxjs external unless said)',
    '',
    `gradio-rx bundled from ${source}, with code splitting. The sizes are what a browser loads before the first call (the entry chunk and the chunks it imports statically, each gzipped on its own); the last size column is what loads on first use only (Space ids, named arguments, uploads, error details). Our own code = the loaded size minus ky and eventsource-parser bundled alone the same way.`,
    '',
    '| bundle | minified KB | min+gzip KB | our own code, min+gzip KB | target KB | CI budget KB | loaded on first use, min+gzip KB | imports `node:` |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const bundle of bundles) {
    const limit = (value: number | undefined): string => (value === undefined ? '' : `${value}`);
    lines.push(
      `| ${bundle.name} | ${kb(bundle.minifiedBytes)} | ${kb(bundle.gzipBytes)} | ${kb(bundle.ownGzipBytes)} | ${limit(bundle.ownTargetKb)} | ${limit(bundle.ownBudgetKb)} | ${kb(bundle.lazyGzipBytes)} | ${bundle.importsNode ? '**yes**' : 'no'} |`,
    );
  }
  lines.push('');
  return lines;
}

/** The whole report as Markdown. */
export function formatReport(run: BenchRun, bundles: BundleSize[], context: ReportContext): string {
  const source = context.bundleSource === 'src' ? 'the sources (src/, the same module graph as dist/)' : 'the built package (dist/, one file per module)';
  const lines = ['# gradio-rx benchmarks', ''];
  lines.push(`Command: \`${context.command}\` — ${context.date.toISOString()}`, '');
  lines.push(...machineDescription());
  if (context.load !== undefined) {
    lines.push(`- load average (1 min) at the start / end of the run: ${context.load[0].toFixed(2)} / ${context.load[1].toFixed(2)} on ${os.cpus().length} cores (other work on the machine)`);
  }
  lines.push(`- gradio-rx measured from ${run.gradioRxEntry}; @gradio/client 2.7.0; ${run.rounds} round(s), a fresh server process and a fresh client process per measurement`, '');
  lines.push(
    'Each cell: median over the rounds (min–max). Events are data events (every `generating` event and the completion). ' +
      'CPU time is the client process\'s user + system time during the run; peak heap is the used V8 heap, sampled every 5 ms; ' +
      'RSS is the process\'s peak. Ratios divide gradio-rx\'s median by the other client\'s median. The machine is noisy: compare ratios of one run.',
    '',
  );
  if (context.chart !== undefined) lines.push(`![events/s and CPU per event per scenario](${context.chart})`, '');
  lines.push('## Targets', '', '| target | measured | limit | result |', '|---|---:|---:|---|');
  for (const entry of targetChecks(run, bundles)) {
    const result = entry.met === undefined ? 'n/a' : entry.met ? 'met' : '**missed**';
    const measured = entry.measured === undefined ? 'n/a' : entry.measured.toFixed(2);
    lines.push(`| ${entry.target} | ${measured} | ${entry.direction} ${entry.limit} | ${result} |`);
  }
  lines.push(...pipelineShare(run));
  lines.push('', '## Scenarios', '');
  for (const scenario of run.scenarios) lines.push(...scenarioSection(run, scenario));
  lines.push(...bundleSection(bundles, source));
  const failures = run.measurements.filter((m) => !m.ok);
  if (failures.length > 0) {
    lines.push('', '## Failed measurements', '');
    for (const failure of failures) lines.push(`- round ${failure.round} (${failure.scenario}) ${failure.client}: ${failure.failure}`);
  }
  lines.push('');
  return lines.join('\n');
}
