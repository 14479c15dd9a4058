import { describe, expect, it } from 'vitest';
import { apiNames, resolveEndpoint } from '../src/endpoints.js';
import { isGradioError } from '../src/errors.js';
import type { GradioConfig } from '../src/protocol.js';

// The chat app of spec/transcripts/config-and-info.txt, abridged to what resolution reads.
const config: GradioConfig = {
  components: [],
  dependencies: [
    { id: 0, targets: [[5, 'click'], [1, 'submit']], inputs: [1, 2, 3], outputs: [1, 2], api_name: 'chat' },
    { id: 1, targets: [[6, 'click']], inputs: [1], outputs: [1], api_name: 'predict' },
    { id: 2, targets: [[7, 'click']], inputs: [], outputs: [1, 2], api_name: false },
  ],
};

describe('resolveEndpoint', () => {
  it('finds an api name with or without its leading slash', () => {
    expect(resolveEndpoint(config, '/chat').fnIndex).toBe(0);
    expect(resolveEndpoint(config, 'predict').fnIndex).toBe(1);
  });

  it('takes the first target of the dependency as the trigger id', () => {
    expect(resolveEndpoint(config, 'chat').triggerId).toBe(5);
  });

  it('accepts an fn_index, including one of an endpoint without api name', () => {
    const resolved = resolveEndpoint(config, 2);
    expect(resolved.fnIndex).toBe(2);
    expect(resolved.label).toBe('fn_index 2');
    expect(resolved.apiName).toBeUndefined();
  });

  it('uses the position as fn_index for configs older than Gradio 4.32, which have no ids', () => {
    const old: GradioConfig = { components: [], dependencies: config.dependencies.map(({ id: _id, ...rest }) => rest) };
    expect(resolveEndpoint(old, 'predict').fnIndex).toBe(1);
  });

  it('names the valid endpoints when an api name is unknown', () => {
    let thrown: unknown;
    try {
      resolveEndpoint(config, '/nope');
    } catch (error) {
      thrown = error;
    }
    expect(isGradioError(thrown) && thrown.type).toBe('endpoint-not-found');
    expect((thrown as Error).message).toBe('No endpoint matching "/nope" was found. Valid named endpoints are: "/chat", "/predict".');
  });

  it('rejects an fn_index that does not exist', () => {
    expect(() => resolveEndpoint(config, 9)).toThrow(/No endpoint matching fn_index 9/);
  });

  it('lists only named endpoints', () => {
    expect(apiNames(config)).toEqual(['/chat', '/predict']);
  });
});

describe('resolveEndpoint on a Gradio 6 config with api_visibility', () => {
  // Like real6/b01_get_config.txt, with one private and one undocumented endpoint.
  const six: GradioConfig = {
    components: [],
    dependencies: [
      { id: 0, targets: [[5, 'click']], inputs: [1], outputs: [1], api_name: 'chat', api_visibility: 'public' },
      { id: 1, targets: [[6, 'click']], inputs: [1], outputs: [1], api_name: 'internal', api_visibility: 'private' },
      { id: 2, targets: [[7, 'click']], inputs: [1], outputs: [1], api_name: 'hidden', api_visibility: 'undocumented' },
    ],
  };

  it('says a private endpoint is not public instead of calling it by name', () => {
    let thrown: unknown;
    try {
      resolveEndpoint(six, '/internal');
    } catch (error) {
      thrown = error;
    }
    expect(isGradioError(thrown) && thrown.type).toBe('endpoint-not-found');
    expect((thrown as Error).message).toBe(
      'The endpoint "/internal" is not public (api_visibility "private"), so the app does not let clients call it by name. Valid named endpoints are: "/chat", "/hidden".',
    );
  });

  it('still reaches a private endpoint by its fn_index, as the app\'s own UI does', () => {
    expect(resolveEndpoint(six, 1)).toMatchObject({ fnIndex: 1, apiName: 'internal' });
  });

  it('calls an undocumented endpoint by name', () => {
    expect(resolveEndpoint(six, 'hidden').fnIndex).toBe(2);
  });
});
