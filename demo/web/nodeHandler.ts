/**
 * Serves a web-standard handler (`(Request) => Promise<Response>`) from `node:http`, streaming
 * response bodies chunk by chunk and aborting the request's signal when the client goes away
 * (that is how a closed stream cancels a fake Space's jobs). The same adaptation as
 * src/testing/nodeServer.ts, which does not export it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A web-standard request handler. */
export type WebHandler = (request: Request) => Promise<Response>;

/**
 * Answers one Node request with `handler`. `path` replaces the request's path and query (for an
 * app mounted below `/`). Never rejects: a failure drops the connection.
 */
export async function serveWithHandler(handler: WebHandler, incoming: IncomingMessage, outgoing: ServerResponse, path = incoming.url ?? '/'): Promise<void> {
  const disconnected = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) disconnected.abort(new DOMException('The client disconnected.', 'AbortError'));
  });
  try {
    const request = await toRequest(incoming, path, disconnected.signal);
    await writeResponse(await handler(request), outgoing, disconnected.signal);
  } catch {
    outgoing.destroy();
  }
}

async function toRequest(incoming: IncomingMessage, path: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] ?? '', incoming.rawHeaders[index + 1] ?? '');
  }
  const url = `http://${incoming.headers.host ?? '127.0.0.1'}${path}`;
  const method = incoming.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers, signal });
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return new Request(url, { method, headers, body: Buffer.concat(chunks), signal });
}

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
    outgoing.destroy();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
