/**
 * Uploads and file serving (§11) over real sockets.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGradioServer, type FakeGradioOptions, type FakeGradioServer } from '../../src/testing/index.js';
import { sanitizeFileName, sha256Hex } from '../../src/testing/files.js';
import { dataMessages, join, postJson, transcriptBody } from './support.js';

let server: FakeGradioServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<FakeGradioOptions> = {}): Promise<string> {
  server = await startFakeGradioServer({ endpoints: [], ...options });
  return `${server.url}${options.gradioVersion === 4 ? '' : '/gradio_api'}`;
}

function upload(base: string, files: { bytes: Uint8Array<ArrayBuffer> | string; name: string; type?: string }[], query = ''): Promise<Response> {
  const form = new FormData();
  for (const file of files) form.append('files', new Blob([file.bytes], { type: file.type ?? '' }), file.name);
  return fetch(`${base}/upload${query}`, { method: 'POST', body: form });
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('POST {P}/upload', () => {
  it('answers the server paths /tmp/gradio/<sha256 of the bytes>/<name> in part order', async () => {
    const base = await start();
    const response = await upload(base, [
      { bytes: png, name: 'cat.png', type: 'image/png' },
      { bytes: 'hello', name: 'notes.txt', type: 'text/plain' },
    ]);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
    expect(await response.text()).toBe(`["/tmp/gradio/${sha(png)}/cat.png","/tmp/gradio/${sha('hello')}/notes.txt"]`);
    expect(server?.fake.uploads.map(({ name, type, size }) => ({ name, type, size }))).toEqual([
      { name: 'cat.png', type: 'image/png', size: png.byteLength },
      { name: 'notes.txt', type: 'text/plain', size: 5 },
    ]);
  });

  it('answers a non-multipart body with 400 "Invalid content type." (transcripts/upload-too-large.txt)', async () => {
    const base = await start();
    const response = await postJson(`${base}/upload`, { files: ['x'] });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(transcriptBody('upload-too-large.txt', 2));
  });

  it('answers a file over max_file_size with a plain-text 413 (transcripts/upload-too-large.txt)', async () => {
    const base = await start({ maxFileSize: 10_485_760 });
    const response = await upload(base, [{ bytes: new Uint8Array(10_485_761), name: 'big.mov', type: 'video/quicktime' }]);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(transcriptBody('upload-too-large.txt', 1));
    expect(server?.fake.uploads).toEqual([]);
  });

  it('records the parts of a multipart request instead of their bytes', async () => {
    const base = await start();
    await upload(base, [{ bytes: png, name: 'cat.png', type: 'image/png' }], '?upload_id=abc');
    const recorded = server?.requests.find((request) => request.path === '/gradio_api/upload');
    expect(recorded).toMatchObject({
      method: 'POST',
      query: { upload_id: 'abc' },
      body: { parts: [{ name: 'files', filename: 'cat.png', type: 'image/png', size: png.byteLength }] },
    });
  });
});

describe('GET {P}/upload_progress', () => {
  it('sends update and done messages in stdlib JSON (transcripts/upload.txt)', async () => {
    const base = await start();
    const progress = fetch(`${base}/upload_progress?upload_id=q8w2e5r7t1`);
    await upload(base, [{ bytes: new Uint8Array(12_345), name: 'cat.png', type: 'image/png' }], '?upload_id=q8w2e5r7t1');
    const response = await progress;
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await response.text()).toBe(transcriptBody('upload.txt', 2));
  });

  it('answers 404 when no upload with that id starts within 3 s', async () => {
    const base = await start();
    const started = Date.now();
    const response = await fetch(`${base}/upload_progress?upload_id=never`);
    expect(response.status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
  });
});

describe('GET {P}/file={path}', () => {
  it('serves the bytes of an uploaded file with its type', async () => {
    const base = await start();
    const [path] = (await (await upload(base, [{ bytes: png, name: 'cat.png', type: 'image/png' }])).json()) as string[];
    const response = await fetch(`${base}/file=${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
  });

  it('redirects a URL-like path and refuses paths outside the upload cache', async () => {
    const base = await start();
    const redirect = await fetch(`${base}/file=https://example.com/cat.png`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://example.com/cat.png');
    const refused = await fetch(`${base}/file=/etc/passwd`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('{"detail":"File not allowed: /etc/passwd."}');
  });

  it('lets a function read an uploaded file and return a created one with an absolute url', async () => {
    const base = await start({
      endpoints: [
        {
          apiName: 'invert',
          inputs: [{ type: 'file' }],
          outputs: [{ type: 'file' }],
          fn: ([input], ctx) => {
            const content = ctx.file((input as { path: string }).path);
            const inverted = (content?.bytes ?? new Uint8Array()).map((byte) => 255 - byte);
            return [ctx.createFile(inverted, `inverted-${content?.name ?? ''}`, content?.type)];
          },
        },
      ],
    });
    const [path] = (await (await upload(base, [{ bytes: png, name: 'cat.png', type: 'image/png' }])).json()) as string[];
    await join(base, { data: [{ path, meta: { _type: 'gradio.FileData' } }], fn_index: 0, session_hash: 'f' });
    const completed = dataMessages(await (await fetch(`${base}/queue/data?session_hash=f`)).text()).find(
      (message) => message['msg'] === 'process_completed',
    );
    const [output] = (completed?.['output'] as { data: { url: string; path: string; orig_name: string }[] }).data;
    expect(output?.url).toBe(`${base}/file=${output?.path}`);
    expect(output?.orig_name).toBe('inverted-cat.png');
    const served = new Uint8Array(await (await fetch(output?.url ?? '')).arrayBuffer());
    expect([...served]).toEqual([...png].map((byte) => 255 - byte));
  });
});

describe('file helpers', () => {
  it('computes SHA-256 like node:crypto', () => {
    for (const text of ['', 'abc', 'x'.repeat(1000)]) {
      const bytes = new TextEncoder().encode(text);
      expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('strips characters Gradio does not keep in file names', () => {
    expect(sanitizeFileName('my photo (1).png')).toBe('my photo 1.png');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('été.jpg')).toBe('été.jpg');
    expect(sanitizeFileName('???.png')).toMatch(/^tmp[0-9a-f]{10}\.png$/);
  });
});
