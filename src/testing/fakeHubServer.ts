/**
 * The fake Hugging Face hub on sockets: the hub API on one port, each Space's edge on its own
 * (so the hub and every Space are different origins, as on huggingface.co and *.hf.space).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeApps, createEdgeHandler, createHubHandler, createSpaces, spaceHandle } from './fakeHub.js';
import type { FakeHub, FakeHubOptions, FakeHubRequest, FakeHubSpaceHandle } from './fakeHubTypes.js';
import { serveWithHandler, type WebHandler } from './nodeHandler.js';

/**
 * Starts a fake Hugging Face hub on 127.0.0.1 with the given Spaces: each has a Gradio app
 * (`app`, a `createFakeGradio` app) or forwards to one (`url`), may be private, and follows a
 * stage script (sleeping → building → starting → running, paused, runtime error…). Point
 * `gradio(id, { hubUrl: hub.url })` at it.
 *
 * @example
 * const hub = await startFakeHub({
 *   spaces: { 'owner/demo': { app: { endpoints: [echo] }, stages: ['SLEEPING', 'BUILDING', 'RUNNING'] } },
 * });
 * const app = gradio('owner/demo', { hubUrl: hub.url });
 * // … app.submit('/echo', ['hi']) emits space-status events, then the job's.
 * await hub.close();
 */
export async function startFakeHub(options: FakeHubOptions): Promise<FakeHub> {
  const spaces = createSpaces(options);
  const requests: FakeHubRequest[] = [];
  const listening: Listening[] = [];
  try {
    for (const space of spaces.values()) {
      const edge = await listen(createEdgeHandler(space), 0);
      listening.push(edge);
      space.serveAt(edge.url);
    }
    const hub = await listen(createHubHandler(spaces, requests), options.port ?? 0);
    listening.push(hub);
    let closing: Promise<void> | undefined;
    return {
      url: hub.url,
      requests,
      space: (id: string): FakeHubSpaceHandle => spaceHandle(spaces, id),
      close() {
        closing ??= (async () => {
          closeApps(spaces);
          await Promise.all(listening.map((server) => server.close()));
        })();
        return closing;
      },
    };
  } catch (error) {
    await Promise.all(listening.map((server) => server.close()));
    throw error;
  }
}

interface Listening {
  url: string;
  close(): Promise<void>;
}

async function listen(handler: WebHandler, port: number): Promise<Listening> {
  const server: Server = createServer((incoming, outgoing) => {
    void serveWithHandler(handler, incoming, outgoing);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => setImmediate(resolve));
        server.closeAllConnections();
      }),
  };
}
