/**
 * The demo's gradio.Server-like Space (Gradio 6, mode "server"), driven through gradio-rx as a
 * custom frontend drives it.
 */
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { serverChatAnswer, serverLikeSpace, summarize } from '../../../demo/space/serverLike.js';
import { gradio, textDeltas } from '../../../src/index.js';
import { type FakeGradioServer, startFakeGradioServer } from '../../../src/testing/index.js';

const fast = { pace: { min: 1, max: 3 }, thinkingStepMs: 5 };
let server: FakeGradioServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the gradio.Server-like Space', () => {
  it('is a Gradio 6 server-mode app whose endpoints have no UI', async () => {
    server = await startFakeGradioServer(serverLikeSpace(fast));
    const config = await firstValueFrom(gradio(server.url).config());
    expect(config).toMatchObject({ version: '6.25.0', mode: 'server' });
    expect(config.components.every((component) => component.type === 'api')).toBe(true);
    expect(config.dependencies.map((dependency) => [dependency.api_name, dependency.targets, dependency.outputs.length])).toEqual([
      ['chat', [], 1],
      ['summarize', [], 1],
      ['log_event', [], 0],
    ]);
  });

  it('streams the chat answer as text deltas that add up to the scripted answer', async () => {
    server = await startFakeGradioServer(serverLikeSpace(fast));
    const deltas = await lastValueFrom(gradio(server.url).submit('/chat', ['What is the capital of France?']).pipe(textDeltas(), toArray()));
    expect(deltas.join('')).toBe(serverChatAnswer('What is the capital of France?'));
    expect(deltas.length).toBeGreaterThan(10);
  });

  it('summarizes through the call API and logs an event without outputs', async () => {
    const events: string[] = [];
    server = await startFakeGradioServer(serverLikeSpace(fast, events));
    const app = gradio(server.url);
    const text = 'one two three four five six';
    expect((await lastValueFrom(app.call('/summarize', [text, 3]))).type).toBe('completed');
    expect(await firstValueFrom(app.predict('/summarize', [text, 3]))).toEqual([summarize(text, 3)]);
    expect(await firstValueFrom(app.predict('/log_event', ['opened']))).toEqual([]);
    expect(events).toEqual(['opened']);
  });

  it('fails a chat about quota with the ZeroGPU quota error', async () => {
    server = await startFakeGradioServer(serverLikeSpace(fast));
    const last = await lastValueFrom(gradio(server.url).submit('/chat', ['How much quota do I have?']));
    expect(last).toMatchObject({ type: 'gpu-quota-error', error: { type: 'gpu-quota' } });
  });

  it('cuts a summary to max_words with an ellipsis', () => {
    expect(summarize('a b c d', 2)).toBe('a b…');
    expect(summarize('  a   b ', 5)).toBe('a b');
  });
});
