/**
 * Queue messages → GradioEvents, on the messages of the spec's transcripts.
 */
import { describe, expect, it } from 'vitest';
import { isGradioError } from '../src/errors.js';
import type { QueueMessage } from '../src/protocol.js';
import { queueMessageToEvent } from '../src/queueEvents.js';
import { readTranscriptMessages } from './helpers/transcripts.js';

const first = (file: string, msg: QueueMessage['msg']) => {
  const message = readTranscriptMessages(file).find((m) => m.msg === msg);
  if (message === undefined) throw new Error(`no ${msg} in ${file}`);
  return message;
};

describe('queueMessageToEvent', () => {
  it('maps estimation to queued with 0-based position, queue size and eta', () => {
    const events = readTranscriptMessages('transcripts/queue-estimation-progress-log.txt')
      .filter((m) => m.msg === 'estimation')
      .map((m) => queueMessageToEvent(m));
    expect(events[0]).toMatchObject({ type: 'queued', eventId: expect.any(String) });
    expect(events.every((e) => e?.type === 'queued')).toBe(true);
    const withEta = events.find((e) => e?.type === 'queued' && e.etaSeconds !== undefined);
    expect(withEta).toBeDefined();
  });

  it('maps process_starts, progress and log (ZeroGPU notes included)', () => {
    const file = 'transcripts/queue-estimation-progress-log.txt';
    expect(queueMessageToEvent(first(file, 'process_starts'))).toMatchObject({ type: 'started' });
    const progress = queueMessageToEvent(first(file, 'progress'));
    expect(progress?.type === 'progress' && progress.progress.length).toBeGreaterThan(0);
    const log = queueMessageToEvent(first(file, 'log'));
    expect(log).toMatchObject({ type: 'log', level: expect.stringMatching(/info|warning|success/), message: expect.any(String) });
  });

  it('shows a log that is not a string as its JSON, even an object that cannot become a primitive', () => {
    const message = (log: unknown) => JSON.parse(JSON.stringify({ msg: 'log', event_id: 'e1', log, level: [], title: '', duration: {} })) as QueueMessage;
    expect(queueMessageToEvent(message({ toString: false }))).toEqual({ type: 'log', eventId: 'e1', level: 'info', message: '{"toString":false}', title: '' });
    expect(queueMessageToEvent(message([1, 2]))).toMatchObject({ message: '[1,2]' });
    expect(queueMessageToEvent(message(null))).toMatchObject({ message: '' });
  });

  it('maps a gr.Error with a title to an app error naming the endpoint and title', () => {
    const event = queueMessageToEvent(first('transcripts/queue-process-completed-error.txt', 'process_completed'), '/divide');
    expect(event?.type).toBe('error');
    if (event?.type !== 'error') throw new Error('unreachable');
    expect(event.error.type).toBe('app');
    expect(event.error.endpoint).toBe('/divide');
    expect(event.error.message).toMatch(/^\/divide failed: /);
    expect(event.eventId).toBe(event.error.eventId);
  });

  it('says the app hid the error when output.error is null', () => {
    const hidden = readTranscriptMessages('transcripts/queue-hidden-and-midstream-errors.txt').find(
      (m) => m.msg === 'process_completed' && (m.output as { error?: unknown }).error === null,
    )!;
    const event = queueMessageToEvent(hidden, '/chat');
    expect(event?.type === 'error' && event.error.message).toMatch(/show_error setting is off/);
  });

  it('maps the ZeroGPU quota failure to gpu-quota-error with seconds and retry time', () => {
    const event = queueMessageToEvent(first('transcripts/queue-zerogpu-quota.txt', 'process_completed'));
    expect(event).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 49_239_000 });
    expect(event?.type === 'gpu-quota-error' && isGradioError(event.error) && event.error.type).toBe('gpu-quota');
  });

  it('maps the Gradio 4 HTML quota text without a retry time and strips the markup', () => {
    const event = queueMessageToEvent(first('transcripts/queue-zerogpu-quota-html.txt', 'process_completed'));
    expect(event).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 42 });
    expect(event?.type === 'gpu-quota-error' && event.retryAfterMs).toBeUndefined();
    expect(event?.type === 'gpu-quota-error' && event.message).not.toContain('<a');
  });

  it('reads the quota of a real Gradio 5.49.1 capture', () => {
    const event = queueMessageToEvent(first('real/a15_queue_quota_data.txt', 'process_completed'));
    expect(event).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 12, retryAfterMs: 83_000 });
  });

  it('maps the synthetic completion of a cancel to a cancelled error, not to an empty success', () => {
    const event = queueMessageToEvent(first('transcripts/cancel.txt', 'process_completed'), '/chat');
    expect(event?.type === 'error' && event.error.type).toBe('cancelled');
  });

  it('maps a successful completion to completed with its duration', () => {
    const event = queueMessageToEvent(first('transcripts/queue-v3-streaming-diffs.txt', 'process_completed'));
    expect(event).toMatchObject({ type: 'completed', durationSeconds: 0.0012 });
  });

  it('ignores stream-level messages', () => {
    expect(queueMessageToEvent({ msg: 'heartbeat', event_id: null })).toBeUndefined();
    expect(queueMessageToEvent({ msg: 'close_stream', event_id: null })).toBeUndefined();
  });
});
