/**
 * The client against a Gradio 6 `gradio.Server` app (`mode: 'server'`): named API endpoints
 * without UI components, some without outputs (real6/README.md, app c).
 */
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gradio, textDeltas, type GradioEvent } from '../../src/index.js';
import { apiEndpoint } from '../../src/testing/index.js';
import { until } from '../helpers/apps.js';
import { useFakeServer } from '../helpers/fakeServer.js';
import { serverAppC } from '../testing/real6Apps.js';

const start = useFakeServer();
const all = <T>(observable: import('rxjs').Observable<T>) => lastValueFrom(observable.pipe(toArray()));

describe.each(['submit', 'call'] as const)('a gradio.Server app through app.%s', (method) => {
  it('calls a typed endpoint by its name', async () => {
    const { url } = await start(serverAppC());
    const events = await all(gradio(url)[method]('/hello', ['World']));
    expect(events.at(-1)).toMatchObject({ type: 'completed', data: ['Hello, World!'] });
  });

  it('completes an endpoint without a return annotation with no outputs', async () => {
    const { url } = await start(serverAppC());
    expect((await all(gradio(url)[method]('log_only', ['note']))).at(-1)).toMatchObject({ type: 'completed', data: [] });
    expect(await firstValueFrom(gradio(url).predict('stream_untyped', ['x']))).toEqual([]);
  });

  it('streams the cumulative value of a generator as exact text deltas', async () => {
    const { url } = await start(serverAppC());
    const deltas = await all(gradio(url)[method]('/chat', ['Hi', 'Be brief.', 4]).pipe(textDeltas()));
    expect(deltas).toEqual(['tok1', ' tok2', ' tok3', ' tok4']);
  });

  it('sends the defaults it was given and pads the rest with null', async () => {
    const { url, requests } = await start(serverAppC());
    await all(gradio(url)[method]('/chat', ['Hi']));
    const sent = requests.find((request) => request.method === 'POST' && /\/(queue\/join|call\/chat)$/.test(request.path))?.body as { data: unknown[]; trigger_id?: unknown };
    expect(sent.data).toEqual(['Hi', null, null]);
    if (method === 'submit') expect(sent.trigger_id).toBeNull();
  });

  it('stops the generator on the server when unsubscribed', async () => {
    const endless = apiEndpoint({
      name: 'endless',
      parameters: ['prompt'],
      returns: 'str',
      async *fn(_args, ctx) {
        for (let text = ''; ; text += '.') {
          yield text;
          await ctx.sleep(10);
        }
      },
    });
    const { url, fake } = await start({ mode: 'server', endpoints: [endless] });
    const seen: GradioEvent[] = [];
    const subscription = gradio(url)[method]('/endless', ['x']).subscribe((event) => seen.push(event));
    await until(() => seen.filter((event) => event.type === 'generating').length >= 2);
    subscription.unsubscribe();
    await until(() => fake.stopped.length === 1);
    expect(fake.cancelled).toHaveLength(1);
  });

  it('says which endpoints exist when the name is wrong', async () => {
    const { url } = await start(serverAppC());
    const [event] = await all(gradio(url)[method]('/nope', ['x']));
    expect(event).toMatchObject({ type: 'error', error: { type: 'endpoint-not-found' } });
    expect(event?.type === 'error' && event.error.message).toContain('"/hello", "/log_only", "/stream_untyped", "/chat_untyped", "/chat"');
  });
});
