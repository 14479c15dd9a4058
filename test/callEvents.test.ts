/**
 * /call stream events → GradioEvents (spec §5.2).
 */
import { describe, expect, it } from 'vitest';
import { callEventToEvent } from '../src/callEvents.js';

describe('callEventToEvent', () => {
  it('maps generating and complete to events with full values', () => {
    expect(callEventToEvent('generating', '["Autumn moonlight \\u2014"]', 'e1', '/generate')).toEqual({ type: 'generating', eventId: 'e1', data: ['Autumn moonlight —'] });
    expect(callEventToEvent('complete', '["done"]', 'e1', '/generate')).toEqual({ type: 'completed', eventId: 'e1', data: ['done'] });
  });

  it('ignores heartbeats and unknown event names', () => {
    expect(callEventToEvent('heartbeat', 'null', 'e1', '/generate')).toBeUndefined();
    expect(callEventToEvent(undefined, '{}', 'e1', '/generate')).toBeUndefined();
  });

  it('reports data: null as an app error that says the details are missing (Gradio 4.20 – 6.12)', () => {
    const event = callEventToEvent('error', 'null', 'e1', '/generate');
    expect(event?.type === 'error' && event.error.type).toBe('app');
    expect(event?.type === 'error' && event.error.message).toMatch(/no error details/);
  });

  it('reads a Gradio 6.13 error object, quota included', () => {
    const data = JSON.stringify({ error: 'You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 0:01:00.', duration: 10, visible: true, title: 'ZeroGPU quota exceeded' });
    expect(callEventToEvent('error', data, 'e1', '/generate')).toMatchObject({ type: 'gpu-quota-error', retryAfterMs: 60_000 });
  });

  it('maps the in-band "404: Not Found" of a lost event to session-lost', () => {
    const event = callEventToEvent('error', '"404: Not Found"', 'e1', '/generate');
    expect(event?.type === 'error' && event.error.type).toBe('session-lost');
  });

  it('turns unreadable JSON into a protocol error event', () => {
    const event = callEventToEvent('generating', '["trunc', 'e1', '/generate');
    expect(event?.type === 'error' && event.error.type).toBe('protocol');
  });
});
