import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, merge, type Observable, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gradio, type GradioEvent, zeroGpuHeaders } from '../../src/index.js';
import type { RecordedRequest } from '../../src/testing/index.js';
import { echo, slow } from '../helpers/apps.js';
import { useFakeHub } from '../helpers/fakeHub.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const startHub = useFakeHub();
const startServer = useFakeServer();
const events = (observable: Observable<GradioEvent>) => lastValueFrom(observable.pipe(toArray()));
const joinsOf = (requests: RecordedRequest[]) => requests.filter((request) => request.path.endsWith('/queue/join'));

describe('per-job headers', () => {
  it('reach only their own job\'s join, not its stream, not the config, not the other jobs', async () => {
    const server = await startServer({ endpoints: [echo(), slow({ ms: 30, tickMs: 10 })] });
    const app = gradio(server.url);
    await events(
      merge(
        app.submit('/echo', ['a'], { headers: { 'x-ip-token': 'visitor-a' } }),
        app.submit('/slow', ['b'], { headers: { 'x-ip-token': 'visitor-b' } }),
        app.submit('/echo', ['c']),
      ),
    );
    const joins = joinsOf(server.requests);
    const tokenOf = (input: string) => joins.find((join) => (join.body as { data: unknown[] }).data[0] === input)?.headers['x-ip-token'];
    expect([tokenOf('a'), tokenOf('b'), tokenOf('c')]).toEqual(['visitor-a', 'visitor-b', undefined]);
    const others = server.requests.filter((request) => !request.path.endsWith('/queue/join'));
    expect(others.length).toBeGreaterThan(0);
    expect(others.some((request) => 'x-ip-token' in request.headers)).toBe(false);
    app.close();
  });

  it('reach the /call POST of call() and the join of predict()', async () => {
    const server = await startServer({ endpoints: [echo()] });
    const app = gradio(server.url);
    await events(app.call('/echo', ['x'], { headers: { 'x-ip-token': 'for-call' } }));
    await lastValueFrom(app.predict('/echo', ['y'], { headers: { 'x-ip-token': 'for-predict' } }));
    const callPost = server.requests.find((request) => request.method === 'POST' && request.path === '/gradio_api/call/echo');
    const callStream = server.requests.find((request) => request.method === 'GET' && request.path.startsWith('/gradio_api/call/echo/'));
    expect(callPost?.headers['x-ip-token']).toBe('for-call');
    expect(callStream?.headers['x-ip-token']).toBeUndefined();
    expect(joinsOf(server.requests)[0]?.headers['x-ip-token']).toBe('for-predict');
    app.close();
  });

  it('reach a Space behind the fake edge beside the token, which they cannot replace', async () => {
    const hub = await startHub({ spaces: { 'owner/zero': { app: { endpoints: [echo()] } } } });
    const app = gradio('owner/zero', { hubUrl: hub.url, token: 'hf_token' });
    await events(app.submit('/echo', ['hi'], { headers: { 'x-ip-token': 'visitor', 'x-hf-authorization': 'Bearer forged' } }));
    const join = joinsOf(hub.space('owner/zero').app!.requests)[0];
    expect(join?.headers['x-ip-token']).toBe('visitor');
    const edgeJoin = hub.space('owner/zero').requests.find((request) => request.path.endsWith('/queue/join'));
    expect(edgeJoin?.headers['x-hf-authorization']).toBe('Bearer hf_token');
    expect(hub.requests.some((request) => 'x-ip-token' in request.headers)).toBe(false);
    app.close();
  });
});

describe('zeroGpuHeaders', () => {
  it('picks x-ip-token out of a Node IncomingMessage', async () => {
    let picked: Record<string, string> | undefined;
    const server = createServer((request: IncomingMessage, response) => {
      picked = zeroGpuHeaders(request);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, { headers: { 'X-IP-Token': 'jwt.from.hf', 'x-other': 'no' } });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(picked).toEqual({ 'x-ip-token': 'jwt.from.hf' });
  });

  it('picks x-ip-token out of a web Request and out of Headers', () => {
    const request = new Request('http://127.0.0.1/', { headers: { 'x-ip-token': 'jwt.web', cookie: 'secret=1' } });
    expect(zeroGpuHeaders(request)).toEqual({ 'x-ip-token': 'jwt.web' });
    expect(zeroGpuHeaders(request.headers)).toEqual({ 'x-ip-token': 'jwt.web' });
  });

  it('picks x-ip-token out of a plain object whatever its case, taking the first of repeated values', () => {
    expect(zeroGpuHeaders({ 'X-Ip-Token': 'jwt.plain', authorization: 'Bearer hf' })).toEqual({ 'x-ip-token': 'jwt.plain' });
    expect(zeroGpuHeaders({ headers: { 'x-ip-token': ['first', 'second'] } })).toEqual({ 'x-ip-token': 'first' });
  });

  it('reads headers of another fetch implementation by their shape', () => {
    const foreign = { get: (name: string) => (name === 'x-ip-token' ? 'jwt.foreign' : null), has: (name: string) => name === 'x-ip-token' };
    expect(zeroGpuHeaders({ headers: foreign as unknown as Headers })).toEqual({ 'x-ip-token': 'jwt.foreign' });
  });

  it('invents nothing when the request has no identity', () => {
    expect(zeroGpuHeaders({})).toEqual({});
    expect(zeroGpuHeaders(new Request('http://127.0.0.1/'))).toEqual({});
    expect(zeroGpuHeaders({ 'x-ip-token': '' })).toEqual({});
  });
});
