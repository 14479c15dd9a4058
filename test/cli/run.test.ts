/**
 * `runCli` in-process, with an injected fetch: the answers of the Hugging Face edge that a fake
 * Gradio server does not give (a private Space answers 404 without a token).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { createFakeGradio } from '../../src/testing/index.js';
import { echo } from '../helpers/apps.js';

function io(fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>, env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '', files: {} as Record<string, string>, urls: [] as string[] };
  return {
    out,
    io: {
      env,
      stdout: (text: string) => void (out.stdout += text),
      stderr: (text: string) => void (out.stderr += text),
      writeFile: async (path: string, text: string) => void (out.files[path] = text),
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        out.urls.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    },
  };
}

describe('runCli', () => {
  it('says to pass a token when the hub does not show a Space to an anonymous caller', async () => {
    const { io: cli, out } = io(async () => new Response('{"error":"Repository not found"}', { status: 401, headers: { 'content-type': 'application/json' } }));
    expect(await runCli(['types', 'owner/private-space'], cli)).toBe(1);
    expect(out.urls[0]).toBe('https://huggingface.co/api/spaces/owner/private-space/host');
    expect(out.stderr).toMatch(/^gradio-rx types: The Space owner\/private-space does not exist or is private.*If the Space is private, pass --token <hf_…> or set HF_TOKEN\.\n$/);
  });

  it('adds no Space hint to a 404 of a self-hosted app', async () => {
    const { io: cli, out } = io(async () => new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } }));
    expect(await runCli(['types', 'http://127.0.0.1:9/app'], cli)).toBe(1);
    expect(out.stderr).toMatch(/^gradio-rx types: GET http:\/\/127\.0\.0\.1:9\/app\/config: 404[^\n]*\n$/);
    expect(out.stderr).not.toContain('token');
  });

  it('names the interface after the Space and writes --out through the given writer', async () => {
    const fake = createFakeGradio({ endpoints: [echo()], url: 'https://owner-my-app.hf.space' });
    const { io: cli, out } = io(fake);
    expect(await runCli(['types', 'https://owner-my-app.hf.space', '--out', 'app.ts'], cli)).toBe(0);
    expect(out.files['app.ts']).toContain('export interface OwnerMyApp {');
    expect(out.stdout).toBe('Wrote interface OwnerMyApp (1 endpoint) to app.ts\n');
    fake.close();
  });

  it('sends HF_TOKEN to the app and never writes it out', async () => {
    const token = 'hf_fromtheenvironment';
    const fake = createFakeGradio({ endpoints: [echo()], token });
    const { io: cli, out } = io(fake, { HF_TOKEN: token });
    expect(await runCli(['types', fake.url], cli)).toBe(0);
    expect(fake.requests.map((request) => request.headers['authorization'])).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
    expect(out.stdout + out.stderr).not.toContain(token);
    fake.close();
  });
});
