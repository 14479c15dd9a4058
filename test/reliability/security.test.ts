/**
 * Security, end to end over real sockets (protocol spec §9.4): the token goes only to the origin
 * the app was created with, only in the Authorization header, and never into a URL, a request
 * body, an event, an error or a log — checked on every request received by the fake server and
 * by a second, "foreign" server that the app is lured towards (a /config `root`, redirects,
 * file URLs in outputs). And inputs the SDK cannot send fail early, with typed errors.
 * test/transport/http.test.ts covers the HTTP edge alone; this suite drives whole jobs.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { firstValueFrom, lastValueFrom, type Observable, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gradio, type GradioEvent, isGradioError } from '../../src/index.js';
import type { FileData } from '../../src/protocol.js';
import { type FakeEndpoint, type FakeGradioOptions, type FakeGradioServer, startFakeGradioServer } from '../../src/testing/index.js';
import { crash, echo, imageReader, quota, slow, until } from '../helpers/apps.js';
import { SideEffects } from './harness.js';

const token = 'hf_RELIABILITYsecretTOKEN42';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A plain server on another origin that records everything it receives. */
async function startForeign(answer: (url: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (text: string) => (body += text));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const { status, headers, body: answerBody } = answer(request.url ?? '');
      response.writeHead(status, headers);
      response.end(answerBody ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

/** Returns a file the server creates (its url is filled in from the /config root) and one on another host. */
function fileMaker(foreignUrl: () => string): FakeEndpoint {
  return {
    apiName: 'make_file',
    inputs: [{ type: 'textbox', label: 'Name' }],
    outputs: [{ type: 'file', label: 'Made' }, { type: 'file', label: 'Elsewhere' }],
    concurrencyLimit: null,
    fn: ([name], ctx) => {
      const made = ctx.createFile(new TextEncoder().encode('hello'), `${String(name)}.txt`, 'text/plain');
      const elsewhere: FileData = { ...made, url: `${foreignUrl()}/elsewhere/${String(name)}.txt` };
      return [made, elsewhere];
    },
  };
}

const all = <T>(observable: Observable<T>) => lastValueFrom(observable.pipe(toArray()));

/** Everything an error carries, as a log line with the full cause chain would show it. */
const shown = (value: unknown) => inspect(value, { depth: 12, showHidden: false });

const effects = new SideEffects();
let fake: FakeGradioServer | undefined;
let foreign: Awaited<ReturnType<typeof startForeign>> | undefined;
beforeEach(() => effects.install());
afterEach(async () => {
  effects.uninstall();
  await fake?.close();
  if (foreign !== undefined) await new Promise((resolve) => foreign!.server.close(resolve));
  fake = undefined;
  foreign = undefined;
});

async function startFake(options: Partial<FakeGradioOptions>): Promise<FakeGradioServer> {
  fake = await startFakeGradioServer({ endpoints: [echo()], ...options });
  return fake;
}

describe('the token', () => {
  it('reaches only the app origin, only in the Authorization header, through every kind of request', async () => {
    foreign = await startForeign(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }));
    const foreignUrl = foreign.url;
    // The /config names the foreign origin as its root, so the server's file URLs point there.
    const server = await startFake({ token, root: foreignUrl, endpoints: [echo(), fileMaker(() => foreignUrl), imageReader(), slow({ tickMs: 10 })] });
    const app = gradio(server.url, { token });
    const events: GradioEvent[] = [];

    events.push(...(await all(app.submit('/echo', ['queue']))));
    events.push(...(await all(app.call('/echo', ['call']))));
    events.push(...(await all(app.submit('/make_file', ['report']))));
    events.push(...(await all(app.call('/make_file', ['report2']))));
    events.push(...(await all(app.submit('/describe', [new File([new Uint8Array([1, 2, 3])], 'a.png', { type: 'image/png' }), 'what?']))));
    await firstValueFrom(app.upload([new Blob(['bytes'])]));
    await firstValueFrom(app.info());
    // A cancelled job: the /cancel request is checked too.
    const cancelled = app.submit('/slow', ['x']).subscribe((event) => events.push(event));
    await until(() => events.some((event) => event.type === 'generating' && event.data[0] !== 'queue'));
    cancelled.unsubscribe();
    await until(() => server.requests.some((request) => request.path.endsWith('/cancel')));

    // The outputs really name the foreign origin (otherwise this proves nothing)...
    const completed = events.filter((event) => event.type === 'completed');
    expect(JSON.stringify(completed)).toContain(`${foreignUrl}/gradio_api/file=`);
    expect(JSON.stringify(completed)).toContain(`${foreignUrl}/elsewhere/report.txt`);
    // ...and yet nothing ever went there: not to the config root, not to a file URL.
    expect(foreign.seen).toEqual([]);
    for (const request of server.requests) {
      expect(request.headers['authorization']).toBe(`Bearer ${token}`);
      const elsewhere = { ...request, headers: { ...request.headers, authorization: undefined } };
      expect(JSON.stringify(elsewhere)).not.toContain(token);
    }
    expect(new Set(server.requests.map((request) => request.path.replace(/\/[0-9a-f]{32}$/, '/<event>')))).toEqual(
      new Set(['/config', '/gradio_api/info', '/gradio_api/queue/join', '/gradio_api/queue/data', '/gradio_api/call/echo', '/gradio_api/call/echo/<event>', '/gradio_api/call/make_file', '/gradio_api/call/make_file/<event>', '/gradio_api/upload', '/gradio_api/cancel']),
    );
    expect(JSON.stringify(events)).not.toContain(token);
    expect(effects.printed).toEqual([]);
  });

  it('is not sent to another origin that /config or the join redirects to', async () => {
    foreign = await startForeign((url) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: url.startsWith('/config') ? '{"dependencies":[]}' : '{"event_id":"0123456789abcdef0123456789abcdef"}' }));
    await startFake({ token, faults: { redirect: { on: 'config', to: foreign.url, status: 302 } } });
    const configError = await firstValueFrom(gradio(fake!.url, { token }).config()).catch((error: unknown) => error);
    await fake!.close();
    await startFake({ token, faults: { redirect: { on: 'queue/join', to: foreign.url, status: 307 } } });
    const [joinEnd] = (await all(gradio(fake!.url, { token }).submit('/echo', ['followed']))).slice(-1);

    expect(foreign.seen.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /config', 'POST /gradio_api/queue/join']);
    for (const request of foreign.seen) {
      expect(request.headers['authorization']).toBeUndefined();
      expect(JSON.stringify(request)).not.toContain(token);
    }
    // A 307 keeps the method and the body; the credentials stay home.
    expect(JSON.parse(foreign.seen[1]!.body)).toMatchObject({ data: ['followed'] });
    expect(shown(configError)).not.toContain(token);
    expect(shown(joinEnd)).not.toContain(token);
  });

  it('never appears in the error of any failure the SDK reports', async () => {
    foreign = await startForeign(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html><title>Not Gradio</title></html>' }));
    const closed = await startForeign(() => ({ status: 200 }));
    await new Promise((resolve) => closed.server.close(resolve));
    const errors: unknown[] = [];
    const endOf = async (job: Observable<GradioEvent>) => {
      const last = (await all(job)).at(-1);
      return last?.type === 'error' || last?.type === 'gpu-quota-error' ? last.error : last;
    };
    const withFake = async (options: Partial<FakeGradioOptions>, run: (url: string) => Promise<unknown>) => {
      const server = await startFake({ token, ...options });
      errors.push(await run(server.url));
      await server.close();
      fake = undefined;
    };

    await withFake({}, (url) => firstValueFrom(gradio(url, { token: 'hf_wrongTOKENvalue' }).config()).catch((e: unknown) => e));
    await withFake({ endpoints: [slow({ tickMs: 10_000 })], heartbeatMs: 60_000 }, (url) => endOf(gradio(url, { token, idleTimeoutMs: 200 }).submit('/slow', ['x'])));
    await withFake({ faults: { htmlErrorPage: { status: 502, on: 'queue/join' } } }, (url) => endOf(gradio(url, { token }).submit('/echo', ['x'])));
    await withFake({ faults: { rateLimit: { retryAfter: '3', on: 'queue/join' } } }, (url) => endOf(gradio(url, { token }).submit('/echo', ['x'])));
    await withFake({ maxQueueSize: 0 }, (url) => endOf(gradio(url, { token }).submit('/echo', ['x'])));
    await withFake({ showError: true, endpoints: [crash()] }, (url) => endOf(gradio(url, { token }).submit('/crash', ['x'])));
    await withFake({ endpoints: [quota()] }, (url) => endOf(gradio(url, { token }).submit('/infer', ['x'])));
    await withFake({ maxFileSize: 4, endpoints: [imageReader()] }, (url) => endOf(gradio(url, { token }).submit('/describe', [new Blob(['too large']), 'q'])));
    await withFake({}, (url) => endOf(gradio(url, { token }).submit('/nope', ['x'])));
    await withFake({}, (url) => endOf(gradio(url, { token }).submit(99, ['x'])));
    await withFake({ faults: { serverStopped: true } }, (url) => endOf(gradio(url, { token }).submit('/echo', ['x'])));
    await withFake({ faults: { resetMidStream: { on: 'call/stream', afterMessages: 0 } } }, (url) => endOf(gradio(url, { token }).call('/echo', ['x'])));
    await withFake({}, (url) => endOf(gradio(url, { token }).submit('/echo', [10n])));
    errors.push(await firstValueFrom(gradio(foreign.url, { token }).config()).catch((e: unknown) => e));
    errors.push(await endOf(gradio(closed.url, { token }).submit('/echo', ['x'])));
    errors.push(await endOf(gradio(`http://user:${token}@127.0.0.1:1/`).submit('/echo', ['x'])));

    const types = errors.map((error) => (isGradioError(error) ? error.type : `not a GradioError: ${shown(error)}`));
    expect(types).toEqual(['auth', 'timeout', 'space-unavailable', 'rate-limited', 'queue-full', 'app', 'gpu-quota', 'upload', 'endpoint-not-found', 'endpoint-not-found', 'session-lost', 'network', 'invalid-input', 'protocol', 'network', 'invalid-input']);
    for (const error of errors) expect(shown(error)).not.toContain(token);
    expect(shown(errors[0])).not.toContain('hf_wrongTOKENvalue');
    expect(effects.printed).toEqual([]);
  });
});

