import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gradio } from '../../src/index.js';
import { createFakeHub, startFakeGradioServer } from '../../src/testing/index.js';
import { echo } from '../helpers/apps.js';
import { useFakeHub } from '../helpers/fakeHub.js';
import { specFixtures } from '../helpers/fixturePaths.js';

/** The JSON bodies of spec/transcripts/hf-api-host-and-runtime.txt, in order. */
function transcriptBodies(): unknown[] {
  const text = readFileSync(fileURLToPath(new URL('transcripts/hf-api-host-and-runtime.txt', specFixtures)), 'utf8');
  return text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as unknown);
}

const startHub = useFakeHub();

describe('startFakeHub: the hub API', () => {
  it('answers /host and /api/spaces/{id} in the shapes of the transcript', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['SLEEPING'] } } });
    const host = await (await fetch(`${hub.url}/api/spaces/owner/demo/host`, { headers: { authorization: 'Bearer hf_xxx' } })).json();
    expect(host).toEqual({ subdomain: 'owner-demo', host: hub.space('owner/demo').url });
    const info = (await (await fetch(`${hub.url}/api/spaces/owner/demo`)).json()) as { id: string; runtime: Record<string, unknown> };
    const [capturedHost, captured] = transcriptBodies() as [object, { id: string; runtime: Record<string, unknown> }];
    expect(Object.keys(host as object)).toEqual(Object.keys(capturedHost));
    expect(Object.keys(info)).toEqual(Object.keys(captured));
    expect(Object.keys(info.runtime)).toEqual(Object.keys(captured.runtime));
    expect(info).toMatchObject({ id: 'owner/demo', runtime: { stage: 'SLEEPING', domains: [{ domain: 'owner-demo.hf.space', isCustom: false, stage: 'READY' }] } });
    const runtime = await (await fetch(`${hub.url}/api/spaces/owner/demo/runtime`)).json();
    expect(runtime).toMatchObject({ stage: 'SLEEPING' });
    const bySubdomain = await (await fetch(`${hub.url}/api/spaces/by-subdomain/owner-demo`)).json();
    expect(bySubdomain).toMatchObject({ id: 'owner/demo', runtime: { stage: 'SLEEPING' } });
  });

  it('answers 404 for an unknown Space and 401 for a private one without its token, as the transcript does', async () => {
    const hub = await startHub({ spaces: { 'owner/private-demo': { app: { endpoints: [echo()] }, private: true, token: 'hf_xxx' } } });
    const missing = await fetch(`${hub.url}/api/spaces/owner/nothing/host`);
    expect(missing.status).toBe(404);
    const refused = await fetch(`${hub.url}/api/spaces/owner/private-demo/host`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'Invalid username or password.' });
    const allowed = await fetch(`${hub.url}/api/spaces/owner/private-demo/host`, { headers: { authorization: 'Bearer hf_xxx' } });
    expect(allowed.status).toBe(200);
  });

  it('moves building and starting stages one step per report, and keeps the last stage', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['BUILDING', 'APP_STARTING', 'RUNNING'] } } });
    const stages: unknown[] = [];
    for (let read = 0; read < 4; read++) stages.push(((await (await fetch(`${hub.url}/api/spaces/owner/demo`)).json()) as { runtime: { stage: string } }).runtime.stage);
    expect(stages).toEqual(['BUILDING', 'APP_STARTING', 'RUNNING', 'RUNNING']);
  });
});

describe('startFakeHub: the edge of a Space', () => {
  it('answers an HTML 503 page while the Space sleeps, and that traffic wakes it', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['SLEEPING', 'BUILDING', 'RUNNING'] } } });
    const space = hub.space('owner/demo');
    const page = await fetch(`${space.url}/config`);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<html>/);
    expect(space.stage).toBe('BUILDING');
    expect((await fetch(`${space.url}/config`)).status).toBe(503);
    space.setStages('RUNNING');
    const config = await fetch(`${space.url}/config`);
    expect(config.status).toBe(200);
    expect(space.app!.requests.map((request) => request.path)).toEqual(['/config']);
  });

  it('refuses a private Space without its token, and consumes X-HF-Authorization before the app sees the request', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, private: true, token: 'hf_edge' } } });
    const space = hub.space('owner/demo');
    expect((await fetch(`${space.url}/config`)).status).toBe(404);
    expect((await fetch(`${space.url}/config`, { headers: { 'x-hf-authorization': 'Bearer hf_wrong' } })).status).toBe(404);
    expect((await fetch(`${space.url}/config`, { headers: { 'x-hf-authorization': 'Bearer hf_edge' } })).status).toBe(200);
    expect((await fetch(`${space.url}/config`, { headers: { authorization: 'Bearer hf_edge' } })).status).toBe(200);
    const seen = space.app!.requests.map((request) => [request.headers['x-hf-authorization'], request.headers['authorization']]);
    // Like the Spaces proxy: X-HF-Authorization is consumed, plain Authorization reaches the app.
    expect(seen).toEqual([
      [undefined, undefined],
      [undefined, 'Bearer hf_edge'],
    ]);
  });

  it('forwards to an app running elsewhere when the Space is given a url', async () => {
    const server = await startFakeGradioServer({ endpoints: [echo()] });
    try {
      const hub = await startHub({ spaces: { 'owner/remote': { url: server.url } } });
      const response = await fetch(`${hub.space('owner/remote').url}/config`, { headers: { 'x-hf-authorization': 'Bearer hf_x' } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { dependencies: unknown[] }).dependencies).toHaveLength(1);
      expect(server.requests[0]?.headers['x-hf-authorization']).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});

describe('createFakeHub: the same hub as a fetch, with real host names', () => {
  it('lets gradio() look a Space up at https://huggingface.co and wake it at https://{subdomain}.hf.space, tokens routed as on Hugging Face', async () => {
    const hub = createFakeHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['SLEEPING', 'RUNNING'] } } });
    const app = gradio('owner/demo', { fetch: hub, token: 'hf_fetch', wakePolling: { initialMs: 5, maxMs: 10 } });
    const events = await lastValueFrom(app.submit('/echo', ['hi']).pipe(toArray()));
    expect(events.flatMap((event) => (event.type === 'space-status' ? [event.stage] : []))).toEqual(['sleeping', 'running']);
    expect(events.at(-1)).toMatchObject({ type: 'completed', data: ['echo: hi'] });
    expect(hub.url).toBe('https://huggingface.co');
    expect(hub.space('owner/demo').url).toBe('https://owner-demo.hf.space');
    expect(hub.requests.every((request) => request.headers['authorization'] === 'Bearer hf_fetch')).toBe(true);
    const edge = hub.space('owner/demo').requests;
    expect(edge.every((request) => request.headers['x-hf-authorization'] === 'Bearer hf_fetch' && !('authorization' in request.headers))).toBe(true);
    app.close();
    hub.close();
  });

  it('fails like an unreachable host for any origin it does not serve', async () => {
    const hub = createFakeHub({ spaces: {} });
    await expect(hub('https://example.com/config')).rejects.toThrow(TypeError);
  });
});
