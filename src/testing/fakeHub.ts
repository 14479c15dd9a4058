/**
 * The fake Hugging Face hub as web-standard handlers: the hub API (`/api/spaces/…`, spec §3.1,
 * §3.2, shapes of spec/transcripts/hf-api-host-and-runtime.txt) and the edge in front of each
 * Space (HTML 503 pages while it is not running, wake-up by traffic, private Spaces, the
 * `X-HF-Authorization` header consumed before the app sees the request, spec §9.1).
 * createFakeHub.ts serves them as one `fetch`, fakeHubServer.ts puts them on sockets.
 */
import { createFakeGradio } from './createFakeGradio.js';
import type { FakeHubOptions, FakeHubRequest, FakeHubSpace, FakeHubSpaceHandle, FakeSpaceStage } from './fakeHubTypes.js';
import type { FakeGradio } from './types.js';

/** Stages that end when traffic reaches the edge. */
const sleepingStages = new Set(['SLEEPING', 'STOPPED']);
/** Stages that end on their own (here: each time the hub reports them). */
const passingStages = new Set(['BUILDING', 'APP_STARTING', 'RUNNING_APP_STARTING']);
const runningStages = new Set(['RUNNING', 'RUNNING_BUILDING']);

/** One Space: its stage script, its edge's record, the app behind it. */
export class FakeHubSpaceState {
  readonly id: string;
  readonly subdomain: string;
  readonly requests: FakeHubRequest[] = [];
  readonly app: FakeGradio | undefined;
  readonly #spec: FakeHubSpace;
  #url = '';
  #stages: FakeSpaceStage[];

