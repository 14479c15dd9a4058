import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ErrorEvent, gradio, type GradioEvent } from '../../src/index.js';
import { CredentialRoutes, headerRecord } from '../../src/transport/credentials.js';
import { Http } from '../../src/transport/http.js';
import { echo, imageReader, slow } from '../helpers/apps.js';
import { fastPolling, useFakeHub } from '../helpers/fakeHub.js';

const startHub = useFakeHub();
const token = 'hf_route_secret';
const events = (observable: Observable<GradioEvent>) => lastValueFrom(observable.pipe(toArray()));

/** A fetch that sends requests for the Space's real host name to the fake edge serving it. */
function viaEdge(hostname: string, edgeUrl: string): typeof globalThis.fetch {
  const edge = new URL(edgeUrl);
  return (input, init) => {
    const url = new URL(new Request(input).url);
    if (url.hostname === hostname) return globalThis.fetch(`${edge.origin}${url.pathname}${url.search}`, init);
    return globalThis.fetch(input, init);
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  })));
});

/** A plain server on 127.0.0.1 that records the headers it receives and answers `answer`. */
async function recordingServer(answer: (url: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    const { status, headers = {}, body = '' } = answer(request.url ?? '/');
    response.writeHead(status, headers);
    response.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('where the token goes', () => {
  it('goes to the hub as Authorization and to the Space host as X-HF-Authorization only, so the app never sees it', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo(), imageReader()] }, stages: ['SLEEPING', 'RUNNING'] } } });
    const app = gradio('owner/demo', { hubUrl: hub.url, token, wakePolling: fastPolling });
    expect((await events(app.submit('/echo', ['hi']))).at(-1)?.type).toBe('completed');
    expect((await events(app.call('/echo', ['hi']))).at(-1)?.type).toBe('completed');
    const png = new Blob([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], { type: 'image/png' });
    expect((await events(app.submit('/describe', [png, 'what?']))).at(-1)?.type).toBe('completed');
    app.close();

    expect(hub.requests.length).toBeGreaterThanOrEqual(2);
    for (const request of hub.requests) {
      expect(request.headers['authorization']).toBe(`Bearer ${token}`);
      expect(request.headers['x-hf-authorization']).toBeUndefined();
    }
    const edge = hub.space('owner/demo').requests;
    // Config, join, stream, call, upload: every kind of request carried it.
    expect(new Set(edge.map((request) => request.path.replace(/\/call\/echo\/\w+$/, '/call/echo/{id}')))).toEqual(
      new Set(['/config', '/gradio_api/queue/join', '/gradio_api/queue/data', '/gradio_api/call/echo', '/gradio_api/call/echo/{id}', '/gradio_api/upload']),
    );
    for (const request of edge) {
      expect(request.headers['x-hf-authorization']).toBe(`Bearer ${token}`);
      expect(request.headers['authorization']).toBeUndefined();
    }
    const behindEdge = hub.space('owner/demo').app!.requests;
    expect(behindEdge.length).toBeGreaterThan(0);
    for (const request of behindEdge) {
      expect(JSON.stringify(request.headers)).not.toContain(token);
    }
  });

  it('goes as X-HF-Authorization with the cancel of an unsubscribed job too', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [slow({ ms: 5_000, tickMs: 10 })] } } } });
    const app = gradio('owner/demo', { hubUrl: hub.url, token });
    const seen: GradioEvent[] = [];
    const subscription = app.submit('/slow', ['x']).subscribe((event) => seen.push(event));
    while (!seen.some((event) => event.type === 'generating')) await new Promise((resolve) => setTimeout(resolve, 5));
    subscription.unsubscribe();
    const edge = hub.space('owner/demo').requests;
    while (!edge.some((request) => request.path === '/gradio_api/cancel')) await new Promise((resolve) => setTimeout(resolve, 5));
    const cancel = edge.find((request) => request.path === '/gradio_api/cancel')!;
    expect(cancel.headers['x-hf-authorization']).toBe(`Bearer ${token}`);
    expect(cancel.headers['authorization']).toBeUndefined();
    app.close();
  });

  it('goes as X-HF-Authorization to a *.hf.space URL given directly', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] } } } });
    const fetch = viaEdge('owner-demo.hf.space', hub.space('owner/demo').url);
    const app = gradio('https://owner-demo.hf.space', { hubUrl: hub.url, token, fetch });
    expect((await events(app.submit('/echo', ['hi']))).at(-1)?.type).toBe('completed');
    app.close();
    const requests = hub.space('owner/demo').requests;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((request) => request.headers['x-hf-authorization'] === `Bearer ${token}` && request.headers['authorization'] === undefined)).toBe(true);
    // A running Space reached by its URL needs no hub at all.
    expect(hub.requests).toHaveLength(0);
  });

  it('finds the id of a *.hf.space URL through the hub when its edge answers with an error page, and wakes it', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, stages: ['SLEEPING', 'BUILDING', 'RUNNING'] } } });
    const fetch = viaEdge('owner-demo.hf.space', hub.space('owner/demo').url);
    const app = gradio('https://owner-demo.hf.space', { hubUrl: hub.url, token, fetch, wakePolling: fastPolling });
    const list = await events(app.submit('/echo', ['hi']));
    expect(list.flatMap((event) => (event.type === 'space-status' ? [event.stage] : []))).toEqual(['building', 'running']);
    expect(list.at(-1)?.type).toBe('completed');
    expect(hub.requests[0]?.path).toBe('/api/spaces/by-subdomain/owner-demo');
    app.close();
  });

  it('goes as Authorization to a self-hosted root, and to no other origin across a redirect', async () => {
    const elsewhere = await recordingServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }));
    const home = await recordingServer(() => ({ status: 302, headers: { location: `${elsewhere.url}/landing` } }));
    const routes = new CredentialRoutes(token, { 'x-app': 'home-only' });
    routes.allow(home.url, 'authorization', { appHeaders: true });
    const http = new Http({ routes, timeoutMs: 5_000 });
    expect(await http.json('GET', `${home.url}/start`, undefined, { headers: { 'x-ip-token': 'visitor' } })).toEqual({ ok: true });
    expect(home.seen[0]?.['authorization']).toBe(`Bearer ${token}`);
    expect(home.seen[0]?.['x-app']).toBe('home-only');
    expect(home.seen[0]?.['x-hf-authorization']).toBeUndefined();
    expect(home.seen[0]?.['x-ip-token']).toBe('visitor');
    const leaked = Object.keys(elsewhere.seen[0] ?? {}).filter((name) => /authorization|x-app|x-ip-token|cookie/.test(name));
    expect(leaked).toEqual([]);
  });

  it('goes to a Space host as X-HF-Authorization even when the caller set Authorization itself', () => {
    const routes = new CredentialRoutes(token);
    routes.allow('https://owner-demo.hf.space', 'x-hf-authorization', { appHeaders: true });
    const headers = headerRecord({ Authorization: 'Bearer something-else' });
    routes.apply('https://owner-demo.hf.space/config', headers);
    expect(headers).toEqual({ 'x-hf-authorization': `Bearer ${token}` });
  });

  it('never goes to the hub with the app headers, nor anywhere inside a message', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, private: true, token: 'hf_other' } } });
    const list = await events(gradio('owner/demo', { hubUrl: hub.url, token, headers: { 'x-app': 'space-only' } }).submit('/echo', ['hi']));
    const error = (list.at(-1) as ErrorEvent).error;
    expect(hub.requests[0]?.headers['x-app']).toBeUndefined();
    expect(`${error.message} ${String((error.cause as Error | undefined)?.message)}`).not.toContain(token);
  });
});

describe('private Spaces', () => {
  it('works with the token that can read it', async () => {
    const hub = await startHub({ spaces: { 'owner/private': { app: { endpoints: [echo()] }, private: true, token } } });
    const list = await events(gradio('owner/private', { hubUrl: hub.url, token }).submit('/echo', ['hi']));
    expect(list.at(-1)).toMatchObject({ type: 'completed', data: ['echo: hi'] });
  });

  it.each([
    ['without a token', undefined],
    ['with a wrong token', 'hf_wrong'],
  ])('is space-not-found %s, with a message that asks for a token, and its edge is never asked', async (_name, given) => {
    const hub = await startHub({ spaces: { 'owner/private': { app: { endpoints: [echo()] }, private: true, token } } });
    const list = await events(gradio('owner/private', { hubUrl: hub.url, ...(given === undefined ? {} : { token: given }) }).submit('/echo', ['hi']));
    expect(list).toHaveLength(1);
    const error = (list[0] as ErrorEvent).error;
    expect(error).toMatchObject({ type: 'space-not-found', status: 401 });
    expect(error.message).toMatch(/private: pass a token/);
    expect(hub.space('owner/private').requests).toHaveLength(0);
  });
});
