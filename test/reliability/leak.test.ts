/**
 * Leaks: thousands of subscribe/unsubscribe cycles spread over every phase of a job (uploading,
 * join in flight, queued, streaming) must leave no socket and no timer behind, and the heap
 * must not grow. The client runs in a child process with `--expose-gc` (fixtures/leak.ts), so
 * that what is counted is the client's alone; the fake server stays in this process.
 * `npm test` runs 2,000 cycles; `GRADIO_RX_FULL=1` (npm run test:reliability) runs 10,000.
 */
import { expect, it } from 'vitest';
import { useFakeServer } from '../helpers/fakeServer.js';
import { leakEndpoints } from './fixtures/leakApp.js';
import { fullRun, runFixture } from './harness.js';

interface LeakResult {
  cycles: number;
  reached: Record<string, number>;
  problems: string[];
  problemCount: number;
  activeBefore: { sockets: number; timers: number };
  activeAfter: { sockets: number; timers: number };
  leftover: string[];
  heapBefore: number;
  heapAfter: number;
  durationMs: number;
  quiesceMs: number;
}

const cycles = fullRun ? 10_000 : 2_000;

const start = useFakeServer();

it(`leaves no socket, no timer and under 5 MB of heap after ${cycles} subscribe/unsubscribe cycles over every phase`, async ({ annotate }) => {
  const server = await start({ endpoints: leakEndpoints() });
  const { result, otherOutput } = await runFixture<LeakResult>('leak.ts', { GRADIO_RX_URL: server.url, GRADIO_RX_CYCLES: String(cycles) }, 240_000);
  expect(otherOutput).toBe('');
  expect(result.problems).toEqual([]);
  for (const phase of ['upload', 'join', 'queued', 'streaming']) expect(result.reached[phase]).toBe(cycles / 4);
  expect(result.activeBefore).toEqual({ sockets: 0, timers: 0 });
  expect(result.activeAfter).toEqual({ sockets: 0, timers: 0 });
  expect(result.heapAfter - result.heapBefore).toBeLessThan(5 * 1024 * 1024);
  // Every cycle that got an event id was cancelled on the server.
  expect(server.requests.filter((request) => request.path.endsWith('/cancel')).length).toBeGreaterThanOrEqual(cycles / 2);
  await annotate(`${cycles} cycles in ${result.durationMs} ms; heap ${((result.heapAfter - result.heapBefore) / 1024).toFixed(0)} KB after GC; quiet ${result.quiesceMs} ms after the last`);
}, 300_000);
