/**
 * One Gradio job as the AI SDK's stream of parts: `stream-start`, `response-metadata`,
 * `text-start`, one `text-delta` per Gradio text delta, `text-end`, `finish`.
 *
 * The promise resolves when the Space starts answering (its first text, or the end of a job
 * that wrote none), the way an HTTP provider resolves on the response headers: a failure before
 * that (queue full, quota, Space unavailable) rejects it, so the AI SDK's retry logic sees the
 * `APICallError`. A failure after it is an `error` part followed by `finish`.
 */
import type { LanguageModelV4StreamPart, LanguageModelV4StreamResult, LanguageModelV4Usage, SharedV4ProviderMetadata, SharedV4Warning } from '@ai-sdk/provider';
import { connect, map, merge, type Observable, type Subscription } from 'rxjs';
import { isGradioError } from '../errors.js';
import type { CompletedEvent, GradioEvent } from '../events.js';
import { textDeltas } from '../operators/textDeltas.js';
import { toApiCallError } from './apiCallError.js';

/** A job ready to run, and what the stream needs to describe it. */
export interface SpaceJob {
  /** The job's events; cold: subscribing runs the job, unsubscribing cancels it on the server. */
  events: Observable<GradioEvent>;
  /** The reply's text in a job's outputs; the default follows the last text or chat output. */
  replyText?: (data: unknown[]) => string | undefined;
  /** The Space's root URL, for `APICallError.url`. */
  url: string;
  /** What is sent, for `request.body` and `APICallError.requestBodyValues` (no file bytes). */
  requestBody: unknown;
  /** What the job leaves out of the prompt (an image beyond the one the Space takes). */
  warnings?: SharedV4Warning[];
}

/** How one call streams. */
export interface JobStreamOptions {
  modelId: string;
  warnings: SharedV4Warning[];
  abortSignal?: AbortSignal;
  /** Every job event is also a `raw` part. */
  includeRawChunks?: boolean;
  /** Called with every job event (queue position, progress, logs …). */
  onEvent?: (event: GradioEvent) => void;
}

type Step = { event: GradioEvent } | { delta: string };

/** Job facts kept for `providerMetadata.gradio`. */
interface JobFacts {
  eventId?: string;
  queuePosition?: number;
  queueSize?: number;
  durationSeconds?: number;
}

const textId = 'text-0';

/** Runs the job and resolves with its stream of parts (see the module comment). */
export function streamJob(job: SpaceJob, options: JobStreamOptions): Promise<LanguageModelV4StreamResult> {
  const { abortSignal: signal } = options;
  // An abort before the job starts sends nothing.
  if (signal?.aborted === true) return Promise.reject(abortReason(signal));

  return new Promise<LanguageModelV4StreamResult>((resolve, reject) => {
    let controller!: ReadableStreamDefaultController<LanguageModelV4StreamPart>;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start: (c) => void (controller = c),
      // The reader gave up (streamText stopped, the UI hook was stopped): cancel the job.
      cancel: () => end(),
    });
    const facts: JobFacts = {};
    let subscription: Subscription | undefined;
    let opened = false;
    let ended = false;
    let textStarted = false;
    let completed: CompletedEvent | undefined;

    const open = (): void => {
      if (opened) return;
      opened = true;
      resolve({ stream, request: { url: job.url, body: job.requestBody } });
    };
    const end = (): void => {
      ended = true;
      signal?.removeEventListener('abort', onAbort);
      subscription?.unsubscribe();
    };
    const fail = (error: unknown): void => {
      if (ended) return;
      end();
      const reported = isGradioError(error) ? toApiCallError(error, job.url, job.requestBody) : error;
      if (!opened) return reject(reported);
      controller.enqueue({ type: 'error', error: reported });
      controller.enqueue(finishPart('error', isGradioError(error) ? error.type : undefined, facts));
      controller.close();
    };
    function onAbort(): void {
      if (ended) return;
      end();
      const reason = abortReason(signal!);
      if (opened) controller.error(reason);
      else reject(reason);
    }
    const onEvent = (event: GradioEvent): void => {
      options.onEvent?.(event);
      if (options.includeRawChunks === true) controller.enqueue({ type: 'raw', rawValue: event });
      noteFacts(event, facts, () => controller.enqueue({ type: 'response-metadata', id: facts.eventId!, modelId: options.modelId, timestamp: new Date() }));
      if (event.type === 'error' || event.type === 'gpu-quota-error') fail(event.error);
      else if (event.type === 'completed') completed = event;
    };
    const onDelta = (delta: string): void => {
      if (!textStarted) {
        textStarted = true;
        controller.enqueue({ type: 'text-start', id: textId });
      }
      controller.enqueue({ type: 'text-delta', id: textId, delta });
      open();
    };

    signal?.addEventListener('abort', onAbort, { once: true });
    controller.enqueue({ type: 'stream-start', warnings: options.warnings });
    subscription = job.events
      .pipe(
        // One job, read twice: its events, and the text deltas of its outputs.
        connect((events) => merge(events.pipe(map((event): Step => ({ event }))), events.pipe(textDeltas(job.replyText), map((delta): Step => ({ delta }))))),
      )
      .subscribe({
        next(step) {
          if (ended) return;
          try {
            if ('event' in step) onEvent(step.event);
            else onDelta(step.delta);
          } catch (error) {
            fail(error); // a throwing onEvent callback, say: reported, never unhandled
          }
        },
        error: fail,
        complete() {
          if (ended) return;
          if (completed === undefined) return fail(new Error('The job ended without a terminal event'));
          facts.durationSeconds = completed.durationSeconds;
          end();
          if (textStarted) controller.enqueue({ type: 'text-end', id: textId });
          controller.enqueue(finishPart('stop', 'completed', facts));
          controller.close();
          open();
        },
      });
    if (ended) subscription.unsubscribe();
  });
}

/** Records what the metadata reports; `announce` runs once, when the event id is first known. */
function noteFacts(event: GradioEvent, facts: JobFacts, announce: () => void): void {
  if ('eventId' in event && event.eventId !== undefined && facts.eventId === undefined) {
    facts.eventId = event.eventId;
    announce();
  }
  if (event.type === 'queued') {
    facts.queuePosition = event.position ?? facts.queuePosition;
    facts.queueSize = event.queueSize ?? facts.queueSize;
  }
}

/** Gradio reports no token counts: every count stays undefined, never invented. */
const unknownUsage: LanguageModelV4Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

function finishPart(unified: 'stop' | 'error', raw: string | undefined, facts: JobFacts): LanguageModelV4StreamPart {
  return { type: 'finish', finishReason: { unified, raw }, usage: unknownUsage, providerMetadata: gradioMetadata(facts) };
}

/** `providerMetadata.gradio`: the job's event id, queue position and size, and duration. */
function gradioMetadata(facts: JobFacts): SharedV4ProviderMetadata {
  const gradio: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(facts)) if (value !== undefined) gradio[key] = value as string | number;
  return { gradio };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
