/**
 * The app handle: `gradio(source, options)`.
 */
import { catchError, concat, concatMap, defer, firstValueFrom, ignoreElements, Observable, of, tap } from 'rxjs';
import { AppContext, attachContext, type GradioOptions } from './context.js';
import type { Endpoint } from './endpoints.js';
import { type GradioError, isGradioError } from './errors.js';
import { failureEvent, type GradioEvent, type SpaceStatusEvent } from './events.js';
import { assertSerializable, findFiles, type FoundFile, replaceFiles } from './inputs.js';
import { toJobError } from './jobError.js';
import { callEndpoint, type CallEndpointOptions } from './operators/callEndpoint.js';
import { joinQueue, type JoinQueueOptions } from './operators/joinQueue.js';
import { readCall } from './operators/readCall.js';
import { readQueue } from './operators/readQueue.js';
import type { ApiInfo, FileData, GradioConfig } from './protocol.js';
import { uploadFound } from './uploads.js';

export type { GradioOptions };

/** Options of `app.submit()` and `app.predict()` (`triggerId`, `eventData`, per-job `headers`). */
export type SubmitOptions = JoinQueueOptions;

/** Options of `app.call()` (per-job `headers`). */
export type CallOptions = CallEndpointOptions;

/** A step of a job before it is submitted: the inputs, once their files are uploaded. */
interface ReadyInputs {
  kind: 'inputs';
  data: unknown[];
}

/**
 * A Gradio app. Every method is lazy and cold: nothing is sent until you subscribe, and each
 * subscription of `submit`/`call`/`predict` is one new job, which unsubscribing cancels.
 */
export class GradioApp {
  readonly #context: AppContext;

