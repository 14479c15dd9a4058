/**
 * Files (§11): `POST {P}/upload[?upload_id=]`, `GET {P}/upload_progress?upload_id=` and
 * `GET {P}/file={path}`.
 */
import { openStream, type ServerEnv } from './env.js';
import { bytesResponse, detailResponse, jsonResponse, sseResponse, textResponse } from './http.js';
import { toPythonJson } from './json.js';
import { delay } from './queueRoutes.js';
import type { RouteRequest } from './routeRequest.js';
import { missingQuery } from './validation.js';

/** How long `/upload_progress` waits for its upload to start, as Gradio does (§11.1). */
const progressWaitMs = 3000;

interface UploadProgress {
  readonly updates: { orig_name: string; chunk_size: number }[];
  done: boolean;
  readonly waiters: Set<() => void>;
}

/** Upload progress trackers by `upload_id`. */
export class UploadTracker {
  private readonly byId = new Map<string, UploadProgress>();

  start(uploadId: string): UploadProgress {
    let progress = this.byId.get(uploadId);
    if (progress === undefined) {
      progress = { updates: [], done: false, waiters: new Set() };
      this.byId.set(uploadId, progress);
      this.wake(uploadId);
    }
    return progress;
  }

  get(uploadId: string): UploadProgress | undefined {
    return this.byId.get(uploadId);
  }

  forget(uploadId: string): void {
    this.byId.delete(uploadId);
  }

  /** Wakes readers of `uploadId` (including those waiting for it to appear). */
  wake(uploadId: string): void {
    const waiters = this.pendingWaiters.get(uploadId);
    this.pendingWaiters.delete(uploadId);
    for (const waiter of waiters ?? []) waiter();
    const progress = this.byId.get(uploadId);
    for (const waiter of [...(progress?.waiters ?? [])]) waiter();
  }

  /** Resolves when the upload appears (true), or after `ms` or on `close()` (false). */
  async waitForStart(env: ServerEnv, uploadId: string, ms: number): Promise<boolean> {
    if (this.byId.has(uploadId)) return true;
    const waiters = this.pendingWaiters.get(uploadId) ?? new Set<() => void>();
    this.pendingWaiters.set(uploadId, waiters);
    const stop = new AbortController();
    const waiter = (): void => stop.abort();
    waiters.add(waiter);
    try {
      await env.timers.sleep(ms, stop.signal);
      return false;
    } catch {
      // Woken by the upload (true), or the server closed (false).
      return stop.signal.aborted;
    } finally {
      waiters.delete(waiter);
    }
  }

  private readonly pendingWaiters = new Map<string, Set<() => void>>();
}

/** `POST {P}/upload`: stores every part named `files` and answers their server paths (§11.1). */
export async function handleUpload(env: ServerEnv, tracker: UploadTracker, route: RouteRequest): Promise<Response> {
  const contentType = route.request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return detailResponse(400, 'Invalid content type.');
  if (route.form === undefined) return textResponse(400, route.formError ?? 'Missing boundary in multipart.');
  const uploadId = route.url.searchParams.get('upload_id');
  const progress = uploadId === null ? undefined : tracker.start(uploadId);
  const parts = route.form.getAll('files').filter((part): part is File => typeof part !== 'string');
  const maxFileSize = env.options.maxFileSize;
  if (typeof maxFileSize === 'number' && parts.some((part) => part.size > maxFileSize)) {
    if (uploadId !== null) tracker.forget(uploadId);
    return textResponse(413, `File size exceeded maximum allowed size of ${maxFileSize} bytes.`);
  }
  const paths: string[] = [];
  for (const part of parts) {
    const bytes = new Uint8Array(await part.arrayBuffer());
    const stored = env.files.add(bytes, part.name, part.type);
    paths.push(stored.path);
    progress?.updates.push({ orig_name: part.name, chunk_size: bytes.byteLength });
  }
  if (progress !== undefined && uploadId !== null) {
    progress.done = true;
    tracker.wake(uploadId);
  }
  await delay(env, env.options.delays?.uploadMs);
  return jsonResponse(200, paths);
}

/** `GET {P}/upload_progress?upload_id=`: `update` messages, then `done` (stdlib JSON, §11.1). */
export async function handleUploadProgress(env: ServerEnv, tracker: UploadTracker, route: RouteRequest): Promise<Response> {
  const uploadId = route.url.searchParams.get('upload_id');
  if (uploadId === null) return detailResponse(422, [missingQuery('upload_id')]);
  if (!(await tracker.waitForStart(env, uploadId, progressWaitMs))) return textResponse(404, 'Upload not found');
  const progress = tracker.get(uploadId);
  if (progress === undefined) return textResponse(404, 'Upload not found');
  const channel = openStream(env, route.request);
  const send = (message: unknown): void => channel.send(`data: ${toPythonJson(message)}\n\n`);
  let sent = 0;
  let cancelHeartbeat = (): void => undefined;
  const flush = (): void => {
    if (!channel.isOpen || env.closed) {
      cancelHeartbeat();
      progress.waiters.delete(flush);
      channel.end();
      return;
    }
    while (sent < progress.updates.length) send({ msg: 'update', ...progress.updates[sent++] });
    if (progress.done) {
      send({ msg: 'done' });
      cancelHeartbeat();
      progress.waiters.delete(flush);
      tracker.forget(uploadId);
      channel.end();
      return;
    }
    cancelHeartbeat();
    cancelHeartbeat = env.timers.after(env.heartbeatMs, () => {
      send({ msg: 'heartbeat' });
      flush();
    });
  };
  progress.waiters.add(flush);
  flush();
  return sseResponse(channel.body);
}

/**
 * `GET {P}/file={path}`: the bytes of an uploaded file; a URL-like path redirects to it (§9.4);
 * other paths are not allowed (§10.2).
 */
export function handleFile(env: ServerEnv, path: string): Response {
  if (/^https?:\/\//i.test(path)) return new Response(null, { status: 302, headers: { location: path } });
  const file = env.files.get(path);
  if (file === undefined) {
    return path.startsWith('/tmp/gradio/') ? detailResponse(404, 'File not found') : detailResponse(403, `File not allowed: ${path}.`);
  }
  return bytesResponse(200, file.bytes, { 'content-type': file.type === '' ? 'application/octet-stream' : file.type });
}
