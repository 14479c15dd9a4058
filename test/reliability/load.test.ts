/**
 * Load: many concurrent jobs on one app, all over one shared `/queue/data` stream (a pinned
 * session, DESIGN.md rule 3), against the fake server over real sockets. The client runs in a
 * child process (fixtures/load.ts) so that its heap is measured without the server's.
 * `npm test` runs 300 jobs; `GRADIO_RX_FULL=1` (npm run test:reliability) runs 1,000.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { expect, it } from 'vitest';
import { gradio } from '../../src/index.js';
import { echo, slow, until } from '../helpers/apps.js';
import { useFakeServer } from '../helpers/fakeServer.js';
import { countEndpoint } from './fixtures/loadApp.js';
import { fullRun, runFixture } from './harness.js';

interface LoadResult {
  jobs: number;
  wrong: { job: number; text: string }[];
  wrongCount: number;
  durationMs: number;
  peakPerJobBytes: number;
}

const jobs = fullRun ? 1_000 : 300;

const start = useFakeServer();

it(`completes ${jobs} concurrent jobs of one app with the right text over one data stream, with a bounded peak heap per job`, async ({ annotate }) => {
  const server = await start({ endpoints: [countEndpoint(jobs)] });
  const { result, otherOutput } = await runFixture<LoadResult>('load.ts', { GRADIO_RX_URL: server.url, GRADIO_RX_JOBS: String(jobs) }, 90_000);
  expect(otherOutput).toBe('');
  expect(result.wrong).toEqual([]);
  expect(result.wrongCount).toBe(0);
  expect(server.requests.filter((request) => request.path.endsWith('/queue/join'))).toHaveLength(jobs);
  expect(server.requests.filter((request) => request.path.endsWith('/queue/data'))).toHaveLength(1);
  // Measured 105–130 KB per job at the peak, garbage included, about half of it Node's own fetch
  // for the join (docs/RELIABILITY.md). Holding every message or a copy of every stream per job
  // would break this bound.
  expect(result.peakPerJobBytes).toBeLessThan(256 * 1024);
  await annotate(`${jobs} jobs in ${result.durationMs} ms, peak heap ${(result.peakPerJobBytes / 1024).toFixed(1)} KB per job`);
}, 120_000);

it('keeps the early messages of 300 jobs whose join answers all arrive after their whole run', async () => {
  const jobs300 = 300;
  const server = await start({ endpoints: [slow({ ms: 10_000, tickMs: 50 }), echo()] });
  // Every join answer is held until all of them are in, and then some more: by then the shared
  // stream has brought each job's estimation, start and completion, for ids nobody knows yet.
  let held = 0;
  let releaseAll: () => void = () => undefined;
  const allIn = new Promise<void>((resolve) => (releaseAll = resolve));
  const app = gradio(server.url, {
    sessionHash: 'early-load',
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/queue/join') || !String(init?.body).includes('late')) return response;
      if (++held === jobs300) setTimeout(releaseAll, 300);
      await allIn;
      return response;
    },
  });
  const holder = app.submit('/slow', ['keep the stream open']).subscribe();
  await until(() => server.requests.some((request) => request.path.endsWith('/queue/data')));
  const results = await Promise.all(Array.from({ length: jobs300 }, (_, i) => lastValueFrom(app.submit('/echo', [`late ${i}`]).pipe(toArray()))));
  holder.unsubscribe();
  results.forEach((events, i) => {
    expect(events.map((event) => event.type)).toEqual(['queued', 'started', 'completed']);
    expect(events.at(-1)).toMatchObject({ data: [`echo: late ${i}`] });
  });
  expect(server.requests.filter((request) => request.path.endsWith('/queue/data'))).toHaveLength(1);
}, 20_000);
