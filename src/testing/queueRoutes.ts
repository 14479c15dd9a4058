/**
 * The queue protocol routes (§6, §7): `POST {P}/queue/join`, `GET {P}/queue/data`,
 * `POST {P}/cancel`, `POST {P}/reset`, `GET {P}/queue/status`.
 */
import { openStream, type ServerEnv } from './env.js';
import { type FaultFrames, type FaultyStream, faultyStream, foreignCopy, type FrameInfo, sessionNotFound, trickleOf } from './faults.js';
import { detailResponse, internalServerError, jsonResponse, sseResponse, tracebackResponse } from './http.js';
import { toCompactJson } from './json.js';
import {
  closeStreamMessage,
  heartbeatMessage,
  unexpectedErrorMessage,
  type ServerMessage,
} from './messages.js';
import type { FakeQueue, Session } from './queue.js';
import type { RouteRequest } from './routeRequest.js';
import { missingQuery, validateBody } from './validation.js';

/** `POST {P}/queue/join` with the statuses of §6.1. */
export async function handleJoin(env: ServerEnv, queue: FakeQueue, route: RouteRequest): Promise<Response> {
  if (env.closed) return detailResponse(503, 'Queue is stopped.');
  const { issues, value: body } = validateBody(route.body, {
    data: { kind: 'list', required: true },
    event_data: { kind: 'any', required: false },
    fn_index: { kind: 'int', required: false },
    trigger_id: { kind: 'int', required: false },
    session_hash: { kind: 'str', required: false },
  });
  if (issues.length > 0) return detailResponse(422, issues);
  const sessionHash = body['session_hash'];
  if (typeof sessionHash !== 'string') return detailResponse(400, 'Session hash not found.');
  const fnIndex = body['fn_index'];
  if (typeof fnIndex !== 'number') return detailResponse(400, 'No function index provided.');
  const endpoint = env.app.byFnIndex.get(fnIndex);
  if (endpoint === undefined) {
    // Gradio 6 answers the unhandled KeyError without its traceback (real6/README.md item 9).
    if (env.gradio6) return internalServerError();
    return tracebackResponse('queue_join_helper', 'fn = blocks.fns[body.fn_index]', `KeyError: ${fnIndex}`);
  }
  const maxSize = env.options.maxQueueSize;
  if (maxSize !== undefined && queue.waitingCount >= maxSize) {
    return detailResponse(503, `Queue is full. Max size is ${maxSize} and size is ${queue.waitingCount}.`);
  }
  const job = queue.join({
    endpoint,
    data: body['data'] as unknown[],
    sessionHash,
    headers: route.request.headers,
    root: route.root,
    simpleFormat: false,
  });
  await delay(env, env.options.delays?.joinMs);
  return jsonResponse(200, { event_id: job.eventId });
}

/**
 * `GET {P}/queue/data?session_hash=` (§6.2–6.5): the session's messages as they come, a
 * heartbeat after `heartbeatMs` of silence, and the end once no joined event is pending.
 * Disconnecting cancels the session's jobs (§7.3).
 */
export function handleQueueData(env: ServerEnv, queue: FakeQueue, route: RouteRequest): Response {
  const sessionHash = route.url.searchParams.get('session_hash');
  if (sessionHash === null) return detailResponse(422, [missingQuery('session_hash')]);
  const session = queue.session(sessionHash);
  const disconnect = (): void => queue.disconnect(sessionHash);
  const channel = openStream(env, route.request, disconnect, trickleOf(env, 'queue/data'));
  if (session === undefined || sessionNotFound(env, 'queue/data')) {
    // Gradio yields this message and then re-raises, which aborts the connection (§6.2).
    channel.send(frameOf(unexpectedErrorMessage(env.style, '404: Not Found', true)));
    channel.abortAfterFlush();
    // A session this server answers "not found" for has no job left running here.
    if (session !== undefined) disconnect();
    return sseResponse(channel.body);
  }
  const out = faultyStream(env, 'queue/data', channel, queueFaultFrames(env), disconnect);
  const send = (message: ServerMessage): void => out.send(frameOf(message), frameInfo(message));
  void pumpQueueData(env, queue, session, send, channel, out);
  return sseResponse(channel.body);
}

