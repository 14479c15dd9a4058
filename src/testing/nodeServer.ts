/**
 * The fake Gradio server behind `node:http` on 127.0.0.1 — the only file of the testing entry
 * that imports Node built-ins.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeGradio } from './createFakeGradio.js';
import type { FakeGradio, FakeGradioOptions, FakeGradioServer } from './types.js';

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
    const serving = serve(fake, incoming, outgoing);
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

async function serve(fake: FakeGradio, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const disconnected = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) disconnected.abort(new DOMException('The client disconnected.', 'AbortError'));
  });
  try {
    const request = await toRequest(incoming, disconnected.signal);
    const response = await fake.handle(request);
    await writeResponse(response, outgoing, disconnected.signal);
  } catch {
    // The client went away while its body was read, or the response stream was aborted.
    outgoing.destroy();
  }
}

async function toRequest(incoming: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] ?? '', incoming.rawHeaders[index + 1] ?? '');
  }
  const host = incoming.headers.host ?? '127.0.0.1';
  const url = `http://${host}${incoming.url ?? '/'}`;
  const method = incoming.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers, signal });
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return new Request(url, { method, headers, body: Buffer.concat(chunks), signal });
}

/** Sends status and headers at once, then each body chunk as soon as it exists (no buffering). */
async function writeResponse(response: Response, outgoing: ServerResponse, signal: AbortSignal): Promise<void> {
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') outgoing.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.setHeader('set-cookie', cookies);
  if (response.body === null) {
    outgoing.end();
    return;
  }
  outgoing.flushHeaders();
  const reader = response.body.getReader();
  const onAbort = (): void => {
    reader.cancel().catch(() => undefined);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await new Promise<void>((resolve) => outgoing.write(value, () => resolve()));
      if (outgoing.destroyed) return;
    }
    outgoing.end();
  } catch {
    // The body errored: drop the connection without the final chunk, like an aborted Gradio stream.
    outgoing.destroy();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