  constructor(id: string, spec: FakeHubSpace) {
    if (spec.app === undefined && spec.url === undefined) throw new TypeError(`Fake Space ${id} needs an app or a url`);
    this.id = id;
    this.#spec = spec;
    this.subdomain = spec.subdomain ?? id.toLowerCase().replace(/[._/]/g, '-');
    this.#stages = [...(spec.stages ?? ['RUNNING'])];
    if (this.#stages.length === 0) throw new TypeError(`Fake Space ${id}: stages must not be empty`);
    this.app = spec.app === undefined ? undefined : createFakeGradio({ spaceId: id, ...spec.app });
  }

  /** The edge's URL: the Space's host as the hub names it (`''` until `serveAt`). */
  get url(): string {
    return this.#url;
  }

  /** Puts the edge at `url`: the hub names it as the Space's host, and the app knows it as its own. */
  serveAt(url: string): void {
    this.#url = url;
    if (this.app !== undefined) this.app.url = url;
  }

  get stage(): FakeSpaceStage {
    return this.#stages[0]!;
  }

  setStages(stages: FakeSpaceStage[]): void {
    if (stages.length === 0) throw new TypeError('setStages needs at least one stage');
    this.#stages = [...stages];
  }

  /** Whether a request with these headers may see the Space (hub: Authorization; edge: either header). */
  admits(headers: Headers, edge: boolean): boolean {
    if (this.#spec.private !== true) return true;
    const expected = `Bearer ${this.#spec.token ?? ''}`;
    if (this.#spec.token === undefined) return false;
    return headers.get('authorization') === expected || (edge && headers.get('x-hf-authorization') === expected);
  }

  /** The stage for a hub report; a building or starting Space then moves one step on. */
  report(): FakeSpaceStage {
    const stage = this.stage;
    if (passingStages.has(stage)) this.#advance();
    return stage;
  }

  /** Traffic reached the edge: a sleeping Space starts waking up. */
  touched(): void {
    if (sleepingStages.has(this.stage)) this.#advance();
  }

  get running(): boolean {
    return runningStages.has(this.stage);
  }

  /** Where the edge sends a request for the app: the app's own handler, or the `url` it runs at. */
  forward(request: Request): Promise<Response> {
    if (this.app !== undefined) return this.app.handle(request);
    return forwardTo(this.#spec.url!, request);
  }

  /** The user's view of this Space (`hub.space(id)`). */
  handle(): FakeHubSpaceHandle {
    const space = this;
    return {
      id: this.id,
      get url() {
        return space.url;
      },
      get stage() {
        return space.stage;
      },
      requests: this.requests,
      app: this.app,
      setStages: (...stages) => this.setStages(stages),
    };
  }

  #advance(): void {
    if (this.#stages.length > 1) this.#stages.shift();
  }
}

/** The hub API: `/api/spaces/{id}/host`, `/api/spaces/{id}`, `/api/spaces/{id}/runtime`, `/api/spaces/by-subdomain/{subdomain}`. */
export function createHubHandler(spaces: ReadonlyMap<string, FakeHubSpaceState>, requests: FakeHubRequest[]): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    requests.push(record(request));
    if (request.method !== 'GET') return json(405, { error: 'Method not allowed' });
    const bySubdomain = /^\/api\/spaces\/by-subdomain\/([^/]+)$/.exec(url.pathname);
    const byId = /^\/api\/spaces\/([^/]+\/[^/]+?)(\/host|\/runtime)?$/.exec(url.pathname);
    let space: FakeHubSpaceState | undefined;
    if (bySubdomain !== null) {
      const subdomain = decodeURIComponent(bySubdomain[1]!);
      space = [...spaces.values()].find((candidate) => candidate.subdomain === subdomain);
    } else if (byId !== null) {
      space = spaces.get(decodeURIComponent(byId[1]!));
    } else {
      return json(404, { error: 'Sorry, we can\u2019t find the page you are looking for.' });
    }
    if (space === undefined) return json(404, { error: 'Repository not found' });
    // The real hub says 401 with this text for a private Space and no (or a wrong) token.
    if (!space.admits(request.headers, false)) return json(401, { error: 'Invalid username or password.' });
    if (byId?.[2] === '/host') return json(200, { subdomain: space.subdomain, host: space.url });
    const runtime = runtimeOf(space, space.report());
    return json(200, byId?.[2] === '/runtime' ? runtime : { id: space.id, runtime });
  };
}

/** The edge in front of one Space. */
export function createEdgeHandler(space: FakeHubSpaceState): (request: Request) => Promise<Response> {
  return async (request) => {
    space.requests.push(record(request));
    if (!space.admits(request.headers, true)) return html(404, '404 Not Found', 'Sorry, we can\u2019t find the page you are looking for.');
    if (!space.running) {
      const stage = space.stage;
      space.touched();
      return html(503, '503 Service Unavailable', `This Space is ${stage.toLowerCase().replace(/_/g, ' ')}.`);
    }
    // The Spaces proxy consumes X-HF-Authorization; plain Authorization reaches the app (spec §9.1).
    const headers = new Headers(request.headers);
    headers.delete('x-hf-authorization');
    const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, signal: request.signal };
    if (request.method !== 'GET' && request.method !== 'HEAD') init.body = await request.arrayBuffer();
    return space.forward(new Request(request.url, init));
  };
}

/** Creates the state of every Space of the options. */
export function createSpaces(options: FakeHubOptions): Map<string, FakeHubSpaceState> {
  return new Map(Object.entries(options.spaces).map(([id, spec]) => [id, new FakeHubSpaceState(id, spec)]));
}

/** `hub.space(id)`: the user's view of a Space; a TypeError for an id the hub was not given. */
export function spaceHandle(spaces: ReadonlyMap<string, FakeHubSpaceState>, id: string): FakeHubSpaceHandle {
  const space = spaces.get(id);
  if (space === undefined) throw new TypeError(`The fake hub has no Space ${id}`);
  return space.handle();
}

/** Stops every app behind the edges (their streams and timers). */
export function closeApps(spaces: ReadonlyMap<string, FakeHubSpaceState>): void {
  for (const space of spaces.values()) space.app?.close();
}

async function forwardTo(base: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const target = `${base.replace(/\/+$/, '')}${url.pathname}${url.search}`;
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  const headers = new Headers(request.headers);
  // Hop-by-hop headers are the connection's, not the request's.
  for (const name of ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']) headers.delete(name);
  const answer = await fetch(target, { method: request.method, headers, body: body ?? null, signal: request.signal, redirect: 'manual' });
  const answerHeaders = new Headers(answer.headers);
  // fetch has already decoded the body.
  answerHeaders.delete('content-encoding');
  answerHeaders.delete('content-length');
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: answerHeaders });
}

function runtimeOf(space: FakeHubSpaceState, stage: FakeSpaceStage): Record<string, unknown> {
  const running = runningStages.has(stage);
  return {
    stage,
    hardware: { current: running ? 'cpu-basic' : null, requested: 'cpu-basic' },
    storage: { current: null, requested: null },
    gcTimeout: 172800,
    replicas: { current: running ? 1 : 0, requested: 1 },
    devMode: false,
    domains: [{ domain: `${space.subdomain}.hf.space`, isCustom: false, stage: 'READY' }],
  };
}

function record(request: Request): FakeHubRequest {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { method: request.method, path: new URL(request.url).pathname, headers, time: Date.now() };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function html(status: number, title: string, text: string): Response {
  const page = `<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${title}</h1><p>${text}</p></body>\n</html>\n`;
  return new Response(page, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
