/**
 * The web demo's server: the page, its script and the fake Spaces on one local port, so the
 * page talks to the Spaces on its own origin (no CORS).
 *
 * | path | what |
 * |---|---|
 * | `/` | demo/web/index.html |
 * | `/app.js`, `/styles.css` | the page's script (bundled on start) and style |
 * | `/spaces/qwen25/…`, `/spaces/qvq/…` | the Qwen2.5-like and QVQ-like Spaces |
 * | `/spaces/qwen25-out-of-quota/…`, `/spaces/qvq-out-of-quota/…` | the same, out of ZeroGPU quota |
 * | `/hub/api/…` | a fake Hugging Face hub that knows both Spaces by their real ids |
 * | `/asleep/qwen25/…`, `/asleep/qvq/…` | the edge of those hub Spaces (HTML 503 pages while they wake) |
 * | `POST /demo/sleep` | puts the hub's Spaces to sleep, so that the next question wakes them |
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeApps, createEdgeHandler, createHubHandler, createSpaces } from '../../src/testing/fakeHub.js';
import { createFakeGradio, type FakeGradio, type FakeHubRequest, serveWithHandler } from '../../src/testing/index.js';
import type { DemoSpaceOptions } from '../space/options.js';
import { qvqLikeSpace } from '../space/qvqLike.js';
import { qwen25LikeSpace } from '../space/qwen25Like.js';
import { wakeUpStages } from '../space/startDemoHub.js';
import { bundleWebApp } from './bundle.js';

/** The Spaces the page can talk to, by mount name (`/spaces/<name>/`). */
export interface WebDemoSpaces {
  qwen25: FakeGradio;
  qvq: FakeGradio;
  'qwen25-out-of-quota': FakeGradio;
  'qvq-out-of-quota': FakeGradio;
}

/** Options of `startWebDemo`. */
export interface WebDemoOptions {
  /** Port on 127.0.0.1. @default 0 (any free port) */
  port?: number;
  /** How the Spaces behave (pace, thinking steps). */
  space?: DemoSpaceOptions;
}

/** A running web demo. */
export interface WebDemo {
  /** e.g. `http://127.0.0.1:7870` (no trailing slash). */
  url: string;
  spaces: WebDemoSpaces;
  /** Requests the fake hub (`/hub`) received. */
  hubRequests: FakeHubRequest[];
  close(): Promise<void>;
}

const pageFiles: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/styles.css': { file: 'styles.css', type: 'text/css; charset=utf-8' },
};

/**
 * Bundles the page and starts the server.
 *
 * @example
 * ```ts
 * const demo = await startWebDemo({ port: 7870 });
 * console.log(`open ${demo.url}`);
 * ```
 */
export async function startWebDemo(options: WebDemoOptions = {}): Promise<WebDemo> {
  const script = await bundleWebApp();
  const space = options.space ?? {};
  const spaces: WebDemoSpaces = {
    qwen25: createFakeGradio(qwen25LikeSpace(space)),
    qvq: createFakeGradio(qvqLikeSpace(space)),
    'qwen25-out-of-quota': createFakeGradio(qwen25LikeSpace({ ...space, quotaExhausted: true })),
    'qvq-out-of-quota': createFakeGradio(qvqLikeSpace({ ...space, quotaExhausted: true })),
  };

  // The same Spaces behind a fake hub, under their real ids: the "Space asleep" mode.
  const hubSpaces = createSpaces({
    spaces: {
      'Qwen/Qwen2.5': { app: qwen25LikeSpace(space), stages: wakeUpStages, subdomain: 'qwen25' },
      'Qwen/QVQ-72B-preview': { app: qvqLikeSpace(space), stages: wakeUpStages, subdomain: 'qvq' },
    },
  });
  const hubRequests: FakeHubRequest[] = [];
  const hub = createHubHandler(hubSpaces, hubRequests);
  const edges = new Map([...hubSpaces.values()].map((hubSpace) => [hubSpace.subdomain, createEdgeHandler(hubSpace)]));

  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    if (path.startsWith('/hub/')) {
      void serveWithHandler(hub, incoming, outgoing, path.slice('/hub'.length));
      return;
    }
    const asleep = /^\/asleep\/([\w-]+)(\/.*)?$/.exec(path);
    const edge = asleep === null ? undefined : edges.get(asleep[1]!);
    if (edge !== undefined) {
      void serveWithHandler(edge, incoming, outgoing, asleep![2] ?? '/');
      return;
    }
    if (path === '/demo/sleep' && incoming.method === 'POST') {
      for (const hubSpace of hubSpaces.values()) hubSpace.setStages(wakeUpStages);
      outgoing.writeHead(204).end();
      return;
    }
    const mount = /^\/spaces\/([\w-]+)(\/.*)?$/.exec(path);
    if (mount !== null) {
      const fake = spaces[mount[1] as keyof WebDemoSpaces] as FakeGradio | undefined;
      if (fake !== undefined) {
        void serveWithHandler(fake.handle, incoming, outgoing, mount[2] ?? '/');
        return;
      }
    }
    void servePage(path, script).then(({ status, type, body }) => {
      outgoing.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [name, fake] of Object.entries(spaces)) fake.url = `${url}/spaces/${name}`;
  for (const hubSpace of hubSpaces.values()) hubSpace.serveAt(`${url}/asleep/${hubSpace.subdomain}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    spaces,
    hubRequests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const fake of Object.values(spaces)) fake.close();
        closeApps(hubSpaces);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The page's own files; anything else is a 404. */
async function servePage(path: string, script: string): Promise<{ status: number; type: string; body: string }> {
  const pathname = path.split('?')[0] ?? '/';
  if (pathname === '/app.js') return { status: 200, type: 'text/javascript; charset=utf-8', body: script };
  const page = pageFiles[pathname];
  if (page === undefined) return { status: 404, type: 'text/plain; charset=utf-8', body: 'Not found' };
  return { status: 200, type: page.type, body: await readFile(new URL(`./${page.file}`, import.meta.url), 'utf8') };
}
