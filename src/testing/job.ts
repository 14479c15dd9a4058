/**
 * Runs one job's function like Gradio's `process_events` / `process_api`: prepares the inputs,
 * iterates a generator step by step, computes diffs, and reports success, failure (§10.1) or an
 * early stop.
 */
import { diff } from './diff.js';
import type { ServerEnv } from './env.js';
import { createContext, FakeAppError } from './context.js';
import { pythonRepr, pyFloat } from './json.js';
import {
  completedMessage,
  failedMessage,
  generatingMessage,
  type ErrorPayload,
  type ServerMessage,
  type SuccessPayload,
} from './messages.js';
import { prepareInputs, prepareOutputs } from './values.js';
import type { FakeQueue, Job } from './queue.js';

type Step = IteratorResult<unknown, unknown>;

/** Runs the job to its end; resolves when its function has finished (or stopped). */
export async function runJob(job: Job, env: ServerEnv, queue: FakeQueue): Promise<void> {
  const signal = job.controller.signal;
  const emit = (message: ServerMessage): void => queue.deliver(job, message);
  const context = createContext(job, env, emit);
  const fnIndex = job.endpoint.fnIndex;
  let lastStepAt = performance.now();
  let previous: unknown[] | undefined;

  const stepPayload = (data: unknown[], changed: number[], generating: boolean): SuccessPayload => {
    const now = performance.now();
    const seconds = (now - lastStepAt) / 1000;
    lastStepAt = now;
    const average = queue.recordStep(fnIndex, seconds);
    return {
      data,
      is_generating: generating,
      duration: pyFloat(seconds),
      average_duration: pyFloat(average),
      render_config: null,
      changed_state_ids: changed,
    };
  };

  let iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined;
  let inFlight: Promise<unknown> | undefined;
  try {
    const inputs = prepareInputs(job, env);
    const result: unknown = job.endpoint.declaration.fn(inputs, context);
    iterator = iteratorOf(result);
    if (iterator === undefined) {
      inFlight = Promise.resolve(result);
      const value = await untilAborted(inFlight, signal);
      inFlight = undefined;
      const outputs = prepareOutputs(job, env, value);
      emit(completedMessage(env.style, job.eventId, stepPayload(outputs.data, outputs.changedStateIds, false)));
      return;
    }
    for (;;) {
      inFlight = Promise.resolve(iterator.next());
      const step = (await untilAborted(inFlight, signal)) as Step;
      inFlight = undefined;
      if (step.done === true) break;
      const outputs = prepareOutputs(job, env, step.value);
      // The first message of an event carries full values, later ones edit lists (§6.6);
      // the call API and sse_v1 never diff.
      const before = previous;
      const data =
        before !== undefined && !job.simpleFormat && env.protocol !== 'sse_v1'
          ? outputs.data.map((value, index) => diff(index < before.length ? before[index] : null, value))
          : outputs.data;
      // outputs.data is a private copy (prepareOutputs), so it can serve as the next baseline.
      previous = outputs.data;
      emit(generatingMessage(env.style, job.eventId, stepPayload(data, outputs.changedStateIds, true)));
    }
    const final = previous ?? job.endpoint.outputs.map(() => null);
    emit(completedMessage(env.style, job.eventId, stepPayload(final, [], false)));
  } catch (error) {
    if (signal.aborted) {
      await finishStopped(job, env, iterator, inFlight);
      return;
    }
    emit(failure(env, job, error, previous !== undefined));
  }
}

/** Lets a stopped function end (the current step settles, the generator is closed), then records it. */
async function finishStopped(
  job: Job,
  env: ServerEnv,
  iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined,
  inFlight: Promise<unknown> | undefined,
): Promise<void> {
  await inFlight?.catch(() => undefined);
  try {
    await iterator?.return?.();
  } catch {
    // a generator that throws while closing has stopped all the same
  }
  env.stopped.push(job.eventId);
}

/** The failed `process_completed` of §10.1. */
function failure(env: ServerEnv, job: Job, error: unknown, midStream: boolean): ServerMessage {
  let output: ErrorPayload;
  if (error instanceof FakeAppError) {
    const text = env.gradio4 && error.quoteOnGradio4 ? pythonRepr(error.message) : error.message;
    output = { error: text, duration: error.duration, visible: error.visible };
    if (!env.gradio4) output['title'] = error.title;
  } else if (env.showError) {
    // Gradio 6 marks a shown exception as visible (§15).
    output = env.gradio6 ? { error: errorText(error), visible: true } : { error: errorText(error) };
  } else {
    output = { error: null };
  }
  // The top-level title is the error's on a first call and null once a generator had streamed.
  const title = midStream ? null : typeof output['title'] === 'string' ? output['title'] : 'Error';
  return failedMessage(env.style, job.eventId, output, title);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function iteratorOf(result: unknown): Iterator<unknown> | AsyncIterator<unknown> | undefined {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
  const asyncFactory = (result as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown> })[Symbol.asyncIterator];
  if (typeof asyncFactory === 'function') return asyncFactory.call(result);
  const syncFactory = (result as { [Symbol.iterator]?: () => Iterator<unknown> })[Symbol.iterator];
  if (typeof syncFactory === 'function') return syncFactory.call(result);
  return undefined;
}

/** Settles like `promise`, or rejects as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
