/**
 * The fake Gradio server behind `node:http` on 127.0.0.1 (with nodeHandler.ts, the only files of
 * the testing entry that import Node built-ins).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeGradio } from './createFakeGradio.js';
import { serveWithHandler } from './nodeHandler.js';
import type { FakeGradioOptions, FakeGradioServer } from './types.js';

/**
 * Starts a fake Gradio server on 127.0.0.1 (`options.port`, else a free port). Streams are
 * written message by message; a client disconnect aborts the request's signal, which is how
 * disconnects cancel jobs (§7.3). `close()` leaves no handle behind.
 *
 * @example
 * const server = await startFakeGradioServer({ endpoints: [echo] });
 * const config = await (await fetch(`${server.url}/config`)).json();
 * await server.close();
 */
export async function startFakeGradioServer(options: FakeGradioOptions): Promise<FakeGradioServer> {
  const fake = createFakeGradio(options);
  const inFlight = new Set<Promise<void>>();
  const server = createServer((incoming, outgoing) => {
    const serving = serveWithHandler((request) => fake.handle(request), incoming, outgoing);
    inFlight.add(serving);
    void serving.finally(() => inFlight.delete(serving));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // uvicorn's default backlog: a burst of connections (hundreds of concurrent jobs) waits
    // instead of being dropped, as it would at Node's default of 511.
    server.listen({ port: options.port ?? 0, host: '127.0.0.1', backlog: 2048 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  fake.url = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    requests: fake.requests,
    fake,
    close() {
      closing ??= (async () => {
        // Ending the fake ends its streams; give their last bytes a moment to be written so
        // that clients see a clean end rather than a reset.
        fake.close();
        await settleWithin([...inFlight], 200);
        await new Promise<void>((resolve) => {
          // Handles are released in the event loop's close phase, after 'close' fired: let one
          // full turn pass so that nothing of ours is listed as active once this resolves.
          server.close(() => setImmediate(() => setImmediate(resolve)));
          // Keep-alive connections (and anything still busy) would hold server.close() open.
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

/** Waits for the promises to settle, at most `ms`. */
async function settleWithin(promises: Promise<unknown>[], ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
