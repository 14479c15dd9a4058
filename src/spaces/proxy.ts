/**
 * A fetch that sends every request through an HTTP proxy. Node only: it loads `undici` (an
 * optional peer dependency) when the first proxied request is made, never at import time,
 * so the spaces entry still bundles for browsers.
 */
import { GradioError } from '../errors.js';
import type { FetchLike } from './types.js';

/** The parts of undici this module uses (its own fetch with its own ProxyAgent, so versions match). */
interface UndiciModule {
  fetch(input: string, init?: Record<string, unknown>): Promise<Response>;
  ProxyAgent: new (options: { uri: string; proxyTunnel?: boolean }) => object;
}

// In a variable, so that bundlers neither resolve nor inline it.
const undiciModuleName = 'undici';

const proxiedFetches = /*#__PURE__*/ new Map<string, Promise<FetchLike>>();

/**
 * A fetch whose requests all go through `proxy`: plain-http targets as absolute-URI requests
 * to the proxy (as curl and aiohttp do), https targets through a CONNECT tunnel. One per
 * proxy URL, shared, so its connections are reused.
 *
 * @throws GradioError `invalid-input` outside Node, for a malformed proxy URL, or when
 *   `undici` is not installed.
 */
export function proxiedFetch(proxy: string): Promise<FetchLike> {
  let fetch = proxiedFetches.get(proxy);
  if (fetch === undefined) {
    fetch = createProxiedFetch(proxy);
    proxiedFetches.set(proxy, fetch);
    fetch.catch(() => proxiedFetches.delete(proxy)); // let a later call try again
  }
  return fetch;
}

async function createProxiedFetch(proxy: string): Promise<FetchLike> {
  if (!isNode()) {
    throw new GradioError({ type: 'invalid-input', message: 'proxy is only supported in Node: in a browser, the browser decides the proxy' });
  }
  const uri = checkProxyUrl(proxy);
  let undici: UndiciModule;
  try {
    undici = (await import(/* @vite-ignore */ undiciModuleName)) as UndiciModule;
  } catch (cause) {
    throw new GradioError({ type: 'invalid-input', message: 'proxy needs the "undici" package: npm install undici', cause });
  }
  // proxyTunnel: false sends plain-http requests to the proxy with absolute URIs instead of
  // asking it for a CONNECT tunnel, which most proxies only allow to port 443.
  const dispatcher = new undici.ProxyAgent({ uri, proxyTunnel: false });
  return async (input, init) => {
    const request = await toUndiciRequest(input, init);
    return undici.fetch(request.url, { ...request.init, dispatcher });
  };
}

/** The URL and init of a fetch call; a `Request` of another fetch implementation is unpacked. */
async function toUndiciRequest(input: RequestInfo | URL, init: RequestInit | undefined): Promise<{ url: string; init: RequestInit }> {
  if (typeof input === 'string') return { url: input, init: init ?? {} };
  if (input instanceof URL) return { url: input.href, init: init ?? {} };
  const body = input.body === null ? null : await input.arrayBuffer();
  return {
    url: input.url,
    init: { method: input.method, headers: input.headers, body, signal: input.signal, redirect: input.redirect, ...init },
  };
}

function checkProxyUrl(proxy: string): string {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch (cause) {
    throw new GradioError({ type: 'invalid-input', message: `proxy must be a URL like http://127.0.0.1:8888 (got a value that is not a URL)`, cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GradioError({ type: 'invalid-input', message: `proxy must be an http:// or https:// URL, not ${url.protocol}` });
  }
  return url.href;
}

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof process?.versions?.node === 'string';
}
