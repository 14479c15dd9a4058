/**
 * The fake Gradio server as a web-standard handler: `(Request) => Promise<Response>`, usable as
 * an injected `fetch` and behind the Node adapter (nodeServer.ts). It records every request and
 * routes it like Gradio 4.x / 5.x / 6.x (§2).
 */
import { handleCallPost, handleCallStream } from './callApi.js';
import { buildConfig, buildInfo } from './config.js';
import { createServerEnv, openStream, type ServerEnv } from './env.js';
import { httpFault } from './faults.js';
import { detailResponse, jsonResponse, sseResponse } from './http.js';
import { FakeQueue } from './queue.js';
import { delay, handleCancel, handleJoin, handleQueueData, handleQueueStatus, handleReset } from './queueRoutes.js';
import type { RouteRequest } from './routeRequest.js';
import type { FakeGradio, FakeGradioOptions, FakeRoute, RecordedRequest } from './types.js';
import { handleFile, handleUpload, handleUploadProgress, UploadTracker } from './upload.js';

/** Where a fake believes it lives unless told otherwise. */
const defaultUrl = 'http://127.0.0.1:7860';

/**
 * Creates a fake Gradio server. The result is a `fetch`-compatible function; it also has
 * `handle(request)`, the recorded `requests`, `cancelled`, `stopped` and `uploads`, its `url`
 * and `close()`.
 *
 * @example
 * const fake = createFakeGradio({
 *   endpoints: [{ apiName: 'echo', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }], fn: ([text]) => [text] }],
 * });
 * const config = await (await fake(`${fake.url}/config`)).json();
 */
export function createFakeGradio(options: FakeGradioOptions): FakeGradio {
  const env = createServerEnv(options);
  const queue = new FakeQueue(env);
  const uploads = new UploadTracker();

  const handle = async (request: Request): Promise<Response> => {
    try {
      return await route(env, queue, uploads, request);
    } catch (error) {
      // A bug of the fake (or of a route's input) must look like a server error, not a rejection.
      return new Response(`Internal Server Error\n${error instanceof Error ? error.message : String(error)}`, {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
  };

  const fetchLike = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let request: Request;
    try {
      request = new Request(input, init);
    } catch (error) {
      return Promise.reject(error);
    }
    const signal = request.signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    // Like fetch: aborting before the response arrives rejects (e.g. during a configured delay).
    return new Promise<Response>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      void handle(request).then((response) => {
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      });
    });
  };

  const fake = Object.assign(fetchLike, {
    handle,
    requests: env.requests,
    cancelled: env.cancelled,
    stopped: env.stopped,
    uploads: env.files.files,
    url: (options.url ?? defaultUrl).replace(/\/+$/, ''),
    close(): void {
      if (env.closed) return;
      env.closed = true;
      queue.close();
      for (const channel of [...env.channels]) channel.end();
      env.timers.clearAll();
    },
  });
  // A getter: Object.assign would copy its value once.
  Object.defineProperty(fake, 'openStreams', { get: () => env.channels.size, enumerable: true });
  return fake as FakeGradio;
}

