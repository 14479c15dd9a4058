/**
 * `npm run bench:inprocess`: the client side of `npm run bench` without sockets, for quick A/B
 * work on the hot path. Each client (gradio-rx, floor-rx and the floor) runs the scenario
 * against a fetch that serves the bench server's precomputed bytes from memory, so a
 * measurement is the client's own work: SSE framing, JSON, routing, diffs, events, deltas, and
 * the per-job requests, without the kernel and socket time that dominates the real bench.
 *
 * - cold: each round in a fresh process (as in `npm run bench`), CPU time of the run per event;
 *   a fresh process pays for code the JIT has not optimized yet, which is most of the gap.
 * - warm: the same, in the fifth run of one process (the median of three processes): the cost
 *   once the JIT has optimized the hot path.
 * - allocated: bytes allocated per event in a warm run, with a young generation large enough
 *   that no collection happens during it (used heap after − before; a run during which the
 *   collector ran anyway is not counted, NaN when every run had one).
 * - the `jobs` scenario (100 jobs × 5 events) gives the cost per job rather than per event.
 *
 * Options: `--only i,ii,iv,jobs`, `--rounds N` (default 9), `--smoke` (tiny sizes, one round: only
 * checks that it runs), `--against FILE`: an A/B of gradio-rx as built now against another
 * build (`cp -r dist .tmp/before` before the change, then `--against .tmp/before/index.js`; a
 * copy inside the repository, so that it finds rxjs and ky), `--rounds` pairs (default 30).
 * Prints a Markdown table; writes nothing.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { callBody, queueBody } from './bodies.js';
import type { BenchClient, EventSink } from './clients/types.js';
import { gradioRxEntry, spawnTs, stop, waitForLine } from './harness.js';
import { clientFiles, type ClientName, fullScenarios, type Scenario, smokeScenarios } from './scenarios.js';
import { spread } from './stats.js';
import { configJson, eventIdOf, infoJson } from './wire.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = 'http://127.0.0.1:9';

/** The scenarios measured here: the unpaced ones of `npm run bench`, and one of many short jobs. */
function inProcessScenarios(smoke: boolean): Scenario[] {
  const unpaced = (smoke ? smokeScenarios() : fullScenarios()).filter((scenario) => scenario.pacedMs === 0);
  const many = unpaced.find((scenario) => scenario.id === 'ii')!;
  return [...unpaced, { ...many, id: 'jobs', title: `${many.jobs} concurrent jobs × 5 events (cost per job)`, events: 5 }];
}

/**
 * A fetch answering like the bench server, from memory: the queue stream starts once every job
 * has joined (as the server does), then hands out the precomputed writes one read at a time.
 */
function memoryFetch(scenario: Scenario): { fetch: typeof fetch; reset(): void } {
  const eventIds = Array.from({ length: scenario.jobs }, (_, index) => eventIdOf(index));
  const body = scenario.route === 'call' ? callBody(scenario) : queueBody(scenario, eventIds);
  let joined = 0;
  let allJoined: () => void = () => {};
  let everyoneJoined = Promise.resolve();
  const json = (text: string): Response => new Response(text, { headers: { 'content-type': 'application/json' } });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const path = url.pathname;
    if (path === '/config') return json(configJson(root));
    if (path.endsWith('/info')) return json(infoJson());
    if (path.endsWith('/queue/join')) {
      const eventId = eventIds[joined++]!;
      if (joined === eventIds.length) setTimeout(allJoined, 0);
      return json(JSON.stringify({ event_id: eventId }));
    }
    if (method === 'POST' && path.includes('/call/')) return json(JSON.stringify({ event_id: eventIds[0] }));
    if (path.endsWith('/queue/data') || path.includes('/call/')) {
      let next = 0;
      const waitForJoins = scenario.route === 'queue';
      const stream = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            if (waitForJoins) await everyoneJoined;
            if (next < body.length) controller.enqueue(body[next++]!);
            else controller.close();
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    }
    return json('{"success":true}');
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    reset() {
      joined = 0;
      everyoneJoined = new Promise((resolve) => (allJoined = resolve));
    },
  };
}

