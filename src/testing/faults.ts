/**
 * The fault switches of the fake server (`FakeFaults`): HTTP answers that replace a route's own
 * (proxy error pages, rate limits, redirects) and a writer that stands between a streaming
 * route and its response, to drop, cut, repeat, slow down or silence what it writes.
 */
import type { ServerEnv } from './env.js';
import { newEventId } from './env.js';
import { jsonResponse } from './http.js';
import type { SseChannel, Trickle } from './sse.js';
import type { FakeFaults, FakeHttpFault, FakeRoute, FakeStreamFault, FakeStreamRoute, FakeStreamTarget } from './types.js';

/** How many requests each HTTP fault has answered, per server. */
export type FaultCounts = Map<keyof FakeFaults, number>;

const htmlTitles = { 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable' } as const;

/**
 * The answer an HTTP fault gives instead of the route's own, or undefined when no fault
 * applies to this request. Counts the request against the fault's `times`.
 */
export function httpFault(env: ServerEnv, route: FakeRoute, url: URL): Response | undefined {
  const faults = env.options.faults;
  if (faults === undefined) return undefined;
  const { htmlErrorPage, rateLimit, redirect } = faults;
  if (htmlErrorPage !== undefined && strikes(env, 'htmlErrorPage', htmlErrorPage, route)) {
    const title = htmlTitles[htmlErrorPage.status];
    const html = `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`;
    return new Response(html, { status: htmlErrorPage.status, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  if (rateLimit !== undefined && strikes(env, 'rateLimit', rateLimit, route)) {
    return jsonResponse(429, { detail: 'Too Many Requests' }, { 'retry-after': rateLimit.retryAfter });
  }
  if (redirect !== undefined && strikes(env, 'redirect', redirect, route)) {
    const location = `${redirect.to.replace(/\/+$/, '')}${url.pathname}${url.search}`;
    return new Response(null, { status: redirect.status ?? 302, headers: { location } });
  }
  return undefined;
}

function strikes(env: ServerEnv, name: keyof FakeFaults, fault: FakeHttpFault, route: FakeRoute): boolean {
  if (fault.on !== route) return false;
  const count = env.faultCounts.get(name) ?? 0;
  if (count >= (fault.times ?? Infinity)) return false;
  env.faultCounts.set(name, count + 1);
  return true;
}

/** The resolved stream fault for `route`, or undefined when the switch is off or aimed elsewhere. */
function streamFault<T extends FakeStreamTarget>(value: boolean | T | undefined, route: FakeStreamRoute): T | undefined {
  if (value === undefined || value === false) return undefined;
  const fault = (value === true ? {} : value) as T;
  return fault.on === undefined || fault.on === route ? fault : undefined;
}

/** Whether the stream of `route` must answer as for an unknown session. */
export function sessionNotFound(env: ServerEnv, route: FakeStreamRoute): boolean {
  return streamFault(env.options.faults?.sessionNotFound, route) !== undefined;
}

/** The byte-by-byte pacing of `route`'s responses, if `trickle` is on for it. */
export function trickleOf(env: ServerEnv, route: FakeStreamRoute): Trickle | undefined {
  const trickle = streamFault(env.options.faults?.trickle, route);
  if (trickle === undefined) return undefined;
  const delayMs = Math.max(0, trickle.delayMs ?? 1);
  // Tracked timers, so that closing the server cuts the wait short.
  return { bytesPerChunk: Math.max(1, Math.floor(trickle.bytesPerChunk ?? 1)), sleep: () => env.timers.sleep(delayMs) };
}

/** What a frame is, for the faults that pick frames. */
export interface FrameInfo {
  /** The job the frame belongs to; null for stream-level frames (heartbeat, close_stream). */
  eventId: string | null;
  kind: 'heartbeat' | 'message' | 'terminal' | 'close';
}

/** The frames a route writes for the faults that add frames of their own. */
export interface FaultFrames {
  /** A message of a type no Gradio version sends. */
  unknown(eventId: string | null): string;
  /** "Server stopped unexpectedly." as this route reports it. */
  stopped(): string;
  /** The same frame for another, never-joined event id (routes that carry event ids). */
  foreign?(frame: string, eventId: string): string;
}

/** The write side of a streaming response, with the faults in the way. */
export interface FaultyStream {
  /** Writes one SSE frame (or does what a fault does instead). */
  send(frame: string, info: FrameInfo): void;
  /** Ends the response, unless a fault keeps it hanging open. */
  end(): void;
}

/**
 * Puts the stream faults configured for `route` between a route and its response.
 *
 * @param dropped runs when a fault cuts the connection: what the server does when a client
 *   disconnects (the connection is just as gone from its side).
 */
export function faultyStream(env: ServerEnv, route: FakeStreamRoute, channel: SseChannel, frames: FaultFrames, dropped: () => void): FaultyStream {
  const faults = env.options.faults ?? {};
  const reset = streamFault<FakeStreamFault>(faults.resetMidStream, route);
  const endEarly = streamFault<FakeStreamTarget>(faults.endWithoutCompletion, route);
  const truncate = streamFault<FakeStreamFault>(faults.truncatedJson, route);
  const silence = streamFault<FakeStreamFault>(faults.silence, route);
  const stop = streamFault<FakeStreamFault & { everyMs?: number }>(faults.serverStopped, route);
  const unknown = streamFault<FakeStreamTarget>(faults.unknownMessages, route) !== undefined;
  const duplicate = streamFault<FakeStreamTarget>(faults.duplicateCompletion, route) !== undefined;
  const foreign = faults.foreignEventIds === true ? frames.foreign : undefined;
  const due = (fault: FakeStreamFault | undefined): boolean => fault !== undefined && written >= (fault.afterMessages ?? 1);

  let written = 0;
  /** `hanging`: the response stays open with nothing more written (silence, a stopped server). */
  let hanging = false;

  const repeatStopped = (): void => {
    if (!channel.isOpen || env.closed) return;
    channel.send(frames.stopped());
    env.timers.after(Math.max(1, stop?.everyMs ?? 50), repeatStopped);
  };

  return {
    send(frame, info) {
      if (hanging || !channel.isOpen) return;
      if (info.kind === 'heartbeat') {
        channel.send(frame);
        return;
      }
      if (due(reset)) {
        channel.abortAfterFlush();
        dropped();
        return;
      }
      if (due(truncate)) {
        // Cut inside the JSON of the (last) data line, so that what arrives is data, but broken.
        const text = frame.trimEnd();
        const data = text.lastIndexOf('data: ') + 'data: '.length;
        channel.send(text.slice(0, data + Math.max(1, Math.floor((text.length - data) / 2))));
        channel.end();
        dropped();
        return;
      }
      if (due(silence)) {
        hanging = true;
        return;
      }
      if (due(stop)) {
        hanging = true;
        repeatStopped();
        return;
      }
      if (endEarly !== undefined && (info.kind === 'terminal' || info.kind === 'close')) {
        channel.end();
        dropped();
        return;
      }
      written += 1;
      if (unknown && info.kind !== 'close') channel.send(frames.unknown(info.eventId));
      if (foreign !== undefined && info.eventId !== null) channel.send(foreign(frame, info.eventId));
      channel.send(frame);
      if (duplicate && info.kind === 'terminal') channel.send(frame);
    },
    end() {
      if (!hanging) channel.end();
    },
  };
}

/** A frame for a fresh event id that no client joined. */
export function foreignCopy(frame: string, eventId: string): string {
  return frame.replaceAll(eventId, newEventId());
}