async function route(env: ServerEnv, queue: FakeQueue, uploads: UploadTracker, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const routeRequest = await readRequest(env, request, url);
  const method = request.method.toUpperCase();
  let path = url.pathname;

  // Faults stand in front of the app, like the proxy or edge that produces them.
  const faultName = routeName(env, path);
  const injected = faultName === undefined ? undefined : httpFault(env, faultName, url);
  if (injected !== undefined) return injected;

  if (env.options.token !== undefined && !isExemptFromToken(env, path) && !hasToken(env.options.token, request.headers)) {
    // The Hugging Face edge answers unauthenticated calls to a private Space with a non-JSON 401.
    return new Response('<!DOCTYPE html><html><body><h1>401 Unauthorized</h1></body></html>', {
      status: 401,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  }

  // /config is never prefixed (§2).
  if (path === '/config' || path === '/config/') {
    if (method !== 'GET') return methodNotAllowed();
    await delay(env, env.options.delays?.configMs);
    return jsonResponse(
      200,
      buildConfig(env.app, {
        gradioVersion: env.layout,
        version: env.version,
        dependencyIds: !env.before431,
        mode: env.mode,
        protocol: env.protocol,
        root: routeRequest.root,
        appId: env.appId,
        title: env.options.title ?? 'Gradio',
        spaceId: env.options.spaceId ?? null,
        showError: env.showError,
        maxFileSize: env.options.maxFileSize ?? null,
      }),
    );
  }

  if (env.prefix !== '') {
    if (path !== env.prefix && !path.startsWith(`${env.prefix}/`)) return notFound();
    path = path.slice(env.prefix.length);
  }

  if (path.startsWith('/file=')) {
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed();
    return handleFile(env, decodeURIComponent(path.slice('/file='.length)));
  }
  // Gradio 6: named parameters on /call/v2/{api_name}, the stream under the same path (real6/a27).
  const callV2 = env.gradio6 ? /^\/call\/v2\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path) : null;
  if (callV2 !== null) {
    const eventId = callV2[2];
    if (eventId !== undefined) {
      if (method !== 'GET') return methodNotAllowed();
      return handleCallStream(env, queue, routeRequest, decodeURIComponent(eventId));
    }
    if (method !== 'POST') return methodNotAllowed();
    return handleCallPost(env, queue, routeRequest, decodeURIComponent(callV2[1] ?? ''), 'named');
  }
  const callStream = /^\/call\/([^/]+)\/([^/]+)\/?$/.exec(path);
  if (callStream !== null) {
    if (method !== 'GET') return methodNotAllowed();
    return handleCallStream(env, queue, routeRequest, decodeURIComponent(callStream[2] ?? ''));
  }
  const callPost = /^\/call\/([^/]+)\/?$/.exec(path);
  if (callPost !== null) {
    if (method !== 'POST') return methodNotAllowed();
    return handleCallPost(env, queue, routeRequest, decodeURIComponent(callPost[1] ?? ''), 'positional');
  }
  const heartbeat = /^\/heartbeat\/([^/]+)\/?$/.exec(path);
  if (heartbeat !== null) {
    if (method !== 'GET') return methodNotAllowed();
    return handleHeartbeat(env, request);
  }

  const routes: Record<string, { method: string; run: () => Response | Promise<Response> }> = {
    '/info': {
      method: 'GET',
      run: () => jsonResponse(200, buildInfo(env.app, { gradioVersion: env.layout, root: routeRequest.root, prefix: env.prefix })),
    },
    '/queue/join': { method: 'POST', run: () => handleJoin(env, queue, routeRequest) },
    '/queue/data': { method: 'GET', run: () => handleQueueData(env, queue, routeRequest) },
    '/queue/status': { method: 'GET', run: () => handleQueueStatus(queue) },
    // `/cancel` came in Gradio 4.31 (§1).
    ...(env.before431 ? {} : { '/cancel': { method: 'POST', run: () => handleCancel(env, queue, routeRequest) } }),
    '/reset': { method: 'POST', run: () => handleReset(env, queue, routeRequest) },
    '/upload': { method: 'POST', run: () => handleUpload(env, uploads, routeRequest) },
    '/upload_progress': { method: 'GET', run: () => handleUploadProgress(env, uploads, routeRequest) },
    '/app_id': { method: 'GET', run: () => jsonResponse(200, { app_id: env.appId }) },
  };
  const known = routes[path.length > 1 ? path.replace(/\/$/, '') : path];
  if (known === undefined) return notFound();
  if (known.method !== method) return methodNotAllowed();
  return known.run();
}

/** The name a fault uses for the route of `path` (see `FakeRoute`), or undefined for other paths. */
function routeName(env: ServerEnv, path: string): FakeRoute | undefined {
  if (path === '/config' || path === '/config/') return 'config';
  if (env.prefix !== '') {
    if (!path.startsWith(`${env.prefix}/`)) return undefined;
    path = path.slice(env.prefix.length);
  }
  if (path.startsWith('/file=')) return 'file';
  if (env.gradio6 && /^\/call\/v2\/[^/]+\/?$/.test(path)) return 'call';
  if (env.gradio6 && /^\/call\/v2\/[^/]+\/[^/]+\/?$/.test(path)) return 'call/stream';
  if (/^\/call\/[^/]+\/[^/]+\/?$/.test(path)) return 'call/stream';
  if (/^\/call\/[^/]+\/?$/.test(path)) return 'call';
  const plain = path.replace(/\/$/, '');
  const named: Record<string, FakeRoute> = { '/info': 'info', '/queue/join': 'queue/join', '/queue/data': 'queue/data', '/upload': 'upload', '/cancel': 'cancel' };
  return named[plain];
}

/** Reads the body once and records the request (multipart: the parts, not their bytes). */
async function readRequest(env: ServerEnv, request: Request, url: URL): Promise<RouteRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const recorded: RecordedRequest = {
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    time: Date.now(),
  };
  env.requests.push(recorded);

  const routeRequest: RouteRequest = {
    request,
    url,
    body: { json: undefined, invalidJson: false },
    form: undefined,
    formError: undefined,
    root: publicRoot(env, request, url),
  };
  if (request.body === null) return routeRequest;
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    try {
      const form = await request.formData();
      routeRequest.form = form;
      recorded.body = {
        parts: [...form.entries()].map(([name, value]) =>
          typeof value === 'string'
            ? { name, size: value.length }
            : { name, filename: value.name, type: value.type, size: value.size },
        ),
      };
    } catch (error) {
      routeRequest.formError = error instanceof Error && /boundary/i.test(error.message) ? 'Missing boundary in multipart.' : 'There was an error parsing the body';
    }
    return routeRequest;
  }
  const text = await request.text();
  if (text === '') return routeRequest;
  try {
    const json: unknown = JSON.parse(text);
    routeRequest.body.json = json;
    recorded.body = json;
  } catch {
    routeRequest.body.invalidJson = true;
    recorded.body = text;
  }
  return routeRequest;
}

