/**
 * The simple call API (§5): `POST {P}/call/{api_name}` enqueues with the event id as session
 * key, `GET {P}/call/{api_name}/{event_id}` streams `event:` + stdlib-JSON `data:` lines with
 * full values, and ends right after `complete` or `error`.
 */
import { openStream, type ServerEnv } from './env.js';
import { type FaultFrames, type FaultyStream, faultyStream, sessionNotFound, trickleOf } from './faults.js';
import type { ResolvedEndpoint } from './app.js';
import { parameterNames } from './config.js';
import { detailResponse, internalServerError, jsonResponse, sseResponse, tracebackResponse } from './http.js';
import { toPythonJson } from './json.js';
import type { FakeQueue, Session } from './queue.js';
import { delay } from './queueRoutes.js';
import type { RouteRequest } from './routeRequest.js';
import type { SseChannel } from './sse.js';
import { validateBody } from './validation.js';

/**
 * `POST {P}/call/{api_name}` (§5.1) with `{"data": [...]}`, and on Gradio 6 also
 * `POST {P}/call/v2/{api_name}` with the named parameters as the body (`form: 'named'`, real6/a27).
 */
export async function handleCallPost(
  env: ServerEnv,
  queue: FakeQueue,
  route: RouteRequest,
  apiName: string,
  form: 'positional' | 'named' = 'positional',
): Promise<Response> {
  if (env.closed) return detailResponse(503, 'Queue is stopped.');
  const endpoint = env.app.byApiName.get(apiName);
  // Gradio 6 keeps private endpoints off the API: by name they are as unknown as a typo.
  const callable = endpoint !== undefined && !(env.gradio6 && endpoint.apiVisibility === 'private');
  let data: unknown[];
  let sessionHash: unknown;
  if (form === 'named') {
    const { issues, value } = validateBody(route.body, {});
    if (issues.length > 0) return detailResponse(422, issues);
    if (!callable) return internalServerError();
    const positional = namedToPositional(endpoint, value);
    // Unknown names and missing arguments make Gradio's construct_args raise: an unhandled 500.
    if (positional === undefined) return internalServerError();
    data = positional;
  } else {
    const { issues, value: body } = validateBody(route.body, {
      data: { kind: 'list', required: true },
      session_hash: { kind: 'str', required: false },
    });
    if (issues.length > 0) return detailResponse(422, issues);
    if (!callable) {
      // Gradio 6 no longer leaks the traceback (real6/README.md item 9).
      if (env.gradio6) return internalServerError();
      return tracebackResponse(
        'simple_predict_post',
        'fn = route_utils.get_fn(blocks, api_name, body)',
        `gradio.exceptions.FnIndexInferError: Could not infer fn_index for api_name ${apiName}.`,
      );
    }
    data = env.gradio6 ? withSkippedInputs(endpoint, body['data'] as unknown[]) : (body['data'] as unknown[]);
    sessionHash = body['session_hash'];
  }
  const maxSize = env.options.maxQueueSize;
  if (maxSize !== undefined && queue.waitingCount >= maxSize) {
    return detailResponse(503, `Queue is full. Max size is ${maxSize} and size is ${queue.waitingCount}.`);
  }
  const job = queue.join({
    endpoint,
    data,
    // With a session_hash the event is buffered under it and the GET cannot find it on
    // Gradio 5 (transcripts/call-session-hash-pitfall.txt). Gradio 6 finds the event by its id
    // (real6/a28), as the fake does by keeping the event as its session key.
    ...(typeof sessionHash === 'string' && !env.gradio6 ? { sessionHash } : {}),
    headers: route.request.headers,
    root: route.root,
    simpleFormat: true,
  });
  await delay(env, env.options.delays?.joinMs);
  return jsonResponse(200, { event_id: job.eventId });
}

/**
 * Gradio 6 also accepts the `/info`-aligned data array, without the State (and other
 * `skip_api`) inputs, and fills those with null (§5.1).
 */
