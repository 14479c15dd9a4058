/**
 * gradio-rx as a user would stream text with it: `app.submit()` / `app.call()` piped through
 * `textDeltas()`. The SDK is loaded from the entry the harness chose (the built
 * `dist/index.js` when it is up to date, else `src/index.ts` through tsx).
 */
import { type Observable, tap } from 'rxjs';
import type * as GradioRx from '../../src/index.js';
import { apiName } from '../scenarios.js';
import { type BenchClient, benchPrompt, type EventSink } from './types.js';

type Sdk = typeof GradioRx;

/** The SDK module the harness names in `BENCH_GRADIO_RX_ENTRY` (a file URL), else the sources. */
async function loadSdk(): Promise<Sdk> {
  const entry = process.env['BENCH_GRADIO_RX_ENTRY'] ?? new URL('../../src/index.ts', import.meta.url).href;
  return (await import(entry)) as Sdk;
}

const sdk = await loadSdk();

/**
 * Follows one job as the user's pipeline: counts its data events (`tap`), and its text through
 * `textDeltas()`. floorRx.ts runs the same pipeline over the floor's transport.
 */
export function followText(events$: Observable<GradioRx.GradioEvent>, job: number, sink: EventSink): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    events$
      .pipe(
        tap((event) => {
          if (event.type === 'generating' || event.type === 'completed') sink.event(job);
          else if (event.type === 'error' || event.type === 'gpu-quota-error') throw event.error;
        }),
        sdk.textDeltas(),
      )
      .subscribe({ next: (delta) => sink.delta(job, delta), error: reject, complete: resolve });
  });
}

export function createClient(): BenchClient {
  let app: GradioRx.GradioApp | undefined;

  return {
    async connect(url, sessionHash) {
      app = sdk.gradio(url, { sessionHash });
      // The config is fetched once per app: fetch it now, as @gradio/client's connect() does.
      await new Promise<void>((resolve, reject) => app!.config().subscribe({ next: () => resolve(), error: reject }));
    },
    async submit(jobs, sink) {
      await Promise.all(Array.from({ length: jobs }, (_, job) => followText(app!.submit(`/${apiName}`, [benchPrompt]), job, sink)));
    },
    async call(sink) {
      await followText(app!.call(apiName, [benchPrompt]), 0, sink);
    },
    close() {
      app?.close();
    },
  };
}
