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

/** gradio-rx's median divided by another client's median, for one metric. */
export function medianRatio(run: BenchRun, scenario: string, other: ClientName, key: string): number | undefined {
  const ours = metricSpread(run, scenario, 'gradio-rx', key);
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

export function targetChecks(run: BenchRun, bundles: BundleSize[]): TargetCheck[] {
  const check = (target: string, measured: number | undefined, direction: '>=' | '<=', limit: number): TargetCheck => ({
    target,
    measured,
    limit,
    direction,
    met: measured === undefined ? undefined : direction === '>=' ? measured >= limit : measured <= limit,
  });
  const checks: TargetCheck[] = [];
  for (const id of ['i', 'ii']) {
    checks.push(check(`(${id}) events/s gradio-rx / official`, medianRatio(run, id, 'official', 'eventsPerSecond'), '>=', 2));
    checks.push(check(`(${id}) CPU per event gradio-rx / official`, medianRatio(run, id, 'official', 'cpuPerEvent'), '<=', 0.5));
    checks.push(check(`(${id}) CPU per event gradio-rx / floor`, medianRatio(run, id, 'floor', 'cpuPerEvent'), '<=', 1.3));
  }
  checks.push(check('(ii) peak heap gradio-rx / official', medianRatio(run, 'ii', 'official', 'peakHeap'), '<=', 1));
  checks.push(check('(iii) latency p50 gradio-rx / official', medianRatio(run, 'iii', 'official', 'p50'), '<=', 1));
  checks.push(check('(iv) CPU per event gradio-rx / floor', medianRatio(run, 'iv', 'floor', 'cpuPerEvent'), '<=', 1.3));
  const core = bundles.find((bundle) => bundle.name.includes('rxjs external'));
  checks.push(check('bundle min+gzip KB, rxjs external', core === undefined ? undefined : core.gzipBytes / 1024, '<=', 12));
  return checks.filter((entry) => run.scenarios.some((scenario) => entry.target.startsWith(`(${scenario.id})`)) || entry.target.startsWith('bundle'));
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

/** The whole report as Markdown. */
export function formatReport(run: BenchRun, bundles: BundleSize[], context: ReportContext): string {
  const lines = ['# gradio-rx benchmarks', ''];
  lines.push(`Command: \`${context.command}\` — ${context.date.toISOString()}`, '');
  lines.push(...machineDescription());
  lines.push(`- gradio-rx measured from ${run.gradioRxEntry}; @gradio/client 2.7.0; ${run.rounds} round(s), a fresh server process and a fresh client process per measurement`, '');
  lines.push(
    'Each cell: median over the rounds (min–max). Events are data events (every `generating` event and the completion). ' +
      'CPU time is the client process\'s user + system time during the run; peak heap is the used V8 heap, sampled every 5 ms; ' +
      'RSS is the process\'s peak. Ratios divide gradio-rx\'s median by the other client\'s median. The machine is noisy: compare ratios of one run.',
    '',
  );
  lines.push('## Targets', '', '| target | measured | limit | result |', '|---|---:|---:|---|');
  for (const entry of targetChecks(run, bundles)) {
    const result = entry.met === undefined ? 'n/a' : entry.met ? 'met' : '**missed**';
    const measured = entry.measured === undefined ? 'n/a' : entry.measured.toFixed(2);
    lines.push(`| ${entry.target} | ${measured} | ${entry.direction} ${entry.limit} | ${result} |`);
  }
  lines.push('', '## Scenarios', '');
  for (const scenario of run.scenarios) lines.push(...scenarioSection(run, scenario));
  lines.push('## Bundle (esbuild, browser, ESM, minified; gzip level 9)', '', '| bundle | minified KB | min+gzip KB | imports `node:` |', '|---|---:|---:|---|');
  for (const bundle of bundles) {
    lines.push(`| ${bundle.name} | ${(bundle.minifiedBytes / 1024).toFixed(1)} | ${(bundle.gzipBytes / 1024).toFixed(1)} | ${bundle.importsNode ? '**yes**' : 'no'} |`);
  }
  const failures = run.measurements.filter((m) => !m.ok);
  if (failures.length > 0) {
    lines.push('', '## Failed measurements', '');
    for (const failure of failures) lines.push(`- round ${failure.round} (${failure.scenario}) ${failure.client}: ${failure.failure}`);
  }
  lines.push('');
  return lines.join('\n');
}
