/**
 * A `/config` answer gradio-rx cannot use is refused with a `protocol` error that says why:
 * not a Gradio config at all (or a malformed one), or a Gradio older than 4.9 (websocket
 * queue, protocol "sse").
 */
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gradio } from '../../src/index.js';

const malformed = 'GET /config: the answer is not a Gradio config (its protocol, api_prefix, dependencies or components are malformed)';

/** An app whose `/config` answers `config` (and nothing else is ever asked). */
const appAnswering = (config: unknown) => gradio('http://127.0.0.1:9/', { fetch: async () => Response.json(config) });

describe('a /config answer gradio-rx cannot use', () => {
  it.each([
    ['an answer without a dependencies list', { components: [] }, 'GET /config: the answer is not a Gradio config (no dependencies list)'],
    ['a JSON string', 'hello', 'GET /config: the answer is not a Gradio config (no dependencies list)'],
    ['Gradio 3 (no protocol)', { dependencies: [] }, 'This app runs Gradio 3 or older (websocket queue), which gradio-rx does not support'],
    ['Gradio 3 (protocol "ws")', { dependencies: [], protocol: 'ws' }, 'This app runs Gradio 3 or older (websocket queue), which gradio-rx does not support'],
    ['Gradio 4.0–4.8', { dependencies: [], protocol: 'sse' }, 'This app runs Gradio 4.0–4.8 (protocol "sse"), which gradio-rx does not support; Gradio ≥ 4.9 works'],
    ['a dependency that is not an object', { dependencies: [null], protocol: 'sse_v3' }, malformed],
    ['a dependency without an inputs list', { dependencies: [{ outputs: [] }], protocol: 'sse_v3' }, malformed],
    ['a component that is not an object', { dependencies: [], components: [7], protocol: 'sse_v3' }, malformed],
    ['a protocol that is not a string', { dependencies: [], protocol: null }, malformed],
    ['an api_prefix that is not a string', { dependencies: [], protocol: 'sse_v3', api_prefix: {} }, malformed],
    ['an api_prefix that is not a path (it would make the root another host)', { dependencies: [], protocol: 'sse_v3', api_prefix: '@other.example' }, malformed],
  ])('refuses %s with a protocol error that says why', async (_case, config, message) => {
    await expect(firstValueFrom(appAnswering(config).config())).rejects.toMatchObject({ type: 'protocol', message, endpoint: 'config' });
    const events = await lastValueFrom(appAnswering(config).submit('/chat', ['Hi']).pipe(toArray()));
    expect(events).toEqual([{ type: 'error', error: expect.objectContaining({ type: 'protocol', message, endpoint: 'config' }) }]);
  });

  it('accepts a Gradio 4.9+ config, filling in a missing components list', async () => {
    const config = await firstValueFrom(appAnswering({ dependencies: [], protocol: 'sse_v3' }).config());
    expect(config).toEqual({ dependencies: [], protocol: 'sse_v3', components: [] });
  });
});