/** Runs of one warm process: the last one is measured. */
const warmRuns = 5;
/** Warm processes per client and scenario (warm runs vary little). */
const warmProcesses = 3;

interface ChildResult {
  cpuUsPerUnit: number;
  allocatedBytesPerEvent?: number;
}

/** One measurement in this process: `runs` runs of the scenario, the last one measured. */
async function runChild(client: ClientName, scenario: Scenario, runs: number): Promise<ChildResult> {
  const memory = memoryFetch(scenario);
  globalThis.fetch = memory.fetch;
  const module = (await import(join(benchDir, 'clients', clientFiles[client]))) as { createClient: () => BenchClient };
  // Allocation is read from the used heap, which only works while no collection runs: runs
  // with one are not counted (the warm child collects before each run to make that rare).
  const collections: number[] = [];
  const observer = new PerformanceObserver((list) => collections.push(...list.getEntries().map((entry) => entry.startTime)));
  observer.observe({ entryTypes: ['gc'] });
  let result: ChildResult = { cpuUsPerUnit: 0, allocatedBytesPerEvent: Number.NaN };
  for (let run = 0; run < runs; run++) {
    memory.reset();
    const benchClient = module.createClient();
    await benchClient.connect(root, `inprocess${run}`);
    let events = 0;
    const sink: EventSink = { wantsDeltas: false, event: () => void events++, textLength() {}, delta() {} };
    (globalThis as { gc?: () => void }).gc?.();
    const heapBefore = v8.getHeapStatistics().used_heap_size;
    const start = performance.now();
    const cpu = process.cpuUsage();
    if (scenario.route === 'call') await benchClient.call!(sink);
    else await benchClient.submit(scenario.jobs, sink);
    const used = process.cpuUsage(cpu);
    const allocated = v8.getHeapStatistics().used_heap_size - heapBefore;
    const end = performance.now();
    benchClient.close();
    if (events !== scenario.jobs * (scenario.events + 1)) throw new Error(`${client} received ${events} events`);
    await new Promise((resolve) => setTimeout(resolve, 0)); // lets the observer report
    const collected = collections.some((at) => at >= start && at <= end);
    const perJob = scenario.id === 'jobs';
    result = {
      cpuUsPerUnit: (used.user + used.system) / (perJob ? scenario.jobs : events),
      allocatedBytesPerEvent: collected ? result.allocatedBytesPerEvent : allocated / events,
    };
  }
  observer.disconnect();
  return result;
}

