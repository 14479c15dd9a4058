import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGradioServer, type FakeGradioServer } from '../../src/testing/index.js';
import { chatApp, realBody, transcriptBody } from './support.js';

let server: FakeGradioServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  return (await response.json()) as Record<string, unknown>;
}

/** The JSON of a transcript response. */
function transcriptJson(fileName: string, response: number): Record<string, unknown> {
  return JSON.parse(transcriptBody(fileName, response)) as Record<string, unknown>;
}

describe('GET /config', () => {
  it('describes the chat app like transcripts/config-and-info.txt', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp(), spaceId: 'owner/demo' });
    const config = await getJson(`${server.url}/config`);
    const expected = transcriptJson('config-and-info.txt', 1);
    for (const key of ['version', 'api_prefix', 'protocol', 'enable_queue', 'connect_heartbeat', 'show_error', 'max_file_size', 'space_id']) {
      expect(config[key], key).toEqual(expected[key]);
    }
    const dependencies = config['dependencies'] as Record<string, unknown>[];
    const expectedDependencies = expected['dependencies'] as Record<string, unknown>[];
    expect(dependencies).toHaveLength(3);
    dependencies.forEach((dependency, index) => {
      const wanted = expectedDependencies[index] ?? {};
      for (const key of ['id', 'inputs', 'outputs', 'api_name', 'queue', 'types', 'connection', 'show_api', 'backend_fn']) {
        expect(dependency[key], `dependency ${index} ${key}`).toEqual(wanted[key]);
      }
      expect((dependency['targets'] as unknown[])[0]).toEqual((wanted['targets'] as unknown[])[0]);
    });
    const components = config['components'] as Record<string, unknown>[];
    const byId = new Map(components.map((component) => [component['id'], component]));
    expect(byId.get(3)).toMatchObject({ type: 'state', skip_api: true, props: { value: null, name: 'state' } });
    expect(byId.get(3)).not.toHaveProperty('api_info');
    expect(byId.get(1)).toMatchObject({ type: 'textbox', skip_api: false, api_info: { type: 'string' }, props: { value: '', label: 'Message', name: 'textbox' } });
    expect(byId.get(5)).toMatchObject({ type: 'button', skip_api: true });
  });

  it('reports the root the request came to and the dependency fields in the order of real Gradio 5.49.1', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp() });
    const config = await getJson(`${server.url}/config`);
    expect(config['root']).toBe(server.url);
    const real = JSON.parse(realBody('a01_get_config.txt')) as { dependencies: Record<string, unknown>[] };
    const dependencies = config['dependencies'] as Record<string, unknown>[];
    expect(Object.keys(dependencies[0] ?? {})).toEqual(Object.keys(real.dependencies[0] ?? {}));
  });

  it('carries an app_id beyond 2^53 exactly as /app_id does', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp() });
    const configText = await (await fetch(`${server.url}/config`)).text();
    const appIdText = await (await fetch(`${server.url}/gradio_api/app_id`)).text();
    const digits = /"app_id":(\d+)/.exec(configText)?.[1];
    expect(digits).toBeDefined();
    expect(BigInt(digits ?? '0') > 2n ** 53n).toBe(true);
    expect(appIdText).toBe(`{"app_id":${digits}}`);
  });

  it('adds a trigger button for an endpoint declared without one', async () => {
    server = await startFakeGradioServer({
      gradioVersion: 5,
      endpoints: [{ apiName: 'echo', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }], fn: ([text]) => [text] }],
    });
    const config = await getJson(`${server.url}/config`);
    const [dependency] = config['dependencies'] as { targets: [number, string][]; inputs: number[]; outputs: number[] }[];
    const components = config['components'] as { id: number; type: string }[];
    const trigger = components.find((component) => component.id === dependency?.targets[0]?.[0]);
    expect(trigger?.type).toBe('button');
    expect(dependency?.targets[0]?.[1]).toBe('click');
    expect(new Set([...(dependency?.inputs ?? []), ...(dependency?.outputs ?? []), trigger?.id]).size).toBe(3);
  });

  it('reports the configured root, title and max_file_size', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp(), root: 'https://owner-demo.hf.space/', title: 'Demo', maxFileSize: 1024 });
    const config = await getJson(`${server.url}/config`);
    expect(config).toMatchObject({ root: 'https://owner-demo.hf.space', title: 'Demo', max_file_size: 1024 });
  });

  it('de-duplicates api names like Gradio', async () => {
    const echo = { inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }], fn: ([text]: unknown[]) => [text] };
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: [{ apiName: 'model_chat', ...echo }, { apiName: 'model_chat', ...echo }] });
    const config = await getJson(`${server.url}/config`);
    expect((config['dependencies'] as { api_name: string }[]).map((dependency) => dependency.api_name)).toEqual(['model_chat', 'model_chat_1']);
  });
});

describe('GET {P}/info', () => {
  it('answers the chat app with the bytes of transcripts/config-and-info.txt', async () => {
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: chatApp() });
    const response = await fetch(`${server.url}/gradio_api/info`);
    expect(await response.text()).toBe(transcriptBody('config-and-info.txt', 2));
  });

  it('describes an image endpoint like real Gradio 5.49.1 (real/a02_get_info.txt)', async () => {
    server = await startFakeGradioServer({
      gradioVersion: 5,
      endpoints: [
        {
          apiName: 'generate',
          inputs: [
            { type: 'image', label: 'Image', parameterName: 'image' },
            { type: 'textbox', label: 'Question', parameterName: 'text' },
          ],
          outputs: [{ type: 'textbox', label: 'Answer' }],
          async *fn() {
            yield [''];
          },
        },
      ],
    });
    const response = await fetch(`${server.url}/gradio_api/info`);
    expect(await response.text()).toBe(realBody('a02_get_info.txt'));
  });

  it('gives a non-public endpoint show_api false on the 5 layout and leaves it out of /info', async () => {
    const echo = { inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }], fn: ([text]: unknown[]) => [text] };
    server = await startFakeGradioServer({ gradioVersion: 5, endpoints: [{ apiName: 'open', ...echo }, { apiName: 'internal', apiVisibility: 'private', ...echo }] });
    const config = await getJson(`${server.url}/config`);
    expect((config['dependencies'] as Record<string, unknown>[]).map((dependency) => [dependency['api_name'], dependency['show_api'], 'api_visibility' in dependency])).toEqual([
      ['open', true, false],
      ['internal', false, false],
    ]);
    const info = await getJson(`${server.url}/gradio_api/info`);
    expect(Object.keys(info['named_endpoints'] as object)).toEqual(['/open']);
  });

  it('names unlabelled parameters and returns after their component ids', async () => {
    server = await startFakeGradioServer({
      gradioVersion: 5,
      endpoints: [{ apiName: 'f', inputs: [{ type: 'number', id: 9 }], outputs: [{ type: 'markdown', id: 2 }], fn: () => [''] }],
    });
    const info = await getJson(`${server.url}/gradio_api/info`);
    const endpoint = (info['named_endpoints'] as Record<string, { parameters: { label: string }[]; returns: { label: string }[] }>)['/f'];
    expect(endpoint?.parameters[0]?.label).toBe('parameter_9');
    expect(endpoint?.returns[0]?.label).toBe('value_2');
  });
});