describe('inputs the SDK cannot send', () => {
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic['self'] = cyclic;
  const unsendable: [string, unknown][] = [
    ['a BigInt', 10n],
    ['a cyclic object', cyclic],
    ['a function', () => 'hi'],
    ['a symbol', Symbol('s')],
    ['NaN', Number.NaN],
    ['Infinity nested in an object', { temperature: Number.POSITIVE_INFINITY }],
  ];

  it.each(unsendable)('end the job with invalid-input before anything is sent when an input is %s', async (_name, value) => {
    const server = await startFake({});
    const app = gradio(server.url);
    const viaQueue = await all(app.submit('/echo', [value]));
    const viaCall = await all(app.call('/echo', [value]));
    for (const events of [viaQueue, viaCall]) {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'error', error: { type: 'invalid-input', endpoint: '/echo' } });
    }
    await expect(firstValueFrom(app.predict('/echo', [value]))).rejects.toMatchObject({ type: 'invalid-input' });
    expect(server.requests.filter((request) => request.method === 'POST')).toEqual([]);
    expect(effects.unhandled).toEqual([]);
  });

  it('end the job with an upload error, before any byte is sent, when a file is over max_file_size', async () => {
    const server = await startFake({ maxFileSize: 1_000, endpoints: [imageReader()] });
    const app = gradio(server.url);
    const big = new File([new Uint8Array(1_001)], 'big.png', { type: 'image/png' });
    const small = new File([new Uint8Array(10)], 'small.png', { type: 'image/png' });
    const events = await all(app.submit('/describe', [big, 'q']));
    expect(events.map((event) => event.type)).toEqual(['uploading', 'error']);
    const last = events[1];
    expect(last?.type === 'error' && last.error.type).toBe('upload');
    expect(last?.type === 'error' && last.error.message).toMatch(/"big\.png" \(1001 bytes\).*|1000 bytes/);
    const viaCall = (await all(app.call('/describe', [small, big]))).at(-1);
    expect(viaCall).toMatchObject({ type: 'error', error: { type: 'upload' } });
    await expect(firstValueFrom(app.upload([big]))).rejects.toMatchObject({ type: 'upload' });
    expect(server.requests.filter((request) => request.path.endsWith('/upload'))).toEqual([]);
    expect(server.requests.filter((request) => request.method === 'POST')).toEqual([]);
  });
});

