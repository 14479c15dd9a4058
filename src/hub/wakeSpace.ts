/**
 * Waiting for a Space to run: read its runtime, wake it when it sleeps, poll with backoff,
 * and report each stage it passes through (spec §3.2).
 */
import { Observable } from 'rxjs';
import { GradioError, isAbort } from '../errors.js';
import type { SpaceStatusEvent } from '../events.js';
import { type SpaceRuntime, stageMessage } from './stages.js';

/** How often the runtime is read while a Space is not running. */
export interface WakePolling {
  /** The first wait between two reads. @default 1_000 */
  initialMs?: number;
  /** The longest wait: each wait is 1.5 times the one before, up to this. @default 5_000 */
  maxMs?: number;
}

/** What `wakeSpace` reads, touches and reports, and how long it waits. */
export interface WakeSpaceOptions {
  /** The Space's id, for messages. */
  id: string;
  /** Reads the Space's runtime (the hub's `GET /api/spaces/{id}`). */
  readRuntime: (signal: AbortSignal) => Promise<SpaceRuntime>;
  /** Sends traffic to the Space's host, which is what wakes a sleeping Space. Its outcome does not matter. */
  touch: (signal: AbortSignal) => Promise<unknown>;
  /** A runtime the hub just reported (with the id of a `*.hf.space` host): the first read is skipped. */
  known?: SpaceRuntime;
  /** Gives up (with a `space-unavailable` error) when the Space is not running after this long. */
  timeoutMs: number;
  /** How often the runtime is read while the Space is not running. */
  polling?: WakePolling;
}

/**
 * Emits a `space-status` event for each stage the Space passes through and completes once it
 * runs (emitting nothing for a Space that runs already). A paused Space, an error stage, or a
 * Space still not running after `timeoutMs` is a `space-unavailable` error. Unsubscribing
 * aborts the read in flight and clears the timers: nothing more is sent.
 */
export function wakeSpace({ id, readRuntime, touch, known, timeoutMs, polling = {} }: WakeSpaceOptions): Observable<SpaceStatusEvent> {
  const initialMs = polling.initialMs ?? 1_000;
  const maxMs = polling.maxMs ?? 5_000;
  return new Observable<SpaceStatusEvent>((subscriber) => {
    const controller = new AbortController();
    const { signal } = controller;
    let last: SpaceRuntime | undefined;
    const giveUp = setTimeout(() => {
      const stage = last === undefined ? 'not running' : `still ${last.stage} (${last.raw})`;
      subscriber.error(
        new GradioError({ type: 'space-unavailable', message: `${id} is ${stage} after ${Math.round(timeoutMs / 1000)} s of waiting (wakeTimeoutMs): try again later`, endpoint: 'hub' }),
      );
    }, timeoutMs);
    (async () => {
      let reported = known;
      for (let waitMs = initialMs; ; waitMs = Math.min(maxMs, waitMs * 1.5)) {
        const runtime = reported ?? (await readRuntime(signal));
        reported = undefined;
        if (runtime.verdict === 'running') {
          if (last !== undefined) subscriber.next(status(id, runtime));
          subscriber.complete();
          return;
        }
        if (runtime.verdict === 'give-up') {
          throw new GradioError({ type: 'space-unavailable', message: stageMessage(id, runtime), endpoint: 'hub' });
        }
        if (runtime.stage !== last?.stage) subscriber.next(status(id, runtime));
        last = runtime;
        // HF starts a sleeping Space when traffic reaches its host (spec §3.2).
        if (runtime.stage === 'sleeping') touch(signal).catch(() => undefined);
        await sleep(waitMs, signal);
      }
    })().catch((error: unknown) => {
      if (!isAbort(error)) subscriber.error(error);
    });
    return () => {
      clearTimeout(giveUp);
      controller.abort();
    };
  });
}

function status(id: string, runtime: SpaceRuntime): SpaceStatusEvent {
  return { type: 'space-status', stage: runtime.stage, message: stageMessage(id, runtime) };
}

/** Resolves after `ms`, or rejects with an AbortError (and clears its timer) when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new DOMException('The wait was aborted.', 'AbortError'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new DOMException('The wait was aborted.', 'AbortError'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
