/**
 * Serves the built Angular demo and two fake Spaces on one origin (so the browser needs no CORS):
 *
 *   /                   the app (dist/angular-demo/browser; unknown paths get index.html)
 *   /spaces/qwen25/…    a Qwen2.5 chat Space        (gradio-rx/testing)
 *   /spaces/qvq/…       a QVQ-72B vision Space      (gradio-rx/testing)
 *   /demo/records       what the fake Spaces saw: cancels, uploads (JSON, for the browser tests)
 *
 * Usage: `npm run build && npm start` (or `npm start -- --port 0` for any free port). It prints
 * `Angular demo: http://127.0.0.1:<port>/` once it listens. Runs with the repository's tsx.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeGradioServer, startFakeGradioServer } from 'gradio-rx/testing';
import { type FakeSpaceTiming, qvqSpace, qwen25Space, sha256 } from './fakeSpaces.js';

/** Options of `startDemoServer`. */
export interface DemoServerOptions {
  /** @default 4300; 0 = any free port */
  port?: number;
  /** The built app. @default dist/angular-demo/browser beside this file */
  appDir?: string;
  timing?: FakeSpaceTiming;
}

/** The running demo server. */
export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

const mounts = { qwen25: '/spaces/qwen25', qvq: '/spaces/qvq' } as const;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts the fake Spaces and the server in front of them, on 127.0.0.1. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const appDir = options.appDir ?? fileURLToPath(new URL('./dist/angular-demo/browser/', import.meta.url));
  if (!existsSync(join(appDir, 'index.html'))) {
    throw new Error(`No built app in ${appDir}: run \`npm run build\` in demo/angular first.`);
  }
  const spaces = {
    qwen25: await startFakeGradioServer(qwen25Space(options.timing)),
    qvq: await startFakeGradioServer(qvqSpace(options.timing)),
  };

  const server = createServer((incoming, outgoing) => {
    const path = new URL(incoming.url ?? '/', 'http://localhost').pathname;
    for (const [name, mount] of Object.entries(mounts) as [keyof typeof mounts, string][]) {
      if (path === mount || path.startsWith(`${mount}/`)) return proxy(incoming, outgoing, spaces[name], mount);
    }
    if (path === '/demo/records') return sendJson(outgoing, records(spaces));
    return serveApp(appDir, path, outgoing);
  });
  await listen(server, options.port ?? 4300);
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([spaces.qwen25.close(), spaces.qvq.close()]);
    },
  };
}

/** Forwards a request below `mount` to a fake Space, streaming both ways. */
function proxy(incoming: IncomingMessage, outgoing: ServerResponse, space: FakeGradioServer, mount: string): void {
  const url = incoming.url ?? '/';
  const upstream = request(`${space.url}${url.slice(mount.length) || '/'}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
    outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(outgoing);
  });
  upstream.on('error', () => {
    if (outgoing.headersSent) outgoing.destroy();
    else sendJson(outgoing, { detail: 'The fake Space did not answer' }, 502);
  });
  // A browser that goes away (unsubscribe → abort) must look like a disconnect to the Space.
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) upstream.destroy();
  });
  incoming.pipe(upstream);
}

/** What the fake Spaces recorded, without the image bytes. */
function records(spaces: { qwen25: FakeGradioServer; qvq: FakeGradioServer }): unknown {
  return Object.fromEntries(
    Object.entries(spaces).map(([name, space]) => [
      name,
      {
        joins: space.requests.filter((recorded) => recorded.path.endsWith('/queue/join')).length,
        cancelRequests: space.requests.filter((recorded) => recorded.path.endsWith('/cancel')).length,
        cancelled: space.fake.cancelled,
        stopped: space.fake.stopped,
        uploads: space.fake.uploads.map(({ name: fileName, type, size, bytes }) => ({ name: fileName, type, size, sha256: sha256(bytes) })),
      },
    ]),
  );
}

function serveApp(appDir: string, path: string, outgoing: ServerResponse): void {
  let file = normalize(join(appDir, decodeURIComponent(path)));
  if (!file.startsWith(appDir.endsWith(sep) ? appDir : appDir + sep)) return sendJson(outgoing, { detail: 'Not Found' }, 404);
  const isFile = existsSync(file) && statSync(file).isFile();
  if (!isFile) {
    // Client-side routes (/chat, /about) are the app's; a missing asset is a 404.
    if (extname(path) !== '') return sendJson(outgoing, { detail: 'Not Found' }, 404);
    file = join(appDir, 'index.html');
  }
  const type = contentTypes[extname(file)] ?? 'application/octet-stream';
  outgoing.writeHead(200, { 'content-type': type, 'cache-control': type.startsWith('text/html') ? 'no-cache' : 'max-age=3600' });
  createReadStream(file).pipe(outgoing);
}

function sendJson(outgoing: ServerResponse, value: unknown, status = 200): void {
  outgoing.writeHead(status, { 'content-type': 'application/json' });
  outgoing.end(JSON.stringify(value));
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function portArgument(args: readonly string[]): number | undefined {
  const index = args.indexOf('--port');
  if (index === -1) return undefined;
  const port = Number(args[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port needs a port number, not ${String(args[index + 1])}`);
  return port;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const port = portArgument(process.argv.slice(2));
  const demo = await startDemoServer(port === undefined ? {} : { port });
  process.stdout.write(`Angular demo: ${demo.url}/\n`);
  const stop = (): void => {
    void demo.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
