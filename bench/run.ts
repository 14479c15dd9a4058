/**
 * `npm run bench`: gradio-rx, @gradio/client, a raw floor client and floor-rx (the floor under
 * gradio-rx's user pipeline) side by side against the lean bench server; prints the Markdown
 * tables and, for a full run, writes them to bench/results/latest.md.
 *
 * Options: `--smoke` (tiny sizes, one round, writes nothing, checks only that every client
 * received every event), `--rounds N` (default 5), `--only i,iii` (scenario ids),
 * `--clients gradio-rx,floor`, `--out FILE` (write the report there too, and its chart beside it).
 * A full run also writes the chart, bench/results/latest.svg.
 * Exits with 1 when a measurement failed or the core browser bundle imports `node:`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshestSource, measureBundles } from './bundle.js';
import { renderChart } from './chart.js';
import { runBench } from './harness.js';
import { formatReport } from './report.js';
import { type ClientName, clientNames } from './scenarios.js';

const benchDir = dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    only: { type: 'string' },
    clients: { type: 'string' },
    out: { type: 'string' },
  },
});

const list = (value: string | undefined): string[] | undefined => value?.split(',').map((item) => item.trim()).filter(Boolean);
const clients = list(values.clients);
if (clients?.some((client) => !clientNames.includes(client as ClientName))) {
  process.stderr.write(`--clients takes ${clientNames.join(', ')}\n`);
  process.exit(2);
}
const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) {
  process.stderr.write('--rounds takes a positive integer\n');
  process.exit(2);
}

const only = list(values.only);
const loadAtStart = os.loadavg()[0]!;
const run = await runBench({
  smoke: values.smoke,
  ...(rounds === undefined ? {} : { rounds }),
  ...(only === undefined ? {} : { only }),
  ...(clients === undefined ? {} : { clients: clients as ClientName[] }),
  onProgress: (line) => process.stderr.write(`${line}\n`),
});
const bundleSource = freshestSource();
const bundles = await measureBundles(bundleSource);
const extraArgs = process.argv.slice(2).filter((arg) => arg !== '--smoke');
const command = `npm run ${values.smoke ? 'bench:smoke' : 'bench'}${extraArgs.length > 0 ? ` -- ${extraArgs.join(' ')}` : ''}`;

// Only a full, unfiltered run replaces the committed results.
const isFullRun = !values.smoke && only === undefined && clients === undefined;
const outputs = [...(values.out === undefined ? [] : [values.out]), ...(isFullRun ? [join(benchDir, 'results/latest.md')] : [])];
const chartOf = (output: string): string => join(dirname(output), `${basename(output).replace(/\.md$/, '')}.svg`);
const context = { command, date: new Date(), bundleSource, load: [loadAtStart, os.loadavg()[0]!] as [number, number] };
process.stdout.write(formatReport(run, bundles, context));
for (const output of outputs) {
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, formatReport(run, bundles, { ...context, chart: basename(chartOf(output)) }));
  await writeFile(chartOf(output), renderChart(run));
  process.stderr.write(`wrote ${relative(process.cwd(), output)} and ${relative(process.cwd(), chartOf(output))}\n`);
}

const failed = run.measurements.filter((measurement) => !measurement.ok);
const nodeImports = bundles.filter((bundle) => bundle.name.startsWith('gradio-rx') && bundle.importsNode);
if (failed.length > 0 || nodeImports.length > 0) {
  for (const measurement of failed) process.stderr.write(`FAILED: (${measurement.scenario}) ${measurement.client} round ${measurement.round}: ${measurement.failure}\n`);
  for (const bundle of nodeImports) process.stderr.write(`FAILED: ${bundle.name} imports a node: built-in\n`);
  process.exit(1);
}
