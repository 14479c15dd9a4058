/**
 * The app handle: `gradio(source, options)`.
 */
import { catchError, combineLatest, concat, concatMap, defer, firstValueFrom, ignoreElements, map, Observable, of, type Subscriber, Subscription, switchMap } from 'rxjs';
import { AppContext, attachContext, type GradioOptions } from './context.js';
import { type Endpoint, resolveEndpoint } from './endpoints.js';
import { type GradioError, isGradioError } from './errors.js';
import { failureEvent, type GradioEvent, type SpaceStatusEvent } from './events.js';
import { findFiles, findFilesOf, type FoundFile } from './inputs.js';
import type { Job } from './jobs.js';
import { toJobError } from './jobError.js';
import { namedArguments } from './lazy.js';
import type { JobData } from './namedArguments.js';
import { type CallEndpointOptions, startCallJob } from './operators/callEndpoint.js';
import { type JoinQueueOptions, startQueueJob } from './operators/joinQueue.js';
import { followCallJob } from './operators/readCall.js';
import { followQueueJob } from './operators/readQueue.js';
import type { ApiInfo, FileData, GradioConfig } from './protocol.js';
import type { AppSignature, TypedGradioApp } from './typedApp.js';

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
   * @param data the positional inputs, or an object of named arguments (`{ query: 'Hi' }`)
   *   mapped through `/info`; a `Blob`/`File` anywhere in them is uploaded first.
   */
  submit(endpoint: Endpoint, data: JobData = [], options: SubmitOptions = {}): Observable<GradioEvent> {
    return this.#job(endpoint, data, (inputs) => startQueueJob(this.#context, endpoint, options, inputs), followQueueJob);
  }

  /**
   * Runs a job through the `/call/{api_name}` REST API and emits its events (`generating`,
   * then one terminal event). The `/call` API sends no queue position, progress or logs, and
   * on Gradio 5 no error text: prefer `submit()` unless the app only allows `/call`.
   */
  call(apiName: string, data: JobData = [], options: CallOptions = {}): Observable<GradioEvent> {
    return this.#job(apiName, data, (inputs) => startCallJob(this.#context, apiName, options, inputs), followCallJob);
  }

  /** Runs a job through the queue and emits its final outputs once; failures are `GradioError`s. */
  predict(endpoint: Endpoint, data: JobData = [], options: SubmitOptions = {}): Observable<unknown[]> {
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
            this.#context.upload(config, files, found, controller.signal).then(
              ({ uploaded }) => {
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
   * starts the job with `start`, then hands it to `follow`, turning failures into a terminal
   * event. One Observable rather than a chain of operators: once the job runs, `follow` writes
   * each of its events straight to the subscriber, so a token passes no subscriber of ours.
   */
  #job<J extends Job>(
    endpoint: Endpoint,
    data: JobData,
    start: (inputs: unknown[]) => Observable<J>,
    follow: (context: AppContext, job: J, events: Subscriber<GradioEvent>) => () => void,
  ): Observable<GradioEvent> {
    const label = typeof endpoint === 'number' ? `fn_index ${endpoint}` : `/${endpoint.replace(/^\//, '')}`;
    const context = this.#context;
    const prepare = (inputs: unknown[]): Observable<GradioEvent | J> => {
      // Without files there is nothing to prepare: skip a step.
      const found = findFilesOf(inputs, label);
      if (found.length === 0) return start(inputs);
      return this.#upload(inputs, found).pipe(concatMap((step) => ('kind' in step ? start(step.data) : of(step))));
    };
    // Everything before the server accepted the job: its events, then the job itself. Only a
    // Space may have to be looked up and woken first.
    const accept = (): Observable<GradioEvent | J> => {
      const inputs$ = defer(() => (Array.isArray(data) ? prepare(data) : this.#positional(endpoint, data, label).pipe(concatMap(prepare))));
      return context.isSpace ? concat(context.ready$, inputs$) : inputs$;
    };
    return new Observable<GradioEvent>((subscriber) => {
      const subscriptions = new Subscription();
      let accepted = false;
      let retried = false;
      const attempt = (): void => {
        subscriptions.add(
          accept().subscribe({
            next: (step) => {
              if (isJob(step)) {
                accepted = true;
                subscriptions.add(follow(context, step, subscriber));
              } else {
                subscriber.next(step as GradioEvent);
              }
            },
            error: (error: unknown) => {
              // A Space that fell asleep after its config was read answers with its edge's page:
              // wake it and submit again, once. Failures of the lookup or wake-up itself (hub,
              // config) were already waited for; a job with an event id reached the app.
              if (!accepted && !retried && context.isSpace && isGradioError(error) && error.type === 'space-unavailable' && error.endpoint !== 'hub' && error.endpoint !== 'config') {
                retried = true;
                context.forgetSpaceConfig();
                attempt();
                return;
              }
              subscriber.next(failureEvent(toJobError(error, { endpoint: label }) as GradioError));
              subscriber.complete();
            },
            complete: () => {
              if (!accepted) subscriber.complete();
            },
          }),
        );
      };
      attempt();
      return subscriptions;
    });
  }

  /**
   * Named arguments as positional inputs, through the cached `/config` and `/info`; nothing is
   * sent. Their code is loaded the first time a job needs it.
   */
  #positional(endpoint: Endpoint, data: unknown, label: string): Observable<unknown[]> {
    return defer(namedArguments).pipe(
      switchMap(({ isNamedArguments, namedToPositional, notJobData, endpointInfo }) => {
        if (isNamedArguments(data)) {
          return combineLatest([this.#context.config$, this.#context.info$]).pipe(map(([config, info]) => namedToPositional(config, info, resolveEndpoint(config, endpoint), data)));
        }
        // Neither form: the error names the parameters when /info can be had.
        const info$ = this.#context.info$.pipe(catchError(() => of(undefined)));
        return combineLatest([this.#context.config$, info$]).pipe(
          map(([config, info]) => {
            const resolved = resolveEndpoint(config, endpoint);
            throw notJobData(label, data, info && endpointInfo(info, resolved.apiName, resolved.fnIndex)?.parameters);
          }),
        );
      }),
    );
  }

  /** Uploads the files found in the inputs, emitting `uploading`, `uploaded`, then the ready inputs. */
  #upload(data: unknown[], found: FoundFile[]): Observable<GradioEvent | ReadyInputs> {
    return new Observable<GradioEvent | ReadyInputs>((subscriber) => {
      const controller = new AbortController();
      subscriber.next({ type: 'uploading', files: found.map((file) => ({ name: file.name, size: file.blob.size })) });
      firstValueFrom(this.#context.config$)
        .then((config) => this.#context.upload(config, data, found, controller.signal))
        .then(
          ({ uploaded, inputs }) => {
            subscriber.next({ type: 'uploaded', files: uploaded });
            subscriber.next({ kind: 'inputs', data: inputs });
            subscriber.complete();
          },
          (error: unknown) => subscriber.error(error),
        );
      return () => controller.abort();
    });
  }
}

/** Whether a step of a job's start is the accepted job (its events have a `type`, jobs a `kind`). */
function isJob<J extends Job>(step: GradioEvent | J): step is J {
  return 'kind' in step;
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
export function gradio(source: string | URL, options?: GradioOptions): GradioApp;
/**
 * A typed handle on a Gradio app: `Api` is an interface written by `npx gradio-rx types <source>`.
 * `submit`/`call`/`predict` then accept only the app's endpoint names and arguments that fit
 * them, and `predict` emits typed outputs. The same object as `gradio(source)` at run time.
 *
 * @example
 * ```ts
 * import type { Qwen25 } from './qwen25.js'; // npx gradio-rx types Qwen/Qwen2.5 --name Qwen25 --out qwen25.ts
 * const app = gradio<Qwen25>('Qwen/Qwen2.5');
 * app.predict('/model_chat', { query: 'Hi', radio: '7B' }).subscribe(([, history]) => console.log(history));
 * ```
 */
export function gradio<Api extends AppSignature<Api>>(source: string | URL, options?: GradioOptions): TypedGradioApp<Api>;
// Both overloads return this one GradioApp; `object` only lets the typed view share the body.
export function gradio(source: string | URL, options: GradioOptions = {}): object {
  return new GradioApp(source, options);
}
