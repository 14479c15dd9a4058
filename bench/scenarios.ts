/**
 * The measurements of `npm run bench`: what the server sends and what each client must receive.
 * Shared by the harness, the lean server and the client processes (passed as JSON on the
 * command line), so every side agrees on the sizes.
 */

/** How the job reaches the client: the queue (`/queue/join` + `/queue/data`) or the `/call` API. */
export type Route = 'queue' | 'call';

/**
 * The clients compared: gradio-rx, `@gradio/client`, the floor (the least any client must do),
 * and floor-rx (the floor's transport under gradio-rx's user pipeline: what that pipeline costs).
 */
export type ClientName = 'gradio-rx' | 'official' | 'floor' | 'floor-rx';

export const clientNames: readonly ClientName[] = ['gradio-rx', 'official', 'floor', 'floor-rx'];

/** The module of each client, in bench/clients/. */
export const clientFiles: Record<ClientName, string> = { 'gradio-rx': 'gradioRx.js', official: 'official.js', floor: 'floor.js', 'floor-rx': 'floorRx.js' };

export interface Scenario {
  /** Short id used in tables and on the command line: `i`, `ii`, `iii`, `iv`. */
  id: string;
  title: string;
  route: Route;
  /** Concurrent jobs, all in one pinned session (one multiplexed stream). */
  jobs: number;
  /** `process_generating` (queue) or `generating` (`/call`) events per job. */
  events: number;
  /** Characters each event adds to the text (ignored when paced: a timestamp is sent instead). */
  chunk: number;
  /** Milliseconds between events; 0 = as fast as the client reads. */
  pacedMs: number;
  /** The clients that can run it (`@gradio/client` does not speak `/call`). */
  clients: readonly ClientName[];
}

/**
 * Width of the text each paced event appends: the server's write time in ms with three
 * decimals (`1763900000123.456`, 17 characters) and a `;`.
 */
export const pacedChunkWidth = 18;

/** The api name of the one endpoint of the bench app (dependency 0, a generator). */
export const apiName = 'generate';

/** The session every queue job of a measurement joins, as `@gradio/client` uses one per client. */
export const benchSessionHash = 'benchsession01';

/** Data events a client must receive: every generating event plus the completion, per job. */
export function expectedEvents(scenario: Scenario): number {
  return scenario.jobs * (scenario.events + 1);
}

/** Characters of final text over all jobs (the sum of every delta a client derives). */
export function expectedTextLength(scenario: Scenario): number {
  const perEvent = scenario.pacedMs > 0 ? pacedChunkWidth : scenario.chunk;
  return scenario.jobs * scenario.events * perEvent;
}

const everyClient = clientNames;
const noOfficial: readonly ClientName[] = ['gradio-rx', 'floor', 'floor-rx'];

/** The full run: the sizes the issue asks for. */
export function fullScenarios(): Scenario[] {
  return [
    { id: 'i', title: 'one job, 20,000 events of 8 characters (sse_v3 diffs)', route: 'queue', jobs: 1, events: 20_000, chunk: 8, pacedMs: 0, clients: everyClient },
    { id: 'ii', title: '100 concurrent jobs × 500 events, one session', route: 'queue', jobs: 100, events: 500, chunk: 8, pacedMs: 0, clients: everyClient },
    { id: 'iii', title: 'paced stream, 200 events 5 ms apart', route: 'queue', jobs: 1, events: 200, chunk: pacedChunkWidth, pacedMs: 5, clients: everyClient },
    { id: 'iv', title: '/call API, 2,000 cumulative events of 8 characters', route: 'call', jobs: 1, events: 2_000, chunk: 8, pacedMs: 0, clients: noOfficial },
  ];
}

/** The smoke run: the same shapes at tiny sizes, to keep the harness from rotting. */
export function smokeScenarios(): Scenario[] {
  return fullScenarios().map((scenario) => ({
    ...scenario,
    jobs: Math.min(scenario.jobs, 5),
    events: Math.min(scenario.events, 20),
  }));
}
