import { describe, expect, it } from 'vitest';
import { CredentialRoutes, headerRecord } from '../../src/transport/credentials.js';

function routes(): CredentialRoutes {
  const table = new CredentialRoutes('hf_secret', { 'X-App': 'app-only' });
  table.allow('https://huggingface.co', 'authorization', { appHeaders: false });
  table.allow('https://owner-space.hf.space', 'x-hf-authorization', { appHeaders: true });
  return table;
}

/** The headers a request to `url` leaves with, starting from what a job put on it. */
function applied(url: string, initial: Record<string, string>): Record<string, string> {
  const headers = headerRecord(initial);
  routes().apply(url, headers);
  return headers;
}

describe('CredentialRoutes', () => {
  it("gives a Space's host the token as X-HF-Authorization, the app's headers and the job's identity", () => {
    expect(applied('https://owner-space.hf.space/gradio_api/queue/join', { 'x-ip-token': 'visitor' })).toEqual({
      'x-hf-authorization': 'Bearer hf_secret',
      'x-app': 'app-only',
      'x-ip-token': 'visitor',
    });
  });

  it('gives the hub its token only, even when a redirect carries a job there with its identity and app headers', () => {
    expect(applied('https://huggingface.co/api/spaces/owner/space', { 'x-ip-token': 'visitor', 'x-app': 'app-only', 'x-hf-authorization': 'Bearer hf_secret' })).toEqual({
      authorization: 'Bearer hf_secret',
    });
  });

  it('gives any other origin no credential, identity or app header', () => {
    expect(applied('https://elsewhere.example/file', { authorization: 'Bearer hf_secret', 'x-ip-token': 'visitor', 'x-app': 'app-only', accept: 'text/plain' })).toEqual({
      accept: 'text/plain',
    });
  });

  it('matches header names whatever their case, as HTTP does', () => {
    expect(applied('https://elsewhere.example/file', { Authorization: 'Bearer hf_secret', 'X-IP-Token': 'visitor', 'X-App': 'app-only', Accept: 'text/plain' })).toEqual({
      accept: 'text/plain',
    });
    expect(applied('https://owner-space.hf.space/config', { 'X-HF-Authorization': 'Bearer other', Authorization: 'Bearer other' })).toEqual({
      'x-hf-authorization': 'Bearer hf_secret',
      'x-app': 'app-only',
    });
  });

  it('answers each URL by its own origin when one table serves several in turn', () => {
    const table = routes();
    const sent = (url: string) => {
      const headers = headerRecord({ 'x-ip-token': 'visitor' });
      table.apply(url, headers);
      return headers;
    };
    const space = 'https://owner-space.hf.space/gradio_api/queue/join';
    expect(sent(space)['x-hf-authorization']).toBe('Bearer hf_secret');
    expect(sent('https://elsewhere.example/file')).toEqual({});
    expect(sent(space)['x-ip-token']).toBe('visitor');
    expect(sent('https://huggingface.co/api/spaces/owner/space')).toEqual({ authorization: 'Bearer hf_secret' });
  });

  it('copies a Headers object into a plain object with lower-case names', () => {
    expect(headerRecord(new Headers({ Accept: 'text/plain', 'X-Gradio-User': 'api' }))).toEqual({ accept: 'text/plain', 'x-gradio-user': 'api' });
    expect(headerRecord({ Accept: 'a', accept: 'b' })).toEqual({ accept: 'b' });
    // A Headers of another realm or a polyfill: read through its entries(), not instanceof.
    const foreign = { entries: () => new Map([['accept', 'text/plain']]).entries() };
    expect(headerRecord(foreign as unknown as Headers)).toEqual({ accept: 'text/plain' });
  });
});
