/**
 * What both presets do around their Space's own inputs: pick (and cache) the app for a
 * request, check the model name, and turn failures found before any request into the job's
 * terminal event.
 */
import { catchError, concat, concatAll, defer, type Observable, of, throwError } from 'rxjs';
import { gradio, type GradioApp } from '../client.js';
import { GradioError, isGradioError } from '../errors.js';
import { failureEvent, type GradioEvent } from '../events.js';
import { proxiedFetch } from './proxy.js';
import type { FetchLike, SpaceParams } from './types.js';

/** Enough apps for a few URLs and tokens; the oldest is forgotten first. */
const maxCachedApps = 32;

/** Apps by fetch (WeakMap: a test's fetch is forgotten with it), then by URL and token. */
const appsByFetch = /*#__PURE__*/ new WeakMap<FetchLike, Map<string, GradioApp>>();
const appsWithGlobalFetch = /*#__PURE__*/ new Map<string, GradioApp>();

/**
 * The app for a request: one per (url or Space id, hub, apiKey, headers, fetch, proxy), so the
 * Space is looked up once, its `/config` fetched once and its queue session reused, not once
 * per message.
 */
export async function appFor(params: SpaceParams, defaultSource: string): Promise<GradioApp> {
  if (params.proxy !== undefined && params.fetch !== undefined) {
    throw new GradioError({ type: 'invalid-input', message: 'Pass either proxy or fetch, not both: a custom fetch decides its own proxy' });
  }
  const fetch = params.proxy === undefined ? params.fetch : await proxiedFetch(params.proxy);
  const url = params.url ?? defaultSource;
  let apps = fetch === undefined ? appsWithGlobalFetch : appsByFetch.get(fetch);
  if (apps === undefined) {
    apps = new Map();
    appsByFetch.set(fetch!, apps);
  }
  const key = JSON.stringify([url, params.hubUrl ?? null, params.apiKey ?? null, params.headers ?? null]);
  let app = apps.get(key);
  if (app === undefined) {
    app = gradio(url, {
      ...(params.apiKey === undefined ? {} : { token: params.apiKey }),
      ...(params.hubUrl === undefined ? {} : { hubUrl: params.hubUrl }),
      ...(fetch === undefined ? {} : { fetch }),
      ...(params.headers === undefined ? {} : { headers: params.headers }),
    });
    apps.set(key, app);
    if (apps.size > maxCachedApps) apps.delete(apps.keys().next().value!);
  }
  return app;
}

/** Refuses a model name the preset does not serve, listing the ones it does. */
export function checkModel(model: string | undefined, preset: { label: string; models: readonly string[]; modelAliases: Readonly<Record<string, string>> }): void {
  if (model === undefined || preset.models.includes(model) || Object.hasOwn(preset.modelAliases, model)) return;
  const known = [...preset.models, ...Object.keys(preset.modelAliases)].map((name) => `"${name}"`).join(', ');
  throw new GradioError({ type: 'invalid-input', message: `${preset.label} has no model "${model}". Known names: ${known}` });
}

/**
 * The events of `app`'s Space waking up (`space-status`), then those of the job `start`
 * returns once the app is ready (its config known, e.g. to choose an endpoint). A failure to
 * wake it is the job's terminal event.
 */
export function afterWakeUp(app: GradioApp, start: () => Observable<GradioEvent>): Observable<GradioEvent> {
  return concat(app.ready(), defer(start)).pipe(
    catchError((error: unknown) => (isGradioError(error) ? of(failureEvent(error)) : throwError(() => error))),
  );
}

/**
 * The events of a job that `start` prepares (reading files, loading a proxy, choosing the
 * endpoint) and then runs. A `GradioError` thrown while preparing becomes the terminal event,
 * as it would inside the job; other exceptions are bugs and stay errors.
 */
export function preparedJob(start: () => Promise<Observable<GradioEvent>>): Observable<GradioEvent> {
  return defer(start).pipe(
    catchError((error: unknown) => {
      if (!isGradioError(error)) throw error;
      return of(of(failureEvent(error)));
    }),
    concatAll(),
  );
}