  constructor(source: string | URL, options: GradioOptions = {}) {
    this.#context = new AppContext(source, options);
    attachContext(this, this.#context);
  }

  /** `GET /config`, fetched once and cached (fetched again after a failure). */
  config(): Observable<GradioConfig> {
    return this.#context.config$;
  }

  /**
   * Waits until the app can take jobs, then completes: for a Hugging Face Space, looks it up
   * and wakes it, emitting a `space-status` event per stage it passes through (nothing for a
   * running Space); for any app, reads its config. Jobs do this by themselves; call it to
   * read a config before a job without losing the wake-up's events. Errors with the
   * `GradioError` (`space-not-found`, `space-unavailable`, …) that would end a job.
   */
  ready(): Observable<SpaceStatusEvent> {
    return concat(this.#context.ready$, this.#context.config$.pipe(ignoreElements()));
  }

  /** `GET {api_prefix}/info`, fetched once and cached like the config. */
  info(): Observable<ApiInfo> {
    return this.#context.info$;
  }

  /**
   * Runs a job through the queue and emits its events: `uploading`/`uploaded` (when the inputs
   * hold files), `queued`, `started`, `progress`, `log`, `generating` (diffs applied), then one
   * terminal `completed`, `error` or `gpu-quota-error`. Never errors: failures are events.
   *
   * @param endpoint an api name (`'/chat'` or `'chat'`) or an fn_index.
   * @param data the positional inputs; a `Blob`/`File` anywhere in them is uploaded first.
   */
  submit(endpoint: Endpoint, data: unknown[] = [], options: SubmitOptions = {}): Observable<GradioEvent> {
    return this.#job(endpoint, data, (inputs$) => inputs$.pipe(joinQueue(this, endpoint, options), readQueue(this)));
  }

  /**
   * Runs a job through the `/call/{api_name}` REST API and emits its events (`generating`,
   * then one terminal event). The `/call` API sends no queue position, progress or logs, and
   * on Gradio 5 no error text: prefer `submit()` unless the app only allows `/call`.
   */
  call(apiName: string, data: unknown[] = [], options: CallOptions = {}): Observable<GradioEvent> {
    return this.#job(apiName, data, (inputs$) => inputs$.pipe(callEndpoint(this, apiName, options), readCall(this, apiName)));
  }

  /** Runs a job through the queue and emits its final outputs once; failures are `GradioError`s. */
  predict(endpoint: Endpoint, data: unknown[] = [], options: SubmitOptions = {}): Observable<unknown[]> {
    // What `throwOnError()`, then a filter and a map would do, in one step.
    return this.submit(endpoint, data, options).pipe(
      concatMap((event) => {
        if (event.type === 'error' || event.type === 'gpu-quota-error') throw event.error;
        return event.type === 'completed' ? [event.data] : [];
      }),
    );
  }

  /** Uploads files to `{api_prefix}/upload` and emits their `FileData`. Unsubscribing aborts. */
  upload(files: Blob[]): Observable<FileData[]> {
    return defer(async () => {
      const config = await firstValueFrom(this.#context.config$);
      return { config, found: findFiles(files) };
    }).pipe(
      concatMap(
        ({ config, found }) =>
          new Observable<FileData[]>((subscriber) => {
            const controller = new AbortController();
            uploadFound(this.#context.http, config, this.#context.prefixUrl(config), found, controller.signal).then(
              (uploaded) => {
                subscriber.next(uploaded);
                subscriber.complete();
              },
              (error: unknown) => subscriber.error(toJobError(error, { endpoint: 'upload' })),
            );
            return () => controller.abort();
          }),
      ),
    );
  }

  /** Closes the app's open streams (jobs still running on them end with an error). */
  close(): void {
    this.#context.close();
  }

  /**
   * Waits for the app (a Space's lookup and wake-up), uploads the inputs' files (with events),
   * then runs `run`, turning failures into a terminal event.
   */
  #job(endpoint: Endpoint, data: unknown[], run: (inputs$: Observable<unknown[]>) => Observable<GradioEvent>): Observable<GradioEvent> {
    const label = typeof endpoint === 'number' ? `fn_index ${endpoint}` : `/${endpoint.replace(/^\//, '')}`;
    const context = this.#context;
    const attempt = (): Observable<GradioEvent> =>
      concat(
        context.ready$,
        defer((): Observable<GradioEvent> => {
          // Without files there is nothing to prepare: skip a step every event would pass through.
          const found = findFilesOf(data, label);
          if (found.length === 0) return run(of(data));
          return this.#upload(data, found).pipe(concatMap((step) => ('kind' in step ? run(of(step.data)) : of(step))));
        }),
      );
    return defer(() => {
      let accepted = false;
      return attempt().pipe(
        tap((event) => {
          accepted ||= 'eventId' in event;
        }),
        catchError((error: unknown) => {
          // A Space that fell asleep after its config was read answers with its edge's page: wake
          // it and submit again, once, unless the job reached the app (it has an event id).
          if (accepted || !context.isSpace || !isGradioError(error) || error.type !== 'space-unavailable') throw error;
          // Failures of the lookup or wake-up itself (hub, config) were already waited for.
          if (error.endpoint === 'hub' || error.endpoint === 'config') throw error;
          context.forgetSpaceConfig();
          return attempt();
        }),
      );
    }).pipe(catchError((error: unknown) => of(failureEvent(toJobError(error, { endpoint: label }) as GradioError))));
  }

  /** Uploads the files found in the inputs, emitting `uploading`, `uploaded`, then the ready inputs. */
  #upload(data: unknown[], found: FoundFile[]): Observable<GradioEvent | ReadyInputs> {
    return new Observable<GradioEvent | ReadyInputs>((subscriber) => {
      const controller = new AbortController();
      subscriber.next({ type: 'uploading', files: found.map((file) => ({ name: file.name, size: file.blob.size })) });
      firstValueFrom(this.#context.config$)
        .then((config) => uploadFound(this.#context.http, config, this.#context.prefixUrl(config), found, controller.signal))
        .then(
          (uploaded) => {
            subscriber.next({ type: 'uploaded', files: uploaded });
            subscriber.next({ kind: 'inputs', data: replaceFiles(data, found, uploaded) });
            subscriber.complete();
          },
          (error: unknown) => subscriber.error(error),
        );
      return () => controller.abort();
    });
  }
}

/**
 * The files in the inputs. A cyclic input sends that search into endless recursion: it is
 * reported as the `invalid-input` it is (checked only then, to keep the common path lean).
 */
function findFilesOf(data: unknown[], label: string): FoundFile[] {
  try {
    return findFiles(data);
  } catch (error) {
    assertSerializable(data, label);
    throw error;
  }
}

/**
 * A handle on a Gradio app. Synchronous and lazy: nothing is fetched until an Observable it
 * returns is subscribed; an invalid source fails those Observables with an `invalid-input` error.
 *
 * @param source a Gradio root URL (`http://127.0.0.1:7860`, `https://owner-space.hf.space`) or
 *   a Space id (`'Qwen/Qwen2.5'`).
 * @example
 * ```ts
 * const app = gradio('http://127.0.0.1:7860');
 * app.submit('/chat', ['Hello']).pipe(textDeltas()).subscribe((text) => process.stdout.write(text));
 * ```
 */
export function gradio(source: string | URL, options: GradioOptions = {}): GradioApp {
  return new GradioApp(source, options);
}
