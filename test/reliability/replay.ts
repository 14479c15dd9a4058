/**
 * A scripted Gradio server behind an injected `fetch`: it answers `/config`, joins and `/call`
 * POSTs from a script and serves stream bodies as the exact chunks a test chose, so that
 * property tests can replay real captures (test/fixtures/spec/real) or arbitrary bytes at arbitrary
 * chunk boundaries through the whole SDK, without sockets.
 */
import { readRealCaptureBody } from '../helpers/sseFixtures.js';

/** The JSON body of a real capture (`a01_get_config.txt`, `b17_multiplex_join1.txt`, …). */
export function captureJson<T>(name: string): T {
  return JSON.parse(new TextDecoder().decode(readRealCaptureBody(name))) as T;
}

/** What the scripted server answers. */
export interface ReplayScript {
  /** The `/config` answer. */
  config: unknown;
  /** The `/info` answer; without it, `/info` is 404 Not Found. */
  info?: unknown;
  /** Event ids answered to `/queue/join` and `/call/{api_name}` POSTs, in order. */
  eventIds: string[];
  /** When given, the answer to every such POST instead (any JSON: a property test's). */
  jobAnswer?: unknown;
  /**
   * The chunks of the n-th `/queue/data` or `/call/…/{event_id}` GET (counted per kind, from
   * 0). Undefined: the session is unknown (transcripts/queue-session-not-found.txt).
   */
  stream(kind: 'queue' | 'call', index: number): Uint8Array[] | undefined;
}

const encoder = new TextEncoder();
const sessionNotFound = encoder.encode('data: {"msg":"unexpected_error","event_id":null,"message":"404: Not Found","session_not_found":true,"success":false}\n\n');

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}

/** A body that hands out one chunk per read, giving way to other tasks between chunks. */
function chunkedBody(chunks: readonly Uint8Array[], signal: AbortSignal | null | undefined): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await new Promise((resolve) => setImmediate(resolve));
        if (signal?.aborted) {
          controller.error(signal.reason);
          return;
        }
        const chunk = chunks[index++];
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The injected fetch for `script`, and the requests it saw (`METHOD path`). */
export function replayFetch(script: ReplayScript): { fetch: typeof globalThis.fetch; requests: string[] } {
  const requests: string[] = [];
  let nextEventId = 0;
  const gets = { queue: 0, call: 0 };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    requests.push(`${request.method} ${path}`);
    if (path === '/config') return json(script.config);
    if (path.endsWith('/info') && 'info' in script) return json(script.info);
    if (request.method === 'POST' && (path.endsWith('/queue/join') || /\/call\/[^/]+$/.test(path))) {
      if ('jobAnswer' in script) return json(script.jobAnswer);
      const eventId = script.eventIds[nextEventId++];
      return eventId === undefined ? json({ detail: 'no more jobs in this script' }, 500) : json({ event_id: eventId });
    }
    if (path.endsWith('/cancel')) return json({ success: true });
    const kind = path.endsWith('/queue/data') ? 'queue' : /\/call\/[^/]+\/[^/]+$/.test(path) ? 'call' : undefined;
    if (kind === undefined) return json({ detail: 'Not Found' }, 404);
    const chunks = script.stream(kind, gets[kind]++) ?? [sessionNotFound];
    return new Response(chunkedBody(chunks, init?.signal), { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** Cuts `bytes` at the given offsets (taken modulo its length + 1), ignoring line and character boundaries. */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.map((offset) => offset % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let previous = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut > previous) pieces.push(bytes.subarray(previous, cut));
    previous = cut;
  }
  return pieces;
}