/** Runs one child process of this file and returns its result. */
async function spawnChild(client: ClientName, scenario: string, runs: number, entry: string, flags: string[]): Promise<ChildResult> {
  const args = ['--child', client, '--only', scenario, '--rounds', String(runs), ...(values.smoke ? ['--smoke'] : [])];
  const child = spawnTs(fileURLToPath(import.meta.url), args, { BENCH_GRADIO_RX_ENTRY: entry }, flags);
  try {
    const line = await waitForLine(child, /^RESULT (.*)$/, childTimeoutMs);
    return JSON.parse(line[1]!) as ChildResult;
  } catch (error) {
    throw new Error(`${client} ${scenario}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    stop(child);
  }
}

/** How long one child may take (a cold run of the largest scenario takes about a second). */
const childTimeoutMs = 120_000;

const { values } = parseArgs({
  options: { child: { type: 'string' }, only: { type: 'string' }, rounds: { type: 'string' }, smoke: { type: 'boolean', default: false }, against: { type: 'string' } },
});
const scenarios = inProcessScenarios(values.smoke).filter((scenario) => values.only === undefined || values.only.split(',').includes(scenario.id));

if (values.child !== undefined) {
  const result = await runChild(values.child as ClientName, scenarios[0]!, Number(values.rounds ?? 1));
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
} else if (values.against !== undefined) {
  process.stdout.write(await compareBuilds(pathToFileURL(resolve(values.against)).href, values.smoke ? 1 : Number(values.rounds ?? 30)));
} else {
  const rounds = values.smoke ? 1 : Number(values.rounds ?? 9);
  const entry = (await gradioRxEntry()).url;
  const clients: ClientName[] = ['gradio-rx', 'floor-rx', 'floor'];
  const lines = [
    '| scenario | client | cold CPU µs per event (per job for `jobs`), median (min–max) | ÷ floor | warm CPU µs per event | ÷ floor | allocated bytes per event (warm) | ÷ floor |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const scenario of scenarios) {
    const cold = new Map<ClientName, number[]>();
    const warm = new Map<ClientName, number>();
    const allocated = new Map<ClientName, number>();
    for (let round = 0; round < rounds; round++) {
      // Alternating, so that drifting load on the machine touches every client alike.
      for (const client of clients) {
        const result = await spawnChild(client, scenario.id, 1, entry, []);
        cold.set(client, [...(cold.get(client) ?? []), result.cpuUsPerUnit]);
      }
    }
    for (const client of clients) {
      const warmCpu: number[] = [];
      for (let child = 0; child < (values.smoke ? 1 : warmProcesses); child++) warmCpu.push((await spawnChild(client, scenario.id, warmRuns, entry, [])).cpuUsPerUnit);
      warm.set(client, spread(warmCpu).median);
      const quiet = await spawnChild(client, scenario.id, 4, entry, ['--expose-gc', '--min-semi-space-size=1024', '--max-semi-space-size=1024']);
      allocated.set(client, quiet.allocatedBytesPerEvent!);
    }
    const floorCold = spread(cold.get('floor')!).median;
    for (const client of clients) {
      const { median, min, max } = spread(cold.get(client)!);
      const bytes = allocated.get(client)!;
      const warmCpu = warm.get(client)!;
      lines.push(
        `| ${scenario.id} | ${client} | ${median.toFixed(2)} (${min.toFixed(2)}–${max.toFixed(2)}) | ${(median / floorCold).toFixed(2)} | ${warmCpu.toFixed(2)} | ${(warmCpu / warm.get('floor')!).toFixed(2)} | ${bytes.toFixed(0)} | ${(bytes / allocated.get('floor')!).toFixed(2)} |`,
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * `--against FILE`: gradio-rx as built now against another build of it (a copy of an earlier
 * dist/index.js, say), in fresh processes interleaved A B B A… so that drift touches both alike.
 * Cold runs of one build vary by about ±0.3 µs per event, so a change smaller than that needs
 * the default 30 pairs or more before its median means anything.
 */
async function compareBuilds(candidate: string, pairs: number): Promise<string> {
  const current = (await gradioRxEntry()).url;
  const lines = ['| scenario | build | cold CPU µs per event (per job for `jobs`), median (min–max) | mean | ÷ current |', '|---|---|---:|---:|---:|'];
  for (const scenario of scenarios) {
    const runs: Record<'current' | 'candidate', number[]> = { current: [], candidate: [] };
    for (let pair = 0; pair < pairs; pair++) {
      const order = pair % 2 === 0 ? (['current', 'candidate'] as const) : (['candidate', 'current'] as const);
      for (const build of order) runs[build].push((await spawnChild('gradio-rx', scenario.id, 1, build === 'current' ? current : candidate, [])).cpuUsPerUnit);
    }
    const base = spread(runs.current).median;
    for (const build of ['current', 'candidate'] as const) {
      const { median, min, max } = spread(runs[build]);
      const mean = runs[build].reduce((sum, value) => sum + value, 0) / runs[build].length;
      lines.push(`| ${scenario.id} | ${build} | ${median.toFixed(2)} (${min.toFixed(2)}–${max.toFixed(2)}) | ${mean.toFixed(2)} | ${(median / base).toFixed(3)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
