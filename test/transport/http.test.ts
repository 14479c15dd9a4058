/**
 * The HTTP edge keeps the token at home: it goes as `Authorization: Bearer` to the app's own
 * origin only (spec §9.4), over real sockets with a second, "foreign" server recording what
 * reaches it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gradio, isGradioError } from '../../src/index.js';
import { type FakeGradioServer, startFakeGradioServer } from '../../src/testing/index.js';
import { Http } from '../../src/transport/http.js';
import { echo } from '../helpers/apps.js';

const token = 'hf_SECRETtoken123';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A plain server on another origin; `redirectTo` makes every answer a 302 there. */
async function startForeign(answer: (url: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    const { status, headers, body } = answer(request.url ?? '');
    response.writeHead(status, headers);
    response.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

let fake: FakeGradioServer;
let foreign: Awaited<ReturnType<typeof startForeign>> | undefined;
beforeEach(async () => {
  fake = await startFakeGradioServer({ token, endpoints: [echo()] });
});
afterEach(async () => {
  await fake.close();
  if (foreign) await new Promise((resolve) => foreign!.server.close(resolve));
  foreign = undefined;
});

describe('the token', () => {
  it('goes as a bearer header on every request to the app, and never in a URL', async () => {
    await lastValueFrom(gradio(fake.url, { token }).submit('/echo', ['x']).pipe(toArray()));
    expect(fake.requests.length).toBeGreaterThanOrEqual(3);
    for (const request of fake.requests) {
      if (!request.path.endsWith('/cancel')) expect(request.headers['authorization']).toBe(`Bearer ${token}`);
      expect(JSON.stringify(request.query)).not.toContain(token);
      expect(request.path).not.toContain(token);
    }
  });

  it('is not sent to the origin a /config "root" names: requests stay on the app origin', async () => {
    foreign = await startForeign(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }));
    await fake.close();
    fake = await startFakeGradioServer({ token, root: foreign.url, endpoints: [echo()] });
    const [answer] = await firstValueFrom(gradio(fake.url, { token }).predict('/echo', ['x']));
    expect(answer).toBe('echo: x');
    expect(foreign.seen).toEqual([]);
  });

  it('is dropped when a redirect leads to another origin', async () => {
    foreign = await startForeign(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }));
    const home = await startForeign((url) => ({ status: 302, headers: { location: `${foreign!.url}${url}` } }));
    try {
      const http = new Http({ root: home.url, token, headers: { 'x-custom': 'home-only' }, timeoutMs: 5_000 });
      await expect(http.json('GET', `${home.url}/file=somewhere`)).resolves.toEqual({ ok: true });
      expect(home.seen[0]?.headers['authorization']).toBe(`Bearer ${token}`);
      expect(foreign.seen).toHaveLength(1);
      expect(foreign.seen[0]?.headers['authorization']).toBeUndefined();
      expect(foreign.seen[0]?.headers['x-custom']).toBeUndefined();
    } finally {
      await new Promise((resolve) => home.server.close(resolve));
    }
  });

  it('goes again with the same body after a 307 on the app origin, and a 303 turns the POST into a GET without body', async () => {
    const bodies: string[] = [];
    const redirects: Record<string, number> = { '/moved': 307, '/other': 303 };
    const home = await startForeign((url): { status: number; headers: Record<string, string>; body?: string } => {
      const status = redirects[url];
      return status === undefined ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' } : { status, headers: { location: '/here' } };
    });
    home.server.prependListener('request', (request) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => bodies.push(`${request.method} ${request.url} ${text}`));
    });
    try {
      const http = new Http({ root: home.url, token, timeoutMs: 5_000 });
      await expect(http.startJob(`${home.url}/moved`, { data: [1] })).resolves.toEqual({ ok: true });
      await expect(http.startJob(`${home.url}/other`, { data: [2] })).resolves.toEqual({ ok: true });
      expect(bodies).toEqual(['POST /moved {"data":[1]}', 'POST /here {"data":[1]}', 'POST /other {"data":[2]}', 'GET /here ']);
      expect(home.seen.map((seen) => seen.headers['authorization'])).toEqual(Array(4).fill(`Bearer ${token}`));
      expect(home.seen[1]?.headers['content-type']).toBe('application/json');
      expect(home.seen[3]?.headers['content-type']).toBeUndefined();
    } finally {
      await new Promise((resolve) => home.server.close(resolve));
    }
  });

  it('is not sent with a request to another origin made through the same app', async () => {
    foreign = await startForeign(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '[]' }));
    const http = new Http({ root: fake.url, token, timeoutMs: 5_000 });
    await http.json('GET', `${foreign.url}/anything`);
    expect(foreign.seen[0]?.headers['authorization']).toBeUndefined();
  });

  it('is nowhere in a timeout error, not even in the request its cause carries (through ky and without)', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const http = new Http({ root: url, token, headers: { 'x-custom': 'secret-header-value' }, timeoutMs: 100 });
      const errors = [
        await http.json('GET', `${url}/gradio_api/info`).catch((e: unknown) => e),
        await http.startJob(`${url}/gradio_api/queue/join`, { data: ['x'] }).catch((e: unknown) => e),
      ];
      for (const error of errors) {
        expect(isGradioError(error) && error.type).toBe('timeout');
        const shown = inspect(error, { depth: 12, showHidden: true });
        expect(shown).toContain('TimeoutError');
        expect(shown).not.toContain(token);
        expect(shown).not.toContain('secret-header-value');
      }
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('never appears in an error message', async () => {
    const error = await firstValueFrom(gradio(fake.url, { token: 'hf_wrongTOKEN999' }).config()).catch((e: unknown) => e);
    expect(isGradioError(error) && error.type).toBe('auth');
    expect(JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause) })).not.toMatch(/hf_wrongTOKEN999/);
  });
});