describe('a malformed source URL', () => {
  const sources = ['', '   ', 'not a url', 'http://', 'ftp://example.com/app', 'javascript:alert(1)', 'file:///etc/passwd', '//no-scheme.example', 'http://user:hf_inURLsecret@127.0.0.1:7860/'];

  it.each(sources)('gives an invalid-input error at subscribe time, and gradio() does not throw, for %j', async (source) => {
    const requests: string[] = [];
    const fetch = (input: RequestInfo | URL) => {
      requests.push(String(input));
      return Promise.reject(new Error('nothing may be fetched'));
    };
    const app = gradio(source, { fetch, token });
    const events = await all(app.submit('/echo', ['x']));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { type: 'invalid-input' } });
    const error = (events[0] as Extract<GradioEvent, { type: 'error' }>).error;
    expect(error.message).toMatch(/as a Gradio app/);
    await expect(firstValueFrom(app.config())).rejects.toMatchObject({ type: 'invalid-input' });
    await expect(firstValueFrom(app.predict('/echo', ['x']))).rejects.toMatchObject({ type: 'invalid-input' });
    await expect(firstValueFrom(app.upload([new Blob(['x'])]))).rejects.toMatchObject({ type: 'invalid-input' });
    expect(requests).toEqual([]);
    expect(shown(error)).not.toContain('hf_inURLsecret');
    expect(shown(error)).not.toContain(token);
  });
});
