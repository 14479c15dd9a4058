/**
 * Named arguments (`data` as an object) over real sockets against the fake server: mapped to the
 * wire's positional inputs through `/info` (spec §3.4, §3.5; transcripts/config-and-info.txt).
 */
import { Client } from '@gradio/client';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { gradio, type GradioEvent, isGradioError } from '../../src/index.js';
import { apiEndpoint, type FakeEndpoint, type RecordedRequest } from '../../src/testing/index.js';
import { chat } from '../helpers/apps.js';
import { fastPolling, useFakeHub } from '../helpers/fakeHub.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const start = useFakeServer();
const startHub = useFakeHub();

const events = (observable: import('rxjs').Observable<GradioEvent>) => lastValueFrom(observable.pipe(toArray()));

/**
 * Inputs: a required prompt, a State, a system prompt with a default, a button (skip_api, like
 * State absent from /info) and a radio with choices. The function echoes what it received.
 */
function settings(): FakeEndpoint {
  return {
    apiName: 'settings',
    inputs: [
      { type: 'textbox', label: 'Prompt' },
      { type: 'state', default: 'from the session' },
      { type: 'textbox', label: 'System', default: 'Be brief.' },
      { type: 'button', label: 'Go', default: 'Go' },
      { type: 'radio', label: 'Model', props: { choices: ['72B', '7B'] }, default: '72B' },
    ],
    outputs: [{ type: 'json', label: 'Seen' }],
    concurrencyLimit: null,
    fn: (inputs) => [inputs],
  };
}

/** The requests that would start a job: none may be sent for invalid arguments. */
const jobRequests = (requests: RecordedRequest[]) => requests.filter((r) => /\/(queue\/join|call\/[^/]+|upload)$/.test(r.path));

const parameterList = 'The parameters of /settings are: prompt (required), system, model.';

describe.each([4, 5, 6] as const)('named arguments on the Gradio %i layout', (gradioVersion) => {
  const prefix = gradioVersion === 4 ? '' : '/gradio_api';

  it('maps named arguments to positional inputs, fills defaults, and gives State and button inputs their slot', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings()] });
    const result = await events(gradio(url).submit('/settings', { model: '7B', prompt: 'Hi' }));
    const join = requests.find((r) => r.path === `${prefix}/queue/join`);
    // State → null, as the official clients send it; the button → its value, as the UI sends it.
    expect((join?.body as { data: unknown[] }).data).toEqual(['Hi', null, 'Be brief.', 'Go', '7B']);
    expect(result.at(-1)).toMatchObject({ type: 'completed', data: [['Hi', 'from the session', 'Be brief.', 'Go', '7B']] });
  });

  it('sends named arguments through the /call API in the same wire order', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings()] });
    const result = await events(gradio(url).call('settings', { prompt: 'Hi', system: 'Be kind.' }));
    const post = requests.find((r) => r.path === `${prefix}/call/settings`);
    expect((post?.body as { data: unknown[] }).data).toEqual(['Hi', null, 'Be kind.', 'Go', '72B']);
    expect(result.at(-1)?.type).toBe('completed');
  });

  it('emits the outputs of predict for named arguments, and fetches /config and /info once for several jobs', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings()] });
    const app = gradio(url);
    expect(await firstValueFrom(app.predict('settings', { prompt: 'one' }))).toEqual([['one', 'from the session', 'Be brief.', 'Go', '72B']]);
    expect(await firstValueFrom(app.predict('settings', { prompt: 'two', system: undefined }))).toEqual([['two', 'from the session', 'Be brief.', 'Go', '72B']]);
    expect(requests.filter((r) => r.path === `${prefix}/info`)).toHaveLength(1);
    expect(requests.filter((r) => r.path === '/config')).toHaveLength(1);
  });

  it('fills the State slot of the chat app of config-and-info.txt', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [chat({ tokens: () => ['ok'] })] });
    const result = await events(gradio(url).submit('/chat', { message: 'hello' }));
    const join = requests.find((r) => r.path === `${prefix}/queue/join`);
    expect((join?.body as { data: unknown[] }).data).toEqual(['hello', [], null]);
    expect(result.at(-1)?.type).toBe('completed');
  });

  it('sends the same wire inputs for named arguments as @gradio/client', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [chat({ tokens: () => ['ok'] })] });
    await firstValueFrom(gradio(url).predict('/chat', { message: 'hello' }));
    // The official client reports its own stream closing on the console; keep the output clean.
    const quiet = (['error', 'warn', 'log'] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
    const official = await Client.connect(url);
    try {
      await official.predict('/chat', { message: 'hello' });
    } finally {
      official.close();
      quiet.forEach((spy) => spy.mockRestore());
    }
    const joins = requests.filter((r) => r.path === `${prefix}/queue/join`).map((r) => (r.body as { data: unknown[] }).data);
    expect(joins).toHaveLength(2);
    expect(joins[0]).toEqual(joins[1]);
  });

  it('accepts an fn_index with named arguments', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings()] });
    await events(gradio(url).submit(0, { prompt: 'by index' }));
    const join = requests.find((r) => r.path === `${prefix}/queue/join`);
    expect((join?.body as { data: unknown[]; fn_index: number }).data[0]).toBe('by index');
  });

  it('rejects an unknown name with an invalid-input error naming the parameters, and sends nothing', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings()] });
    const result = await events(gradio(url).submit('/settings', { prompt: 'Hi', temperature: 0.2 }));
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ type: 'error', error: { type: 'invalid-input', endpoint: '/settings' } });
    const error = (result[0] as Extract<GradioEvent, { type: 'error' }>).error;
    expect(error.message).toBe(`Invalid arguments for /settings: unknown argument "temperature". ${parameterList}`);
    expect(jobRequests(requests)).toEqual([]);
  });

  it('rejects a missing required argument, in call and predict too, and sends nothing', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings()] });
    const app = gradio(url);
    const [called] = await events(app.call('/settings', { system: 'x' }));
    expect(called).toMatchObject({ type: 'error', error: { type: 'invalid-input', message: `Invalid arguments for /settings: missing required argument "prompt". ${parameterList}` } });
    const failure = await firstValueFrom(app.predict('/settings', {})).catch((error: unknown) => error);
    expect(isGradioError(failure) && failure.type).toBe('invalid-input');
    expect(jobRequests(requests)).toEqual([]);
  });

  it('rejects data that is neither an array nor a plain object, naming the parameters, and sends nothing', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings()] });
    const app = gradio(url);
    for (const data of ['Hi', null, new Map([['prompt', 'Hi']]), 42]) {
      const [event] = await events(app.submit('/settings', data as never));
      expect(event).toMatchObject({ type: 'error', error: { type: 'invalid-input', endpoint: '/settings' } });
      const error = (event as Extract<GradioEvent, { type: 'error' }>).error;
      expect(error.message).toMatch(/^Invalid arguments for \/settings: the inputs must be an array of positional inputs or a plain object of named arguments, not (a string|null|a Map object|a number)\./);
      expect(error.message).toContain(parameterList);
    }
    expect(jobRequests(requests)).toEqual([]);
  });

  it('sends a positional array as before, without asking /info', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings()] });
    await events(gradio(url).submit('/settings', ['Hi', null, 'S', 'Go', '7B']));
    const join = requests.find((r) => r.path === `${prefix}/queue/join`);
    expect((join?.body as { data: unknown[] }).data).toEqual(['Hi', null, 'S', 'Go', '7B']);
    expect(requests.some((r) => r.path === `${prefix}/info`)).toBe(false);
  });

  it('asks for an array when /info does not describe the endpoint (api_name false)', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings(), { ...settings(), apiName: false }] });
    const [event] = await events(gradio(url).submit(1, { prompt: 'Hi' }));
    expect(event).toMatchObject({
      type: 'error',
      error: { type: 'invalid-input', message: "fn_index 1 is not described by the app's /info, so it takes no named arguments: pass its inputs as an array" },
    });
    expect(jobRequests(requests)).toEqual([]);
  });

  it('ends with an endpoint-not-found error for an unknown endpoint given named arguments', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [settings()] });
    const [event] = await events(gradio(url).submit('/nope', { prompt: 'Hi' }));
    expect(event).toMatchObject({ type: 'error', error: { type: 'endpoint-not-found' } });
    expect(jobRequests(requests)).toEqual([]);
  });
});

