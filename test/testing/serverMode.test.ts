/**
 * `mode: 'server'`: a Gradio 6 `gradio.Server` app (no UI components, endpoints from type hints),
 * compared with the real captures of app c (test/fixtures/spec/real6/c01…c04).
 */
import { describe, expect, it } from 'vitest';
import { createFakeGradio } from '../../src/testing/index.js';
import { useFakeServer } from '../helpers/fakeServer.js';
import { serverAppC } from './real6Apps.js';
import { dataMessages, join, normalize, postJson, real6Body } from './support.js';

const startServer = useFakeServer();

describe('a gradio.Server app (mode "server")', () => {
  it('answers /config like real6/c01_server_get_config.txt', async () => {
    const server = await startServer(serverAppC());
    const config = (await (await fetch(`${server.url}/config`)).json()) as Record<string, unknown>;
    const real = JSON.parse(real6Body('c01_server_get_config.txt')) as Record<string, unknown>;
    expect(Object.keys(config)).toEqual(Object.keys(real));
    for (const key of Object.keys(real)) {
      if (key === 'app_id' || key === 'root' || key === 'components') continue;
      expect(config[key], key).toEqual(real[key]);
    }
    const withoutClassId = (components: unknown) => (components as Record<string, unknown>[]).map(({ component_class_id: _id, ...rest }) => rest);
    expect(withoutClassId(config['components'])).toEqual(withoutClassId(real['components']));
  });

  it('answers /info with the bytes of real6/c02_server_get_info.txt', async () => {
    const server = await startServer(serverAppC());
    expect(await (await fetch(`${server.url}/gradio_api/info`)).text()).toBe(real6Body('c02_server_get_info.txt'));
  });

  it('completes a call at once like real6/c03_server_call_hello_sse.txt', async () => {
    const server = await startServer(serverAppC());
    const posted = await postJson(`${server.url}/gradio_api/call/hello`, { data: ['World'] });
    const { event_id: eventId } = (await posted.json()) as { event_id: string };
    expect(await (await fetch(`${server.url}/gradio_api/call/hello/${eventId}`)).text()).toBe(real6Body('c03_server_call_hello_sse.txt'));
  });

  it('streams a generator with diffs like real6/c04_server_queue_chat_data.txt', async () => {
    const server = await startServer(serverAppC());
    const base = `${server.url}/gradio_api`;
    await join(base, { data: ['Hi', 'You are helpful.', 20], fn_index: 4, trigger_id: null, session_hash: 'capc04' });
    const body = await (await fetch(`${base}/queue/data?session_hash=capc04`)).text();
    expect(normalize(body)).toBe(normalize(real6Body('c04_server_queue_chat_data.txt')));
  });

  it.each(['log_only', 'stream_untyped'])('completes %s, which has no return annotation, with data []', async (apiName) => {
    const server = await startServer(serverAppC());
    const base = `${server.url}/gradio_api`;
    const fnIndex = apiName === 'log_only' ? 1 : 2;
    await join(base, { data: ['x'], fn_index: fnIndex, trigger_id: null, session_hash: apiName });
    const messages = dataMessages(await (await fetch(`${base}/queue/data?session_hash=${apiName}`)).text());
    expect(messages.find((message) => message['msg'] === 'process_completed')).toMatchObject({ success: true, output: { data: [] } });
  });

  it('takes named arguments on /call/v2 and fills in the defaults', async () => {
    const server = await startServer(serverAppC());
    const posted = await postJson(`${server.url}/gradio_api/call/v2/chat`, { prompt: 'Hi', max_tokens: 2 });
    const { event_id: eventId } = (await posted.json()) as { event_id: string };
    const body = await (await fetch(`${server.url}/gradio_api/call/v2/chat/${eventId}`)).text();
    expect(body).toBe('event: generating\ndata: ["tok1"]\n\nevent: generating\ndata: ["tok1 tok2"]\n\nevent: complete\ndata: ["tok1 tok2"]\n\n');
  });

  it('refuses UI components and layouts other than 6, which gradio.Server does not have', () => {
    expect(() => createFakeGradio({ mode: 'server', endpoints: [{ apiName: 'x', inputs: [{ type: 'textbox' }], outputs: [], fn: () => [] }] })).toThrow(/apiEndpoint/);
    expect(() => createFakeGradio({ mode: 'server', gradioVersion: 5, endpoints: [] })).toThrow(/only on Gradio 6/);
    expect(() => createFakeGradio({ mode: 'fastapi' as 'server', endpoints: [] })).toThrow('mode must be "blocks" or "server", not "fastapi".');
  });
});
