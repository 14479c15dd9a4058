import { describe, expect, it } from 'vitest';
import { qwen25, qwenQvq72b } from '../../src/spaces/index.js';
import { startFakeGradioServer } from '../../src/testing/index.js';
import { useFakeHub } from '../helpers/fakeHub.js';
import { qvqSpace, qwen25Space } from './fakeSpaces.js';
import { imageBytes } from './fixtures.js';
import { user, valuesOf } from './helpers.js';

const startHub = useFakeHub();

describe('presets find their Spaces through the hub by id', () => {
  it('names the Spaces by id', () => {
    expect([qwen25.space, qwenQvq72b.space]).toEqual(['Qwen/Qwen2.5', 'Qwen/QVQ-72B-preview']);
  });

  it('qwen25 looks up Qwen/Qwen2.5 on the hub, wakes it with space-status events, and streams its answer', async () => {
    const hub = await startHub({ spaces: { 'Qwen/Qwen2.5': { app: qwen25Space(), stages: ['SLEEPING', 'RUNNING'] } } });
    const first = await valuesOf(qwen25.events({ messages: [user('Hello')], hubUrl: hub.url, apiKey: 'hf_preset' }));
    expect(first.flatMap((event) => (event.type === 'space-status' ? [event.stage] : []))).toEqual(['sleeping', 'running']);
    const text = (await valuesOf(qwen25.stream({ messages: [user('Hello')], hubUrl: hub.url, apiKey: 'hf_preset' }))).join('');
    expect(text.length).toBeGreaterThan(0);
    expect(hub.requests[0]).toMatchObject({ path: '/api/spaces/Qwen/Qwen2.5/host', headers: { authorization: 'Bearer hf_preset' } });
    const events = await valuesOf(qwen25.events({ messages: [user('Again')], hubUrl: hub.url, apiKey: 'hf_preset' }));
    expect(events.at(-1)?.type).toBe('completed');
    expect(events.some((event) => event.type === 'space-status')).toBe(false);
    // One app per (Space, hub, key): the second request did not look the Space up again.
    expect(hub.requests.filter((request) => request.path.endsWith('/host'))).toHaveLength(1);
  });

  it('qwenQvq72b looks up Qwen/QVQ-72B-preview on the hub and gets the image there', async () => {
    const hub = await startHub({ spaces: { 'Qwen/QVQ-72B-preview': { app: qvqSpace() } } });
    const events = await valuesOf(qwenQvq72b.events({ messages: [user('Wake?')], hubUrl: hub.url }));
    expect(events.at(-1)?.type).toBe('completed');
    const text = (await valuesOf(qwenQvq72b.stream({ messages: [user('What is it?')], media: [[imageBytes.png, 'cat.png']], hubUrl: hub.url }))).join('');
    expect(text).toContain('cat.png');
    expect(hub.requests[0]?.path).toBe('/api/spaces/Qwen/QVQ-72B-preview/host');
    expect(hub.space('Qwen/QVQ-72B-preview').requests.some((request) => request.path === '/gradio_api/upload')).toBe(true);
  });

  it('ends the job with space-not-found when the hub does not know the preset\'s Space', async () => {
    const hub = await startHub({ spaces: {} });
    const events = await valuesOf(qwen25.events({ messages: [user('Anyone?')], hubUrl: hub.url }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { type: 'space-not-found' } });
  });

  it('goes to `url` instead when one is given, without asking the hub', async () => {
    const hub = await startHub({ spaces: { 'Qwen/Qwen2.5': { app: qwen25Space() } } });
    const local = await startFakeGradioServer(qwen25Space());
    try {
      const events = await valuesOf(qwen25.events({ messages: [user('Local')], url: local.url, hubUrl: hub.url }));
      expect(events.at(-1)?.type).toBe('completed');
      expect(hub.requests).toHaveLength(0);
      expect(local.requests.some((request) => request.path.endsWith('/queue/join'))).toBe(true);
    } finally {
      await local.close();
    }
  });
});
