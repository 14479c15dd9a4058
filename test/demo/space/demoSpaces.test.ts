/**
 * The demo's embedded Spaces, driven through gradio-rx as the demos drive them.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { watchCancels } from '../../../demo/space/cancelWatch.js';
import { zeroGpuQuotaMessage, zeroGpuQuotaRetryMs } from '../../../demo/space/quota.js';
import { scriptedAnswer } from '../../../demo/space/scriptedModel.js';
import { type DemoSpaces, startDemoSpaces } from '../../../demo/space/startDemoSpaces.js';
import { sendVisitors } from '../../../demo/space/visitors.js';
import type { GradioEvent } from '../../../src/index.js';
import { qwen25, qwen25DefaultSystemPrompt, qwenQvq72b } from '../../../src/spaces/index.js';
import type { CancelRecord } from '../../../src/testing/index.js';

// Quick pace: these tests check what streams, not how slowly.
const fast = { pace: { min: 1, max: 3 }, thinkingStepMs: 5 };
let spaces: DemoSpaces | undefined;
afterEach(async () => {
  await spaces?.close();
  spaces = undefined;
});

const eventsOf = (source: import('rxjs').Observable<GradioEvent>) => lastValueFrom(source.pipe(toArray()));
const user = (content: string) => [{ role: 'user', content }];

describe('the Qwen2.5-like Space', () => {
  it('streams the scripted answer through the qwen25 preset, after progress steps', async () => {
    spaces = await startDemoSpaces(fast);
    const prompt = 'What is the capital of France?';
    const events = await eventsOf(qwen25.events({ messages: user(prompt), url: spaces.qwen25.url }));
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.length).toBe(5); // 0/4 … 4/4
    expect(events.findIndex((event) => event.type === 'progress')).toBeLessThan(events.findIndex((event) => event.type === 'generating'));

    const deltas = await lastValueFrom(qwen25.stream({ messages: user(prompt), url: spaces.qwen25.url }).pipe(toArray()));
    expect(deltas.join('')).toBe(scriptedAnswer({ prompt, systemPrompt: qwen25DefaultSystemPrompt }));
    expect(deltas.length).toBeGreaterThan(10);
  });

  it('queues a job behind visitors and reports its position', async () => {
    // Visitors that think for a while, so the job surely joins while they are still there.
    spaces = await startDemoSpaces({ ...fast, thinkingStepMs: 150 });
    const visitors = await sendVisitors(spaces.qwen25.url, 2);
    const events = await eventsOf(qwen25.events({ messages: user('Hello'), url: spaces.qwen25.url }));
    await visitors.done;
    const first = events.find((event) => event.type === 'queued');
    expect(first).toMatchObject({ type: 'queued', position: 1, queueSize: 2 });
    expect(events.at(-1)?.type).toBe('completed');
  });

  it('fails with ZeroGPU\'s quota error, parsed, when asked about quota', async () => {
    spaces = await startDemoSpaces(fast);
    const events = await eventsOf(qwen25.events({ messages: user('How much quota is left?'), url: spaces.qwen25.url }));
    expect(events.at(-1)).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 20, retryAfterMs: zeroGpuQuotaRetryMs });
    expect(events.some((event) => event.type === 'generating')).toBe(false);
  });

  it('tells the watcher about a cancelled job', async () => {
    spaces = await startDemoSpaces({ ...fast, pace: { min: 20, max: 30 } });
    const seen: CancelRecord[] = [];
    const stop = watchCancels(spaces.qwen25.fake, (record) => seen.push(record), 5);
    let eventId: string | undefined;
    await new Promise<void>((resolve) => {
      const subscription = qwen25.events({ messages: user('Tell me a long story'), url: spaces!.qwen25.url }).subscribe((event) => {
        if (event.type === 'queued') eventId = event.eventId;
        if (event.type === 'generating') {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    await expect.poll(() => seen.length).toBe(1);
    stop();
    expect(seen[0]).toMatchObject({ eventId, via: 'cancel' });
  });
});

describe('the QVQ-like Space', () => {
  it('reports the image it received through the qwenQvq72b preset', async () => {
    spaces = await startDemoSpaces(fast);
    // A 1×1 PNG.
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
    const deltas = await lastValueFrom(
      qwenQvq72b.stream({ messages: user('What is in this image?'), media: [[png, 'dot.png']], url: spaces.qvq.url }).pipe(toArray()),
    );
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', png)).toString('hex');
    expect(deltas.join('')).toMatch(new RegExp(`^I received "dot\\.png" \\(image/png, ${png.length} bytes, 1×1 px, sha256 ${digest}\\)\\. `));
  });

  it('answers a text-only question with the scripted model', async () => {
    spaces = await startDemoSpaces(fast);
    const deltas = await lastValueFrom(qwenQvq72b.stream({ messages: user('Hello, world!'), url: spaces.qvq.url }).pipe(toArray()));
    expect(deltas.join('')).toBe(scriptedAnswer({ prompt: 'Hello, world!' }));
  });

  it('uses the real wording of the ZeroGPU quota message', async () => {
    spaces = await startDemoSpaces(fast);
    const events = await eventsOf(qwenQvq72b.events({ messages: user('quota?'), url: spaces.qvq.url }));
    const last = events.at(-1);
    expect(last?.type).toBe('gpu-quota-error');
    expect(last?.type === 'gpu-quota-error' && last.message).toContain(zeroGpuQuotaMessage.slice(0, 80));
  });
});