describe('named arguments on a Gradio 6 gradio.Server app', () => {
  it('maps to the parameters of the function, with its Python defaults (real6/c02)', async () => {
    const chatFn = apiEndpoint({
      name: 'chat',
      parameters: ['prompt', { name: 'system', default: 'You are helpful.' }, { name: 'max_tokens', type: 'int', default: 20 }],
      returns: 'str',
      fn: ({ prompt, system, max_tokens }) => `${String(system)} ${String(prompt)} (${String(max_tokens)})`,
    });
    const { url, requests } = await start({ gradioVersion: 6, mode: 'server', endpoints: [chatFn] });
    const app = gradio(url);
    expect(await firstValueFrom(app.predict('/chat', { prompt: 'Hi', max_tokens: 5 }))).toEqual(['You are helpful. Hi (5)']);
    const [event] = await events(app.call('/chat', { max_tokens: 5 }));
    expect(event).toMatchObject({ type: 'error', error: { type: 'invalid-input', message: 'Invalid arguments for /chat: missing required argument "prompt". The parameters of /chat are: prompt (required), system, max_tokens.' } });
    expect(requests.filter((r) => r.path.startsWith('/gradio_api/call/'))).toEqual([]);
  });
});

describe('named arguments on a Hugging Face Space', () => {
  it('wait for a sleeping Space to wake, then map through its /info', async () => {
    const hub = await startHub({ spaces: { 'owner/settings': { app: { endpoints: [settings()] }, stages: ['SLEEPING', 'RUNNING'] } } });
    const result = await events(gradio('owner/settings', { hubUrl: hub.url, wakePolling: fastPolling }).submit('/settings', { prompt: 'Hi' }));
    expect(result[0]).toMatchObject({ type: 'space-status', stage: 'sleeping' });
    expect(result.at(-1)).toMatchObject({ type: 'completed', data: [['Hi', 'from the session', 'Be brief.', 'Go', '72B']] });
    const paths = hub.space('owner/settings').requests.map((r) => r.path);
    expect(paths.indexOf('/gradio_api/info')).toBeGreaterThan(paths.indexOf('/config'));
    expect(paths.indexOf('/gradio_api/queue/join')).toBeGreaterThan(paths.indexOf('/gradio_api/info'));
  });
});
