/**
 * The precomputed bytes of the unpaced streams, shared by the bench server (which writes them
 * to a socket) and the in-process bench (which serves them from memory).
 */
import type { Scenario } from './scenarios.js';
import { appendGeneratingMessage, callFrame, chunkText, closeStreamMessage, completedMessage, firstGeneratingMessage, processStartsMessage, queueFrame } from './wire.js';

/** Size of one write of precomputed bytes: large, so the server never limits the client. */
const writeSize = 32 * 1024;

/** The `/queue/data` body of an unpaced scenario, in writes of about 32 KB. */
export function queueBody(scenario: Scenario, eventIds: string[]): Buffer[] {
  return toChunks(queueGeneration(scenario, eventIds));
}

/** The `/call/{api_name}/{event_id}` body of a scenario, in writes of about 32 KB. */
export function callBody(scenario: Scenario): Buffer[] {
  return toChunks(callGeneration(scenario));
}

/**
 * The unpaced queue stream after the estimations: every job starts, then the jobs' events
 * interleave round-robin (one multiplexed stream), then each completes and `close_stream` ends
 * the stream (sse_v3).
 */
function queueGeneration(scenario: Scenario, eventIds: string[]): string[] {
  const frames: string[] = eventIds.map((id) => queueFrame(processStartsMessage(id)));
  for (let index = 0; index < scenario.events; index++) {
    const text = chunkText(index, scenario.chunk);
    for (const id of eventIds) frames.push(queueFrame(index === 0 ? firstGeneratingMessage(id, text) : appendGeneratingMessage(id, text)));
  }
  let full = '';
  for (let index = 0; index < scenario.events; index++) full += chunkText(index, scenario.chunk);
  for (const id of eventIds) frames.push(queueFrame(completedMessage(id, full)));
  frames.push(queueFrame(closeStreamMessage));
  return frames;
}

/** The `/call` stream: full cumulative values each time, then `complete`. */
function callGeneration(scenario: Scenario): string[] {
  const frames: string[] = [];
  let text = '';
  for (let index = 0; index < scenario.events; index++) {
    text += chunkText(index, scenario.chunk);
    frames.push(callFrame('generating', [text]));
  }
  frames.push(callFrame('complete', [text]));
  return frames;
}

/** Frames joined into large buffers, encoded once. */
function toChunks(frames: string[]): Buffer[] {
  const chunks: Buffer[] = [];
  let pending = '';
  for (const frame of frames) {
    pending += frame;
    if (pending.length >= writeSize) {
      chunks.push(Buffer.from(pending));
      pending = '';
    }
  }
  if (pending !== '') chunks.push(Buffer.from(pending));
  return chunks;
}
