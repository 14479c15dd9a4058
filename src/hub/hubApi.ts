/**
 * The three Hugging Face hub API calls a client needs (spec §3.1, §3.2), each turned into a
 * checked value or a typed `GradioError`. They go through the app's `Http`, whose credential
 * routes send the token to the hub as `Authorization: Bearer`.
 */
import { GradioError, isGradioError } from '../errors.js';
import { urlWithoutQuery } from '../urlWithoutQuery.js';
import type { Http } from '../transport/http.js';
import { readStage, type SpaceRuntime } from './stages.js';

/** The hub's answer for a Space: its id and where it runs. */
export interface SpaceHost {
  id: string;
  /** The Space's root URL, no trailing slash. */
  root: string;
}

/** `GET {hub}/api/spaces/{id}/host`: where the Space runs. */
export async function lookupHost(http: Http, hubUrl: string, id: string, signal?: AbortSignal): Promise<SpaceHost> {
  const url = `${hubUrl}/api/spaces/${id}/host`;
  const answer = await askHub<{ host?: unknown }>(http, url, id, signal);
  const host = typeof answer?.host === 'string' ? parseRoot(answer.host) : undefined;
  if (host === undefined) throw badAnswer(url, `it names no host for ${id}`);
  return { id, root: host };
}

/** `GET {hub}/api/spaces/{id}`: the Space's runtime stage. */
export async function readRuntime(http: Http, hubUrl: string, id: string, signal?: AbortSignal): Promise<SpaceRuntime> {
  const url = `${hubUrl}/api/spaces/${id}`;
  return runtimeOf(url, await askHub(http, url, id, signal));
}

/** `GET {hub}/api/spaces/by-subdomain/{subdomain}`: the id (and stage) of the Space behind a `*.hf.space` host. */
export async function spaceBySubdomain(http: Http, hubUrl: string, subdomain: string, signal?: AbortSignal): Promise<{ id: string; runtime: SpaceRuntime }> {
  const url = `${hubUrl}/api/spaces/by-subdomain/${encodeURIComponent(subdomain)}`;
  const answer = await askHub<{ id?: unknown }>(http, url, `${subdomain}.hf.space`, signal);
  if (typeof answer?.id !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(answer.id)) throw badAnswer(url, 'it names no Space id');
  return { id: answer.id, runtime: runtimeOf(url, answer) };
}

/** True for a failure that means the hub could not be reached at all (not an answer it gave). */
export function isUnreachable(error: unknown): boolean {
  return isGradioError(error) && (error.type === 'network' || error.type === 'timeout') && error.status === undefined;
}

function runtimeOf(url: string, answer: unknown): SpaceRuntime {
  const stage = (answer as { runtime?: { stage?: unknown } } | null)?.runtime?.stage;
  if (typeof stage !== 'string' || stage === '') throw badAnswer(url, 'it has no runtime.stage');
  return readStage(stage);
}

/** A hub GET: 401/404 mean "no such Space, or private"; other failures say the hub failed. */
async function askHub<T>(http: Http, url: string, space: string, signal: AbortSignal | undefined): Promise<T | null> {
  try {
    return await http.json<T | null>('GET', url, undefined, { endpoint: 'hub', ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    if (!isGradioError(error)) throw error;
    if (error.status === 401 || error.status === 404) {
      throw new GradioError({
        type: 'space-not-found',
        message: `The Space ${space} does not exist or is private: pass a token that can read it (Hugging Face hub: GET ${urlWithoutQuery(url)}: ${error.status})`,
        status: error.status,
        endpoint: 'hub',
        cause: error,
      });
    }
    if (error.type === 'protocol') throw badAnswer(url, 'it is not JSON', error);
    if (error.status !== undefined) {
      throw new GradioError({ type: 'http', message: `Hugging Face hub failed: ${error.message}`, status: error.status, endpoint: 'hub', cause: error });
    }
    throw error;
  }
}

function badAnswer(url: string, reason: string, cause?: unknown): GradioError {
  return new GradioError({ type: 'protocol', message: `Hugging Face hub: GET ${urlWithoutQuery(url)}: the Space's metadata could not be read (${reason})`, endpoint: 'hub', cause });
}

/** An http(s) root from the hub's `host`, or undefined for anything else. */
function parseRoot(host: string): string | undefined {
  try {
    const url = new URL(host);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.username || url.password) return undefined;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