/** `root` of `/config`: the option, else the forwarded or own origin of the request (§3.3). */
function publicRoot(env: ServerEnv, request: Request, url: URL): string {
  if (env.options.root !== undefined) return env.options.root.replace(/\/+$/, '');
  const forwardedHost = request.headers.get('x-forwarded-host');
  if (forwardedHost !== null) {
    const protocol = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
    return `${protocol}://${forwardedHost}`;
  }
  return url.origin;
}

/** `/cancel`, `/reset` and `/heartbeat` stay open without a token (the JS client sends none, §7.1). */
function isExemptFromToken(env: ServerEnv, path: string): boolean {
  const local = env.prefix !== '' && path.startsWith(`${env.prefix}/`) ? path.slice(env.prefix.length) : path;
  return local === '/cancel' || local === '/reset' || local.startsWith('/heartbeat/');
}

function hasToken(token: string, headers: Headers): boolean {
  const expected = `Bearer ${token}`;
  return headers.get('authorization') === expected || headers.get('x-hf-authorization') === expected;
}

/** `GET {P}/heartbeat/{session_hash}`: `data: ALIVE` at once and after every `heartbeatMs` (§8.3). */
function handleHeartbeat(env: ServerEnv, request: Request): Response {
  const channel = openStream(env, request);
  const beat = (): void => {
    if (!channel.isOpen || env.closed) return;
    channel.send('data: ALIVE\n\n');
    env.timers.after(env.heartbeatMs, beat);
  };
  beat();
  return sseResponse(channel.body);
}

function notFound(): Response {
  return detailResponse(404, 'Not Found');
}

function methodNotAllowed(): Response {
  return detailResponse(405, 'Method Not Allowed');
}
