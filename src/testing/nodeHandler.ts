/**
 * Serving a web-standard handler from `node:http`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A web-standard request handler, such as a `FakeGradio`'s `handle`. */
export type WebHandler = (request: Request) => Promise<Response>;

/**
 * Answers one `node:http` request with a web-standard handler: body chunks are written as soon
 * as they exist, and the request's signal aborts when the client goes away (that is how a
 * closed stream cancels a fake app's jobs). `path` replaces the request's path and query, for a
 * handler mounted below `/`. Never rejects: a failure drops the connection.
 *
 * @example
 * const fake = createFakeGradio({ endpoints });
 * createServer((req, res) => {
 *   if (req.url?.startsWith('/space/')) void serveWithHandler(fake.handle, req, res, req.url.slice('/space'.length));
 * });
 */
export async function serveWithHandler(handler: WebHandler, incoming: IncomingMessage, outgoing: ServerResponse, path = incoming.url ?? '/'): Promise<void> {
  const disconnected = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) disconnected.abort(new DOMException('The client disconnected.', 'AbortError'));
  });
  try {
    const request = await toRequest(incoming, path, disconnected.signal);
    const response = await handler(request);
    await writeResponse(response, outgoing, disconnected.signal);
  } catch {
    // The client went away while its body was read, or the response stream was aborted.
    outgoing.destroy();
  }
}

async function toRequest(incoming: IncomingMessage, path: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] ?? '', incoming.rawHeaders[index + 1] ?? '');
  }
  const host = incoming.headers.host ?? '127.0.0.1';
  const url = `http://${host}${path}`;
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