/** One `/queue/data` message as Gradio writes it: `data: <compact JSON>` and a blank line. */
function frameOf(message: ServerMessage): string {
  return `data: ${toCompactJson(message)}\n\n`;
}

function frameInfo(message: ServerMessage): FrameInfo {
  const kind = message.msg === 'heartbeat' ? 'heartbeat' : message.msg === 'close_stream' ? 'close' : message.msg === 'process_completed' ? 'terminal' : 'message';
  return { eventId: message.event_id, kind };
}

/** The frames the faults add on `/queue/data`. */
function queueFaultFrames(env: ServerEnv): FaultFrames {
  return {
    unknown: (eventId) => frameOf({ msg: 'unknown_message_type', event_id: eventId, detail: 'a message type no Gradio version sends' }),
    stopped: () => frameOf(unexpectedErrorMessage(env.style, 'Server stopped unexpectedly.', false)),
    foreign: foreignCopy,
  };
}

async function pumpQueueData(
  env: ServerEnv,
  queue: FakeQueue,
  session: Session,
  send: (message: ServerMessage) => void,
  channel: { readonly isOpen: boolean },
  out: FaultyStream,
): Promise<void> {
  let lastWrite = performance.now();
  while (channel.isOpen) {
    const next = await queue.take(session, env.heartbeatMs - (performance.now() - lastWrite));
    if (!channel.isOpen) return;
    if (next === 'gone') {
      out.end();
      return;
    }
    lastWrite = performance.now();
    if (next === 'idle') {
      send(heartbeatMessage());
      continue;
    }
    send(next);
    if (next.msg === 'process_completed' && next.event_id !== null) {
      session.pending.delete(next.event_id);
      if (session.pending.size === 0) {
        // sse_v3 announces the end; sse_v1/v2 just end the response (§6.5).
        if (env.protocol === 'sse_v3') send(closeStreamMessage());
        out.end();
        return;
      }
    }
  }
}

/** `POST {P}/cancel` (§7.2). */
export function handleCancel(env: ServerEnv, queue: FakeQueue, route: RouteRequest): Response {
  const { issues, value: body } = validateBody(route.body, {
    session_hash: { kind: 'str', required: true },
    fn_index: { kind: 'int', required: true },
    event_id: { kind: 'str', required: true },
  });
  if (issues.length > 0) return detailResponse(422, issues);
  queue.cancel(body['session_hash'] as string, body['fn_index'] as number, body['event_id'] as string);
  return jsonResponse(200, { success: true });
}

/**
 * `POST {P}/reset`: a no-op kept for old clients (§7.2); before Gradio 4.31, the way to stop one
 * event (`FakeQueue.reset`).
 */
export function handleReset(env: ServerEnv, queue: FakeQueue, route: RouteRequest): Response {
  const { issues, value: body } = validateBody(route.body, { event_id: { kind: 'str', required: true } });
  if (issues.length > 0) return detailResponse(422, issues);
  return jsonResponse(200, { success: env.before431 ? queue.reset(body['event_id'] as string) : true });
}

/** `GET {P}/queue/status`: the global queue size as an `estimation` (§6.3). */
export function handleQueueStatus(queue: FakeQueue): Response {
  return jsonResponse(200, { msg: 'estimation', event_id: null, rank: null, queue_size: queue.waitingCount, rank_eta: null });
}

/** Waits `ms` (if any) with a tracked timer; `close()` cuts it short. */
export async function delay(env: ServerEnv, ms: number | undefined): Promise<void> {
  if (ms === undefined || ms <= 0 || env.closed) return;
  await env.timers.sleep(ms).catch(() => undefined);
}