function withSkippedInputs(endpoint: ResolvedEndpoint, data: unknown[]): unknown[] {
  const apiInputs = endpoint.inputs.filter((component) => !component.kind.skipApi).length;
  if (data.length >= endpoint.inputs.length || data.length !== apiInputs) return data;
  const values = [...data];
  return endpoint.inputs.map((component) => (component.kind.skipApi ? null : values.shift()));
}

/**
 * The positional data of a `/call/v2` body: each named value at its input's position, the
 * parameter default where a name is left out; undefined for an unknown name or a missing
 * argument without default.
 */
function namedToPositional(endpoint: ResolvedEndpoint, named: Record<string, unknown>): unknown[] | undefined {
  const names = parameterNames(endpoint);
  const known = new Set(names.filter((name): name is string => name !== undefined));
  if (Object.keys(named).some((name) => !known.has(name))) return undefined;
  const data: unknown[] = [];
  for (const [index, component] of endpoint.inputs.entries()) {
    const name = names[index];
    if (name === undefined) {
      data.push(null);
    } else if (Object.hasOwn(named, name)) {
      data.push(named[name]);
    } else if (component.hasDefault) {
      data.push(structuredClone(component.defaultValue));
    } else {
      return undefined;
    }
  }
  return data;
}

/** `GET {P}/call/{api_name}/{event_id}` (§5.2). */
export function handleCallStream(env: ServerEnv, queue: FakeQueue, route: RouteRequest, eventId: string): Response {
  const session = queue.session(eventId);
  const disconnect = (): void => queue.disconnect(eventId);
  const channel = openStream(env, route.request, disconnect, trickleOf(env, 'call/stream'));
  if (session === undefined || sessionNotFound(env, 'call/stream')) {
    channel.send(callEvent('error', '404: Not Found'));
    channel.abortAfterFlush();
    // A job this server answers "not found" for does not run here any more.
    if (session !== undefined) disconnect();
    return sseResponse(channel.body);
  }
  const out = faultyStream(env, 'call/stream', channel, callFaultFrames, disconnect);
  void pumpCall(env, queue, session, channel, out);
  return sseResponse(channel.body);
}

/** The frames the faults add on the call API, which has no event ids in its frames. */
const callFaultFrames: FaultFrames = {
  unknown: () => 'event: unknown_event_type\ndata: {}\n\n',
  stopped: () => callEvent('error', 'Server stopped unexpectedly.'),
};

async function pumpCall(env: ServerEnv, queue: FakeQueue, session: Session, channel: SseChannel, out: FaultyStream): Promise<void> {
  let lastWrite = performance.now();
  while (channel.isOpen) {
    const next = await queue.take(session, env.heartbeatMs - (performance.now() - lastWrite));
    if (!channel.isOpen) return;
    if (next === 'gone') {
      out.end();
      return;
    }
    if (next === 'idle') {
      out.send(callEvent('heartbeat', null), { eventId: null, kind: 'heartbeat' });
      lastWrite = performance.now();
      continue;
    }
    const output = (next['output'] ?? {}) as Record<string, unknown>;
    const info = { eventId: next.event_id, kind: 'terminal' } as const;
    if (next.msg === 'process_generating' && next['success'] === true) {
      out.send(callEvent('generating', output['data']), { ...info, kind: 'message' });
    } else if (next.msg === 'process_completed') {
      if (next['success'] === true) {
        out.send(callEvent('complete', output['data']), info);
      } else {
        // Gradio ≤ 6.12 loses the error text on this route; ≥ 6.13 sends the error object.
        const errorObjects = (env.options.callErrorFormat ?? (env.gradio6 ? 'gradio6' : 'gradio5')) === 'gradio6';
        out.send(callEvent('error', errorObjects ? output : null), info);
      }
      if (next.event_id !== null) session.pending.delete(next.event_id);
      if (session.pending.size === 0) {
        out.end();
        return;
      }
    } else if (next.msg === 'unexpected_error') {
      out.send(callEvent('error', next['message']), info);
    } else {
      // estimation, process_starts, progress, log: not part of this API
      continue;
    }
    lastWrite = performance.now();
  }
}

function callEvent(name: 'generating' | 'complete' | 'error' | 'heartbeat', data: unknown): string {
  return `event: ${name}\ndata: ${toPythonJson(data)}\n\n`;
}
