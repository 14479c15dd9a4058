import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, merge, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ErrorEvent, gradio, type GradioEvent } from '../../src/index.js';
import { echo } from '../helpers/apps.js';
import { fastPolling, useFakeHub } from '../helpers/fakeHub.js';

const startHub = useFakeHub();

const events = (observable: import('rxjs').Observable<GradioEvent>) => lastValueFrom(observable.pipe(toArray()));
const terminal = (list: GradioEvent[]) => list[list.length - 1];

/** A server on 127.0.0.1 that answers every request with `answer`, for hubs that misbehave. */
let other: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (other === undefined ? resolve() : other.close(() => resolve())));
  other?.closeAllConnections();
  other = undefined;
});
async function startBrokenHub(status: number, contentType: string, body: string): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  other = createServer((request, response) => {
    paths.push(request.url ?? '');
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  });
  await new Promise<void>((resolve) => other!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(other.address() as AddressInfo).port}`, paths };
}

describe('looking a Space up through the hub', () => {
  it('finds the host the hub names, even one the subdomain rule would not guess', async () => {
    const hub = await startHub({ spaces: { 'owner/a-very-long-space-name': { app: { endpoints: [echo()] }, subdomain: 'owner-a-very-long-replica--gqf2x' } } });
    const app = gradio('owner/a-very-long-space-name', { hubUrl: hub.url });
    const list = await events(app.submit('/echo', ['hi']));
    expect(terminal(list)).toMatchObject({ type: 'completed', data: ['echo: hi'] });
    expect(hub.requests.map((request) => request.path)).toContain('/api/spaces/owner/a-very-long-space-name/host');
    expect(hub.space('owner/a-very-long-space-name').requests.map((request) => request.path)).toContain('/gradio_api/queue/join');
    app.close();
  });

  it('asks the hub once per app, whatever the number of jobs, concurrent or one after another', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] } } } });
    const app = gradio('owner/demo', { hubUrl: hub.url });
    const concurrent = await events(merge(app.submit('/echo', ['a']), app.submit('/echo', ['b']), app.call('/echo', ['c'])));
    expect(concurrent.filter((event) => event.type === 'completed')).toHaveLength(3);
    await events(app.submit('/echo', ['d']));
    const lookups = hub.requests.filter((request) => request.path.endsWith('/host'));
    expect(lookups).toHaveLength(1);
    // The runtime is read before the first config only: a running Space is not asked about again.
    expect(hub.requests.filter((request) => request.path === '/api/spaces/owner/demo')).toHaveLength(1);
    expect(hub.space('owner/demo').requests.filter((request) => request.path === '/config')).toHaveLength(1);
    app.close();
  });

  it('ends the job with space-not-found for a Space the hub does not know, saying it may be private', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] } } } });
    const list = await events(gradio('owner/missing', { hubUrl: hub.url }).submit('/echo', ['hi']));
    expect(list).toHaveLength(1);
    const error = (terminal(list) as ErrorEvent).error;
    expect(error.type).toBe('space-not-found');
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/owner\/missing does not exist or is private: pass a token/);
    expect(hub.space('owner/demo').requests).toHaveLength(0);
  });

  it('tries the lookup again for the next job after it failed', async () => {
    const hub = await startHub({ spaces: { 'owner/demo': { app: { endpoints: [echo()] }, private: true, token: 'hf_right' } } });
    const app = gradio('owner/demo', { hubUrl: hub.url });
    expect(terminal(await events(app.submit('/echo', ['hi'])))).toMatchObject({ type: 'error', error: { type: 'space-not-found' } });
    expect(terminal(await events(app.submit('/echo', ['hi'])))).toMatchObject({ type: 'error', error: { type: 'space-not-found' } });
    expect(hub.requests.filter((request) => request.path.endsWith('/host'))).toHaveLength(2);
  });

  it.each([
    ['a 500 page', 'http', 500, 'text/html', '<html><title>500 Internal Server Error</title></html>'],
    ['a 503 answer', 'http', 503, 'application/json', '{"error":"down"}'],
    ['HTML instead of JSON', 'protocol', 200, 'text/html', '<!doctype html><html><body>Hugging Face</body></html>'],
    ['JSON without a host', 'protocol', 200, 'application/json', '{"subdomain":"owner-demo"}'],
    ['a host that is not a URL', 'protocol', 200, 'application/json', '{"host":"javascript:alert(1)"}'],
  ])('turns a hub answering %s into a typed %s error, without guessing a host', async (_name, type, status, contentType, body) => {
    const broken = await startBrokenHub(status, contentType, body);
    const requested: string[] = [];
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      requested.push(new Request(input).url);
      return globalThis.fetch(input, init);
    };
    const list = await events(gradio('owner/demo', { hubUrl: broken.url, fetch }).submit('/echo', ['hi']));
    expect(list).toHaveLength(1);
    const error = (terminal(list) as ErrorEvent).error;
    expect(error.type).toBe(type);
    expect(error.message).toMatch(/hub/i);
    // A hub that answers is never second-guessed by the subdomain rule.
    expect(requested.every((url) => url.startsWith(broken.url))).toBe(true);
  });

  it.each([
    ['a 502 page', 502, 'text/html', '<html><title>502 Bad Gateway</title></html>', 'http'],
    ['JSON without a runtime', 200, 'application/json', '{"id":"owner/demo"}', 'protocol'],
  ])('ends the job with a typed error when the hub answers the runtime read with %s', async (_name, status, contentType, body, type) => {
    const paths: string[] = [];
    other = createServer((request, response) => {
      paths.push(request.url ?? '');
      if (request.url?.endsWith('/host')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ subdomain: 'owner-demo', host: 'http://127.0.0.1:9' }));
        return;
      }
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    });
    await new Promise<void>((resolve) => other!.listen(0, '127.0.0.1', resolve));
    const hubUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const list = await events(gradio('owner/demo', { hubUrl }).submit('/echo', ['hi']));
    expect(list).toHaveLength(1);
    expect((list[0] as ErrorEvent).error).toMatchObject({ type, endpoint: 'hub' });
    expect(paths).toEqual(['/api/spaces/owner/demo/host', '/api/spaces/owner/demo']);
  });

  it('falls back to the subdomain rule when the hub cannot be reached at all', async () => {
    const closed = await startBrokenHub(200, 'text/plain', '');
    await new Promise<void>((resolve) => other!.close(() => resolve()));
    other = undefined;
    const requested: string[] = [];
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new Request(input).url;
      requested.push(url);
      // Nothing here may reach the internet: the guessed host is refused like a dead network.
      if (!url.startsWith('http://127.0.0.1')) return Promise.reject(new TypeError('fetch failed'));
      return globalThis.fetch(input, init);
    };
    const list = await events(gradio('Owner/My_Space.v2', { hubUrl: closed.url, fetch, wakePolling: fastPolling }).submit('/echo', ['hi']));
    expect(requested).toContain('https://owner-my-space-v2.hf.space/config');
    expect(terminal(list)).toMatchObject({ type: 'error', error: { type: 'network' } });
  });
});
