/**
 * One measurement, in a fresh process: connects one client to the bench server, runs the
 * scenario, and prints `RESULT <json>` (a {@link ChildResult}) on stdout. Only the client runs
 * here, so this process's CPU time and memory are the client's.
 *
 * Run: `node --expose-gc --import tsx bench/child.ts '<task json>'` (the harness does). To
 * profile a client, start `tsx bench/server.ts '<scenario json>'` and run this with
 * `BENCH_PROFILE=1 node --cpu-prof …`: the result then gives the run's window on the profile's
 * clock (`profileWindowUs`), so that startup can be left out of the analysis.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { benchSessionHash, clientFiles, type ClientName, type Scenario } from './scenarios.js';
import type { BenchClient, EventSink } from './clients/types.js';
import { parseTimestamps } from './wire.js';

export interface ChildTask {
  client: ClientName;
  scenario: Scenario;
  url: string;
}

export interface ChildResult {
  events: number;
  /** Sum over jobs of the final text length each job reached. */
  textLength: number;
  wallMs: number;
  /** User + system CPU time of the whole process during the run. */
  cpuMs: number;
  /** Used V8 heap after connecting (after a full GC), and its peak during the run. */
  baselineHeapBytes: number;
  peakHeapBytes: number;
  /** Peak resident set size of the process over its life. */
  maxRssBytes: number;
  /** From the submit to the first data event. */
  firstEventMs?: number;
  /** Paced runs: receive time − server write time of every event, in ms. */
  latenciesMs?: number[];
  error?: string;
  /** Only when `BENCH_PROFILE` is set: start and end of the run on the CPU profile's clock (µs). */
  profileWindowUs?: [number, number];
}

const heapSampleMs = 5;

/** The sink every client reports to: counts, text lengths, and paced latencies. */
class Recorder implements EventSink {
  readonly wantsDeltas: boolean;
  events = 0;
  firstEventAt: number | undefined;
  readonly lengths: number[];
  readonly latencies: number[] = [];

  constructor(scenario: Scenario) {
    this.wantsDeltas = scenario.pacedMs > 0;
    this.lengths = new Array<number>(scenario.jobs).fill(0);
  }

  event(): void {
    if (this.events++ === 0) this.firstEventAt = performance.now();
  }

  textLength(job: number, length: number): void {
    this.lengths[job] = length;
  }

  delta(job: number, text: string): void {
    this.lengths[job]! += text.length;
    if (!this.wantsDeltas) return;
    const receivedAt = performance.timeOrigin + performance.now();
    for (const writtenAt of parseTimestamps(text)) this.latencies.push(receivedAt - writtenAt);
  }
}

async function runChild(task: ChildTask): Promise<ChildResult> {
  const { createClient } = (await import(`./clients/${clientFiles[task.client]}`)) as { createClient: () => BenchClient };
  const client = createClient();
  await client.connect(task.url, benchSessionHash);
  const recorder = new Recorder(task.scenario);

  (globalThis as { gc?: () => void }).gc?.();
  const baselineHeapBytes = v8.getHeapStatistics().used_heap_size;
  let peakHeapBytes = baselineHeapBytes;
  const sampleHeap = (): void => {
    const used = v8.getHeapStatistics().used_heap_size;
    if (used > peakHeapBytes) peakHeapBytes = used;
  };
  const sampler = setInterval(sampleHeap, heapSampleMs);

  let error: string | undefined;
  const monotonicStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  try {
    if (task.scenario.route === 'call') {
      if (client.call === undefined) throw new Error(`${task.client} does not speak the /call API`);
      await client.call(recorder);
    } else {
      await client.submit(task.scenario.jobs, recorder);
    }
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const monotonicEnd = process.hrtime.bigint();
  sampleHeap();
  clearInterval(sampler);
  client.close();

  return {
    events: recorder.events,
    textLength: recorder.lengths.reduce((sum, length) => sum + length, 0),
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    baselineHeapBytes,
    peakHeapBytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    ...(recorder.firstEventAt === undefined ? {} : { firstEventMs: recorder.firstEventAt - start }),
    ...(task.scenario.pacedMs > 0 ? { latenciesMs: recorder.latencies } : {}),
    ...(error === undefined ? {} : { error }),
    // For `node --cpu-prof` runs: the run's window on the clock of the profile's timestamps (µs).
    ...(process.env['BENCH_PROFILE'] === undefined ? {} : { profileWindowUs: [Number(monotonicStart / 1000n), Number(monotonicEnd / 1000n)] }),
  };
}

const task = JSON.parse(process.argv[2] ?? '') as ChildTask;
const result = await runChild(task);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`, () => process.exit(0));
