/**
 * The fake Hugging Face hub as an injectable `fetch`: requests to the hub's URL go to the hub
 * API, requests to `https://{subdomain}.hf.space` to that Space's edge, anything else fails
 * like an unreachable host. No socket, no Node built-in: it runs in browsers and unit tests,
 * with the real host names (so the token's routes are the ones a real Space gets).
 */
import { closeApps, createEdgeHandler, createHubHandler, createSpaces, spaceHandle } from './fakeHub.js';
import type { FakeHubFetch, FakeHubOptions, FakeHubRequest, FakeHubSpaceHandle } from './fakeHubTypes.js';

/** The hub `gradio()` asks unless told otherwise: an injected fake answers for it. */
const defaultHubUrl = 'https://huggingface.co';

/**
 * Creates a fake hub whose Spaces live at `https://{subdomain}.hf.space`. Pass it as `fetch`:
 * `gradio('owner/demo', { fetch: hub })` needs no `hubUrl`, since the fake answers for
 * `https://huggingface.co` (or `options.url`).
 *
 * @example
 * const hub = createFakeHub({ spaces: { 'owner/demo': { app: { endpoints: [echo] }, stages: ['SLEEPING', 'RUNNING'] } } });
 * gradio('owner/demo', { fetch: hub, token: 'hf_test' }).submit('/echo', ['hi']);
 * // hub.space('owner/demo').requests[0].headers['x-hf-authorization'] === 'Bearer hf_test'
 */
export function createFakeHub(options: FakeHubOptions & { url?: string }): FakeHubFetch {
  const hubUrl = (options.url ?? defaultHubUrl).replace(/\/+$/, '');
  const hubOrigin = new URL(hubUrl).origin;
  const spaces = createSpaces(options);
  const requests: FakeHubRequest[] = [];
  const hub = createHubHandler(spaces, requests);
  const edges = new Map<string, (request: Request) => Promise<Response>>();
  for (const space of spaces.values()) {
    space.serveAt(`https://${space.subdomain}.hf.space`);
    edges.set(space.url, createEdgeHandler(space));
  }
  const handle = async (request: Request): Promise<Response> => {
    const origin = new URL(request.url).origin;
    const handler = origin === hubOrigin ? hub : edges.get(origin);
    // What fetch does for a host that does not answer.
    if (handler === undefined) throw new TypeError(`fetch failed: the fake hub has no host ${origin}`);
    return handler(request);
  };
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init))) as FakeHubFetch;
  return Object.assign(fetch, {
    url: hubUrl,
    requests,
    handle,
    space: (id: string): FakeHubSpaceHandle => spaceHandle(spaces, id),
    close: () => closeApps(spaces),
  });
}
