/**
 * The real Gradio 6.25.0 captures (test/fixtures/spec/real6) replayed through the client's own
 * decoders: the SSE decoder, the diff applier, the queue and call event mappers and textDeltas.
 * What real6/README.md says a client must handle, checked on the bytes a real server sent; and
 * the 4.44.1 and 5.49.1 captures through the same path, for one terminal event per job.
 */
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { callEventToEvent } from '../src/callEvents.js';
import { createDiffApplier } from '../src/diff.js';
import type { GradioEvent } from '../src/events.js';
import { textDeltas } from '../src/operators/textDeltas.js';
import type { QueueMessage } from '../src/protocol.js';
import { queueMessageToEvent } from '../src/queueEvents.js';
import { createSseDecoder } from '../src/transport/sse.js';
import { collectInto, listRealSseCaptures, readRealCaptureBody, type RealCaptureFolder, type SseEvent } from './helpers/sseFixtures.js';

/** The SSE events of a capture, decoded by the client's decoder at awkward chunk boundaries. */
function sseEvents(name: string, folder: RealCaptureFolder = 'real6'): SseEvent[] {
  const bytes = readRealCaptureBody(name, folder);
  const events: SseEvent[] = [];
  const decoder = createSseDecoder(collectInto(events));
  for (let offset = 0; offset < bytes.length; offset += 7) decoder.push(bytes.subarray(offset, offset + 7));
  decoder.end();
  return events;
}

/** A `/queue/data` capture as the client's events, per event id, diffs applied. */
function queueEvents(name: string, endpoint = '/endpoint', folder: RealCaptureFolder = 'real6'): Map<string, GradioEvent[]> {
  const apply = createDiffApplier();
  const byEvent = new Map<string, GradioEvent[]>();
  for (const { data } of sseEvents(name, folder)) {
    const message = apply(JSON.parse(data) as QueueMessage);
    if (message.event_id === null) continue;
    const event = queueMessageToEvent(message, endpoint);
    if (event === undefined) continue;
    const list = byEvent.get(message.event_id) ?? [];
    list.push(event);
    byEvent.set(message.event_id, list);
  }
  return byEvent;
}

/** A `/call` capture as the client's events. */
function callEvents(name: string, endpoint = '/generate', folder: RealCaptureFolder = 'real6'): GradioEvent[] {
  return sseEvents(name, folder).flatMap(({ event, data }) => callEventToEvent(event, data, 'event-1', endpoint) ?? []);
}

const terminal = (event: GradioEvent) => event.type === 'completed' || event.type === 'error' || event.type === 'gpu-quota-error';

const queueCaptures = listRealSseCaptures('real6').filter((name) => name.endsWith('_data.txt'));
const callCaptures = listRealSseCaptures('real6').filter((name) => name.endsWith('_sse.txt'));

