/**
 * A Gradio Space as an AI SDK language model (`LanguageModelV4`). Where the job comes from —
 * a preset or any chat endpoint — is a `JobSource`; this class does what is common: read the
 * prompt, warn about settings, stream or collect the answer.
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { isGradioError } from '../errors.js';
import type { GradioEvent } from '../events.js';
import type { SpaceCapabilities } from '../spaces/types.js';
import { toApiCallError } from './apiCallError.js';
import { callHeaders, unsupportedSettings } from './callWarnings.js';
import { type JobStreamOptions, type SpaceJob, streamJob } from './jobStream.js';
import { readPrompt, type SpacePrompt } from './prompt.js';

/** Where a model's jobs come from. */
export interface JobSource {
  /** The Space's root URL, for errors. */
  readonly url: string;
  /** What the Space takes (a chat endpoint's are read from its `/config`). */
  capabilities(): Promise<SpaceCapabilities>;
  /** The job answering a prompt (cold: nothing runs until it is subscribed). */
  job(prompt: SpacePrompt, call: JobCall): Promise<SpaceJob>;
}

/** What a job takes from the call besides the prompt. */
export interface JobCall {
  signal?: AbortSignal;
  /** Headers for the job's join request only (see `callHeaders`). */
  headers?: Record<string, string>;
}

/** Settings every Gradio language model takes. */
export interface GradioModelSettings {
  /**
   * Called with every event of each job: `queued` (with the queue position), `started`,
   * `progress`, `log`, `generating`, the terminal event. The same events are `raw` parts of
   * the stream when the call sets `includeRawChunks`.
   *
   * @example
   * ```ts
   * spaces('qwen-2.5', { onEvent: (e) => e.type === 'queued' && console.log(`position ${e.position}`) });
   * ```
   */
  onEvent?: (event: GradioEvent) => void;
}

/**
 * A language model backed by a Gradio Space. `doStream` streams the Space's text as it is
 * written, `doGenerate` returns it whole; an `abortSignal` cancels the job on the Space.
 */
export class GradioLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'gradio';
  readonly modelId: string;
  /** No URL is passed through: the AI SDK downloads URL images and hands over their bytes. */
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #source: JobSource;
  readonly #settings: GradioModelSettings;

  /** @internal models are made by `createGradioProvider()`'s provider. */
  constructor(modelId: string, source: JobSource, settings: GradioModelSettings = {}) {
    this.modelId = modelId;
    this.#source = source;
    this.#settings = settings;
  }

  /**
   * What the Space takes and gives: the preset's flags, or for a `provider.chat` model the
   * ones derived from its endpoint (its `/config` is read once).
   */
  capabilities(): Promise<SpaceCapabilities> {
    return this.#source.capabilities();
  }

  /** Streams the answer: see the AI SDK's `LanguageModelV4.doStream`. */
  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const signal = options.abortSignal;
    signal?.throwIfAborted();
    let job: SpaceJob;
    let warnings: SharedV4Warning[];
    try {
      const prompt = readPrompt(options.prompt, await this.#source.capabilities());
      const call: JobCall = {};
      if (signal !== undefined) call.signal = signal;
      const headers = callHeaders(options);
      if (headers !== undefined) call.headers = headers;
      job = await this.#source.job(prompt, call);
      warnings = [...unsupportedSettings(options), ...prompt.warnings, ...(job.warnings ?? [])];
    } catch (error) {
      // Failures before the job (reading /config, fetching an image URL) are API call errors too.
      throw isGradioError(error) ? toApiCallError(error, this.#source.url, undefined) : error;
    }
    const streamOptions: JobStreamOptions = { modelId: this.modelId, warnings };
    if (signal !== undefined) streamOptions.abortSignal = signal;
    if (options.includeRawChunks !== undefined) streamOptions.includeRawChunks = options.includeRawChunks;
    if (this.#settings.onEvent !== undefined) streamOptions.onEvent = this.#settings.onEvent;
    return streamJob(job, streamOptions);
  }

  /** Generates the whole answer: see the AI SDK's `LanguageModelV4.doGenerate`. */
  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { stream, request } = await this.doStream({ ...options, includeRawChunks: false });
    let text = '';
    let warnings: SharedV4Warning[] = [];
    let finishReason: LanguageModelV4FinishReason = { unified: 'other', raw: undefined };
    let usage: LanguageModelV4Usage | undefined;
    let providerMetadata: SharedV4ProviderMetadata | undefined;
    const response: LanguageModelV4GenerateResult['response'] = { modelId: this.modelId };
    const reader = stream.getReader();
    for (;;) {
      const { done, value: part } = await reader.read();
      if (done) break;
      if (part.type === 'stream-start') warnings = part.warnings;
      else if (part.type === 'text-delta') text += part.delta;
      else if (part.type === 'response-metadata') Object.assign(response, { id: part.id, timestamp: part.timestamp });
      else if (part.type === 'error') throw part.error;
      else if (part.type === 'finish') ({ finishReason, usage, providerMetadata } = part);
    }
    const content: LanguageModelV4Content[] = text === '' ? [] : [{ type: 'text', text }];
    return {
      content,
      finishReason,
      usage: usage!,
      warnings,
      request: request ?? {},
      response,
      ...(providerMetadata === undefined ? {} : { providerMetadata }),
    };
  }
}
