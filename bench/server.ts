/**
 * The lean bench server: a Gradio 5-like app with one generator endpoint that writes
 * precomputed bytes as fast as the client reads them (or paced, with its write time in each
 * event's text). It runs in its own process so that the client process's CPU time is the
 * client's only. Faithful to Gradio 5.49.1 for the routes it implements (see wire.ts); it is
 * not the fake server of `gradio-rx/testing`, which is for correctness tests.
 *
 * Run: `tsx bench/server.ts '<scenario json>'` → prints `READY <port>` and serves until killed.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { callBody as callBodyOf, queueBody as queueBodyOf } from './bodies.js';
import { apiName, type Scenario } from './scenarios.js';
import {
  appendGeneratingMessage,
  closeStreamMessage,
  completedMessage,
  configJson,
  estimationMessage,
  eventIdOf,
  firstGeneratingMessage,
  infoJson,
  processStartsMessage,
  queueFrame,
  timestampText,
} from './wire.js';

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

/** Joins and streams of one session (every measurement pins one). */
interface Session {
  joined: string[];
  stream: ServerResponse | undefined;
  /** Estimations already written on the current stream. */
  announced: number;
  started: boolean;
}

/** Starts the server for one scenario on 127.0.0.1 (port 0 = any free port). */
export async function startBenchServer(scenario: Scenario, port = 0): Promise<BenchServer> {
  const eventIds = Array.from({ length: scenario.jobs }, (_, index) => eventIdOf(index));
  // Precomputed before the server announces itself, so that no measurement includes it.
  const queueBody = scenario.route === 'queue' && scenario.pacedMs === 0 ? queueBodyOf(scenario, eventIds) : [];
  const callBody = scenario.route === 'call' ? callBodyOf(scenario) : [];
  const sessions = new Map<string, Session>();
  let nextJob = 0;
  let root = '';

  const sessionOf = (hash: string): Session => {
    let session = sessions.get(hash);
    if (session === undefined) {
      session = { joined: [], stream: undefined, announced: 0, started: false };
      sessions.set(hash, session);
    }
    return session;
  };

  /** Writes what the session's stream can carry now; starts the jobs once all joined. */
  const advance = (session: Session): void => {
    const stream = session.stream;
    if (stream === undefined || session.started) return;
    while (session.announced < session.joined.length) {
      const eventId = session.joined[session.announced]!;
      stream.write(queueFrame(estimationMessage(eventId, session.announced, session.joined.length)));
      session.announced++;
    }
    if (session.joined.length < scenario.jobs) return;
    session.started = true;
    const run = scenario.pacedMs > 0 ? writePaced(stream, scenario, session.joined[0]!) : writeChunks(stream, queueBody);
    run.then(
      () => stream.end(),
      () => stream.destroy(),
    );
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, '{"detail":"Internal Server Error"}');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', root);
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (method === 'GET' && path === '/config') return sendJson(response, 200, configJson(root));
    if (method === 'GET' && path === '/gradio_api/info') return sendJson(response, 200, infoJson());
    if (method === 'POST' && path === '/gradio_api/queue/join') {
      const body = JSON.parse(await readBody(request)) as { session_hash?: string; fn_index?: number };
      if (body.fn_index !== 0 || typeof body.session_hash !== 'string') return sendJson(response, 422, '{"detail":"bench: fn_index 0 and a session_hash expected"}');
      const eventId = eventIds[nextJob++];
      if (eventId === undefined) return sendJson(response, 503, '{"detail":"Queue is full."}');
      const session = sessionOf(body.session_hash);
      session.joined.push(eventId);
      sendJson(response, 200, JSON.stringify({ event_id: eventId }));
      advance(session);
      return;
    }
    if (method === 'GET' && path === '/gradio_api/queue/data') {
      const hash = url.searchParams.get('session_hash') ?? '';
      const session = sessions.get(hash);
      if (session === undefined) return sendJson(response, 404, '{"detail":"Session not found."}');
      openEventStream(response);
      session.stream?.end();
      session.stream = response;
      session.announced = 0;
      response.on('close', () => {
        if (session.stream === response) session.stream = undefined;
      });
      advance(session);
      return;
    }
    if (method === 'POST' && path === `/gradio_api/call/${apiName}`) {
      await readBody(request);
      const eventId = eventIds[nextJob++];
      if (eventId === undefined) return sendJson(response, 503, '{"detail":"Queue is full."}');
      return sendJson(response, 200, JSON.stringify({ event_id: eventId }));
    }
    if (method === 'GET' && path.startsWith(`/gradio_api/call/${apiName}/`)) {
      openEventStream(response);
      await writeChunks(response, callBody);
      response.end();
      return;
    }
    if (method === 'POST' && (path === '/gradio_api/cancel' || path === '/gradio_api/reset')) {
      await readBody(request);
      return sendJson(response, 200, '{"success":true}');
    }
    return sendJson(response, 404, '{"detail":"Not Found"}');
  }

  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: root,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One job, one event every `pacedMs`, each carrying the moment it is written. */
async function writePaced(stream: ServerResponse, scenario: Scenario, eventId: string): Promise<void> {
  stream.write(queueFrame(processStartsMessage(eventId)));
  const start = performance.now();
  let full = '';
  for (let index = 0; index < scenario.events; index++) {
    const wait = start + index * scenario.pacedMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const text = timestampText(performance.timeOrigin + performance.now());
    full += text;
    stream.write(queueFrame(index === 0 ? firstGeneratingMessage(eventId, text) : appendGeneratingMessage(eventId, text)));
  }
  stream.write(queueFrame(completedMessage(eventId, full)));
  stream.write(queueFrame(closeStreamMessage));
}

/** Writes with backpressure: as fast as the client reads, never faster. */
async function writeChunks(response: ServerResponse, chunks: Buffer[]): Promise<void> {
  for (const chunk of chunks) {
    if (response.destroyed) return;
    // A client that leaves mid-stream never drains: wake up on close as well.
    if (!response.write(chunk)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
  }
}

function openEventStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  response.flushHeaders();
}

function sendJson(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scenario = JSON.parse(process.argv[2] ?? '') as Scenario;
  const server = await startBenchServer(scenario);
  process.stdout.write(`READY ${new URL(server.url).port}\n`);
  process.on('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}