describe('the real Gradio 6.25.0 queue captures through the client', () => {
  it('finds the queue and call captures', () => {
    expect(queueCaptures).toContain('b03_queue_chat_data.txt');
    expect(callCaptures).toContain('a27_call_v2_sse.txt');
  });

  it.each(queueCaptures)('gives every event of %s exactly one terminal event, last', (name) => {
    const byEvent = queueEvents(name);
    expect(byEvent.size).toBeGreaterThan(0);
    for (const events of byEvent.values()) {
      expect(events.filter(terminal)).toHaveLength(1);
      expect(terminal(events.at(-1)!)).toBe(true);
    }
  });

  it.each(queueCaptures)('ends each successful event of %s with the values the diffs built up', (name) => {
    for (const events of queueEvents(name).values()) {
      const last = events.at(-1);
      const generating = events.filter((event) => event.type === 'generating');
      if (last?.type !== 'completed' || generating.length === 0) continue;
      expect(generating.at(-1)?.type === 'generating' && generating.at(-1)?.data).toEqual(last.data);
    }
  });

  it('reads the content blocks of real6/b03 as exact text deltas of the assistant message', async () => {
    const [events = []] = [...queueEvents('b03_queue_chat_data.txt', '/model_chat').values()];
    const deltas = await lastValueFrom(from(events).pipe(textDeltas(), toArray()));
    const completed = events.at(-1);
    if (completed?.type !== 'completed') throw new Error('b03 did not complete');
    const history = completed.data[1] as { role: string; content: { text: string; type: string }[] }[];
    expect(history.at(-1)?.content).toHaveLength(1);
    expect(deltas.join('')).toBe(history.at(-1)?.content[0]?.text);
    expect(deltas[0]).toBe('[Qwen2.5-72B-Instruct]');
    expect(deltas.slice(1, 3)).toEqual([' system=68chars', ' history=0turns']);
  });

  it('reads the history round trip of real6/b07f: only the new assistant message streams', async () => {
    const [events = []] = [...queueEvents('b07f_queue_chat_history_roundtrip_data.txt', '/model_chat').values()];
    const deltas = await lastValueFrom(from(events).pipe(textDeltas(), toArray()));
    expect(deltas.join('')).toMatch(/^\[Qwen2\.5-72B-Instruct\] system=68chars history=1turns echo:/);
    expect(deltas.join('')).not.toContain('Hello Qwen');
  });

  it('reports the rejected history of real6/b07e as an app error whose text the app hid', () => {
    const [events = []] = [...queueEvents('b07e_queue_chat_history_messages_data.txt', '/model_chat').values()];
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { type: 'app', endpoint: '/model_chat' } });
    expect(last?.type === 'error' && last.error.message).toMatch(/show_error setting is off/);
  });

  it.each(['a19_cancel_queue_data.txt', 'b10_cancel_queue_data.txt'])('reads the synthetic completion of a cancel in %s as a cancelled error', (name) => {
    const [events = []] = [...queueEvents(name).values()];
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'cancelled' } });
  });

  it('keeps the completion of real6/a14 with its duration despite the new cache fields', () => {
    const [events = []] = [...queueEvents('a14_queue_generate_data.txt').values()];
    const last = events.at(-1);
    expect(last?.type).toBe('completed');
    expect(last?.type === 'completed' && last.durationSeconds).toBeGreaterThan(0);
    expect(last?.type === 'completed' && String(last.data[0])).toMatch(/step20 $/);
  });

  it('routes the two events of real6/b17 multiplexed on one stream apart', async () => {
    const byEvent = queueEvents('b17_multiplex_data.txt', '/model_chat');
    expect(byEvent.size).toBe(2);
    const texts = await Promise.all([...byEvent.values()].map((events) => lastValueFrom(from(events).pipe(textDeltas(), toArray())).then((deltas) => deltas.join(''))));
    expect(texts[0]).toContain('echo: first job');
    expect(texts[1]).toContain('echo: second job');
  });
});

describe('the real Gradio 6.25.0 call captures through the client', () => {
  it.each(callCaptures)('gives %s exactly one terminal event, last', (name) => {
    const events = callEvents(name);
    expect(events.filter(terminal)).toHaveLength(1);
    expect(terminal(events.at(-1)!)).toBe(true);
  });

  it.each(['a09_call_quota_sse.txt', 'b08_call_quota_sse.txt'])('reads the error object of %s as a gpu-quota-error with its retry time', (name) => {
    const [event] = callEvents(name);
    expect(event).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 12, retryAfterMs: 83_000, error: { type: 'gpu-quota', title: 'ZeroGPU quota exceeded' } });
  });

  it('reads {"error": null} of real6/a11 as an app error whose text the app hid', () => {
    const [event] = callEvents('a11_call_crash_sse.txt');
    expect(event).toMatchObject({ type: 'error', error: { type: 'app' } });
    expect(event?.type === 'error' && event.error.message).toMatch(/show_error setting is off/);
  });

  it.each(['a03_call_generate_sse.txt', 'a27_call_v2_sse.txt', 'a28_call_with_session_sse.txt'])('streams the cumulative text of %s as deltas adding up to the completed value', async (name) => {
    const events = callEvents(name);
    const deltas = await lastValueFrom(from(events).pipe(textDeltas(), toArray()));
    const last = events.at(-1);
    expect(last?.type === 'completed' && deltas.join('')).toBe(last?.type === 'completed' ? last.data[0] : undefined);
    expect(deltas.length).toBeGreaterThan(5);
  });

  it('completes the gradio.Server call of real6/c03 at once with its value', () => {
    expect(callEvents('c03_server_call_hello_sse.txt', '/hello')).toEqual([{ type: 'completed', eventId: 'event-1', data: ['Hello, World!'] }]);
  });
});

describe.each(['real4', 'real'] as const)('the older captures of %s through the same decoders', (folder) => {
  const captures = listRealSseCaptures(folder);

  it.each(captures)('gives every event of %s exactly one terminal event, last', (name) => {
    const lists = name.endsWith('_data.txt') ? [...queueEvents(name, '/endpoint', folder).values()] : [callEvents(name, '/endpoint', folder)];
    expect(lists.length).toBeGreaterThan(0);
    for (const events of lists) {
      expect(events.filter(terminal)).toHaveLength(1);
      expect(terminal(events.at(-1)!)).toBe(true);
    }
  });
});
