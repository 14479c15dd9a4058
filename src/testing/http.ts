/**
 * Response builders with the headers and body formats Gradio (FastAPI/Starlette/uvicorn) uses (§4).
 */
import { toCompactJson } from './json.js';

const encoder = new TextEncoder();

/** A compact JSON response, like FastAPI's `JSONResponse` / `ORJSONResponse`. */
export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): Response {
  return bytesResponse(status, encoder.encode(toCompactJson(value)), { 'content-type': 'application/json', ...headers });
}

/** `{"detail": …}`: the body of FastAPI's `HTTPException`. */
export function detailResponse(status: number, detail: unknown): Response {
  return jsonResponse(status, { detail });
}

/** A `text/plain; charset=utf-8` response (upload errors, tracebacks). */
export function textResponse(status: number, text: string): Response {
  return bytesResponse(status, encoder.encode(text), { 'content-type': 'text/plain; charset=utf-8' });
}

/** A response with a fixed-length body and an explicit `content-length`, as uvicorn sends it. */
export function bytesResponse(status: number, bytes: Uint8Array, headers: Record<string, string>): Response {
  return new Response(status === 204 || status === 304 ? null : (bytes as Uint8Array<ArrayBuffer>), {
    status,
    headers: { ...headers, 'content-length': String(bytes.byteLength) },
  });
}

/** The headers of every SSE response of Gradio (§4). */
export function sseResponse(body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
  });
}

/**
 * The plain-text 500 that Starlette's debug error middleware writes for an unhandled exception
 * (§4, §6.1: an unknown `fn_index`; §5.1: an unknown `api_name`).
 */
export function tracebackResponse(where: string, statement: string, exception: string): Response {
  const text = [
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.10/site-packages/starlette/middleware/errors.py", line 164, in __call__',
    '    await self.app(scope, receive, _send)',
    '  File "/usr/local/lib/python3.10/site-packages/starlette/routing.py", line 73, in app',
    '    response = await f(request)',
    `  File "/usr/local/lib/python3.10/site-packages/gradio/routes.py", line 1003, in ${where}`,
    `    ${statement}`,
    exception,
    '',
  ].join('\n');
  return textResponse(500, text);
}

/** Gradio 6's answer to an unhandled exception: a bare 500 without traceback (real6/README.md item 9). */
export function internalServerError(): Response {
  return textResponse(500, 'Internal Server Error');
}
