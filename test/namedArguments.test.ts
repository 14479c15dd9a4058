/**
 * Named arguments → wire inputs on the real `/config` + `/info` captures of Gradio 4.44.1,
 * 5.49.1 and 6.25.0 (the Qwen2.5-like chat app: `/model_chat` has inputs [12, 11, 9, 1]).
 */
import { describe, expect, it } from 'vitest';
import { isGradioError } from '../src/errors.js';
import { resolveEndpoint } from '../src/endpoints.js';
import { isNamedArguments, namedToPositional } from '../src/namedArguments.js';
import type { ApiInfo, GradioConfig } from '../src/protocol.js';
import { captureBody } from './helpers/captures.js';

const system = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';

describe.each([
  { version: '4.44.1', config: 'real4/g01_get_config.txt', info: 'real4/g02_get_info.txt' },
  { version: '5.49.1', config: 'real/b01_get_config.txt', info: 'real/b02_get_info.txt' },
  { version: '6.25.0', config: 'real6/b01_get_config.txt', info: 'real6/b02_get_info.txt' },
])('namedToPositional on the Gradio $version captures', ({ config, info }) => {
  const app = { config: captureBody<GradioConfig>(config), info: captureBody<ApiInfo>(info) };

  it('puts each argument in the slot of its component and fills the defaults of /info', () => {
    expect(namedToPositional(app.config, app.info, resolveEndpoint(app.config, '/model_chat'), { query: 'Hi', radio: '7B' })).toEqual(['Hi', [], system, '7B']);
    expect(namedToPositional(app.config, app.info, resolveEndpoint(app.config, 3), { system: 'Be brief.', query: 'Hi' })).toEqual(['Hi', [], 'Be brief.', '72B']);
    expect(namedToPositional(app.config, app.info, resolveEndpoint(app.config, 'clear_session'), {})).toEqual([]);
  });

  it('names every parameter when an argument is unknown or missing', () => {
    const failure = (() => {
      try {
        namedToPositional(app.config, app.info, resolveEndpoint(app.config, '/model_chat'), { prompt: 'Hi', temperature: 1 });
      } catch (error) {
        return error;
      }
    })();
    expect(isGradioError(failure) && failure.type).toBe('invalid-input');
    expect((failure as Error).message).toBe(
      'Invalid arguments for /model_chat: unknown arguments "prompt", "temperature"; missing required argument "query". The parameters of /model_chat are: query (required), history, system, radio.',
    );
  });
});

describe('namedToPositional on a malformed /info', () => {
  const config = { protocol: 'sse_v3', components: [{ id: 1, type: 'textbox' }], dependencies: [{ id: 0, inputs: [1], outputs: [], api_name: 'go' }] } as GradioConfig;
  const resolved = resolveEndpoint(config, '/go');

  it.each([
    ['parameters that are not a list', { parameters: {} }],
    ['a parameter that is null', { parameters: [null] }],
    ['a parameter name that is not a string', { parameters: [{ parameter_name: { toString: false } }] }],
    ['a description that is not an object', []],
  ])('refuses %s with a protocol error naming the endpoint', (_case, described) => {
    const info = { named_endpoints: { '/go': described }, unnamed_endpoints: {} } as unknown as ApiInfo;
    expect(() => namedToPositional(config, info, resolved, { text: 'x' })).toThrow(
      expect.objectContaining({ type: 'protocol', endpoint: '/go', message: 'GET /info: the description of /go is not a list of parameters' }),
    );
  });
});

describe('isNamedArguments', () => {
  it('accepts plain objects only', () => {
    expect([{}, Object.create(null), { a: 1 }].map(isNamedArguments)).toEqual([true, true, true]);
    expect([[], null, 'x', 1, new Map(), new Date(), undefined].map(isNamedArguments)).toEqual([false, false, false, false, false, false, false]);
  });
});