describe('the cost of a request', () => {
  it('builds one Request for a read (ky\'s) and none for the start of a job, which goes to fetch directly', async () => {
    const Original = globalThis.Request;
    let built = 0;
    globalThis.Request = class extends Original {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(input, init);
        built++;
      }
    };
    // A plain node:http server: the fake Gradio server builds Requests of its own in this process.
    foreign = await startForeign(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"event_id":"e1"}' }));
    try {
      const http = new Http({ root: foreign.url, token, timeoutMs: 5_000 });
      await http.json('GET', `${foreign.url}/config`);
      expect(built).toBe(1);
      await expect(http.startJob(`${foreign.url}/gradio_api/queue/join`, { data: ['x'], fn_index: 0, session_hash: 'abc', event_data: null, trigger_id: null })).resolves.toEqual({ event_id: 'e1' });
      expect(built).toBe(1);
      expect(foreign.seen.map((seen) => seen.headers['authorization'])).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
    } finally {
      globalThis.Request = Original;
    }
  });
});

describe('errors of the HTTP edge', () => {
  it('turns a refused connection into a network error naming the request', async () => {
    const closed = await startForeign(() => ({ status: 200 }));
    await new Promise((resolve) => closed.server.close(resolve));
    const error = await firstValueFrom(gradio(closed.url).config()).catch((e: unknown) => e);
    expect(isGradioError(error) && error.type).toBe('network');
    expect((error as Error).message).toMatch(new RegExp(`^GET ${closed.url}/config: the request failed: fetch failed$`));
    // The fetch's own error, not ky's wrapper around it.
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('turns an HTML page where JSON was expected into a typed error without the HTML', async () => {
    foreign = await startForeign(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html><title>Starting</title><body>…</body></html>' }));
    const error = await firstValueFrom(gradio(foreign.url).config()).catch((e: unknown) => e);
    expect(isGradioError(error) && error.type).toBe('protocol');
    expect((error as Error).message).toContain('an HTML page');
    expect((error as Error).message).not.toContain('<html>');
  });

  it('maps a proxy 503 page to space-unavailable', async () => {
    foreign = await startForeign(() => ({ status: 503, headers: { 'content-type': 'text/html' }, body: '<html><title>503 Service Unavailable</title></html>' }));
    const error = await firstValueFrom(gradio(foreign.url).config()).catch((e: unknown) => e);
    expect(isGradioError(error) && error.type).toBe('space-unavailable');
    expect((error as Error & { status?: number }).status).toBe(503);
  });
});
