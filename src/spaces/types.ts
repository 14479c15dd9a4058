/**
 * The shape every ready-made Space preset shares, and the parameters of one request.
 */
import type { Observable } from 'rxjs';
import type { GradioOptions } from '../context.js';
import type { GradioEvent } from '../events.js';

/** A fetch function, as `gradio(url, { fetch })` takes it. */
export type FetchLike = NonNullable<GradioOptions['fetch']>;

/**
 * One part of a multimodal message: `{ type: 'text', text }` is text, any other `type`
 * (an image, a file) carries no text for the prompt.
 */
export interface ContentPart {
  /** `'text'` (the default when missing), or the kind of a non-text part. */
  type?: string;
  /** The text of a text part. */
  text?: string;
  [key: string]: unknown;
}

/**
 * What a message may hold, as gpt4free accepts it: a string, a list of parts, `{ text }`,
 * a file reference `{ name }` (no text) or nothing.
 */
export type MessageContent = string | null | undefined | ContentPart | (ContentPart | string)[];

/** A chat message in the OpenAI style the original providers took. */
export interface ChatMessage {
  /** `'system'`, `'developer'`, `'user'`, `'assistant'` or any other role. */
  role: string;
  /** What the message says. */
  content: MessageContent;
}

/** A file to send: its bytes and its name, like gpt4free's `media` items. */
export type MediaItem = readonly [data: Uint8Array | ArrayBuffer | Blob, fileName: string];

/**
 * The parameters of one preset request.
 *
 * @example
 * ```ts
 * qwen25.stream({
 *   messages: [{ role: 'user', content: 'Name three primes.' }],
 *   apiKey: process.env.HF_TOKEN,
 * });
 * ```
 */
export interface SpaceParams {
  /** The conversation; it becomes one prompt (see `formatPrompt`). At least one message. */
  messages: ChatMessage[];
  /** Files for Spaces that take them (QVQ takes the first image; others ignore media). */
  media?: MediaItem[];
  /**
   * A model name or alias of this preset (see `models`, `modelAliases`). Each Space serves
   * one model, so this only checks the name: an unknown one is an `invalid-input` error.
   * @default the preset's `defaultModel`
   */
  model?: string;
  /**
   * A Hugging Face token: sent as `Authorization: Bearer` to the hub and as
   * `X-HF-Authorization: Bearer` to the Space's host (the Space's code never sees it), or as
   * `Authorization: Bearer` to a self-hosted `url`.
   */
  apiKey?: string;
  /**
   * The app to use instead of the preset's Space: a root URL (a duplicate of the Space, a
   * local Gradio server, a test server) or another Space id (`owner/name`).
   * @default the preset's `space`, looked up through the hub
   */
  url?: string;
  /**
   * The Hugging Face hub that finds the preset's Space by id (see `GradioOptions.hubUrl`).
   * @default 'https://huggingface.co'
   */
  hubUrl?: string;
  /** The fetch to use (tests, instrumentation). Not together with `proxy`. */
  fetch?: FetchLike;
  /** Extra headers for every request to the Space (e.g. `X-IP-Token` for ZeroGPU). */
  headers?: Record<string, string>;
  /**
   * Headers for this request's job only (its queue join or `/call` POST), e.g. the ZeroGPU
   * identity of the visitor a server relays: `{ jobHeaders: zeroGpuHeaders(request) }`.
   * @example { jobHeaders: { 'x-ip-token': visitorToken } }
   */
  jobHeaders?: Record<string, string>;
  /**
   * An HTTP proxy for every request (`http://127.0.0.1:8888`). Node only: it needs the
   * `undici` package; in a browser it is an `invalid-input` error.
   */
  proxy?: string;
}

/**
 * What a Space can take and give, as the seed providers declared it (`supports_stream`,
 * `supports_system_message`, `supports_message_history`) plus whether it takes images. The
 * AI SDK provider (`gradio-rx/ai`) reads them: it warns when a system prompt or a history is
 * flattened into one prompt, and refuses images for a Space that takes none.
 */
export interface SpaceCapabilities {
  /** The Space streams its answer (a generator endpoint): text arrives as it is written. */
  readonly supportsStream: boolean;
  /**
   * The Space takes a system prompt as an input of its own. When false, system messages
   * become `System: …` lines of the one prompt.
   */
  readonly supportsSystemMessage: boolean;
  /**
   * The Space takes the earlier turns as a chat history. When false, the conversation is
   * flattened into one prompt (`formatPrompt`).
   */
  readonly supportsMessageHistory: boolean;
  /** The Space takes images (`media`); a Space without it ignores media. */
  readonly supportsImages: boolean;
}

/**
 * A ready-made Space: its names and models, what it supports, and two ways to run a request.
 * Both are cold: each subscription is one job, and unsubscribing cancels it on the server.
 */
export interface SpacePreset<Params extends SpaceParams = SpaceParams> extends SpaceCapabilities {
  /** A name for people, e.g. "Qwen Qwen-2.5". */
  readonly label: string;
  /**
   * The Space's id on Hugging Face (`Qwen/Qwen2.5`): each request finds its host through the
   * hub (overridable per request with `url`).
   */
  readonly space: string;
  /** The Space's usual root URL, for people and links; requests go where the hub says (see `space`). */
  readonly url: string;
  /** The model used when a request names none. */
  readonly defaultModel: string;
  /** Every model name this preset answers to (aliases aside). */
  readonly models: readonly string[];
  /** Other names of the models: alias → model. */
  readonly modelAliases: Readonly<Record<string, string>>;
  /**
   * The answer as text deltas that concatenate to the whole answer. A failure is an RxJS
   * error carrying the typed `GradioError` (a `GpuQuotaError` for ZeroGPU quota).
   */
  stream(params: Params): Observable<string>;
  /**
   * Every event of the job (`uploading`, `queued`, `generating`, …) ending with exactly one
   * terminal event; failures are events (`error`, `gpu-quota-error`), never RxJS errors.
   */
  events(params: Params): Observable<GradioEvent>;
  /**
   * The answer's text so far in a job's outputs (the `data` of `generating` and `completed`
   * events), the text `stream` follows; `undefined` when the outputs hold none yet.
   *
   * @example
   * ```ts
   * qwen25.events(params).pipe(textDeltas((data) => qwen25.replyText(data)));
   * ```
   */
  replyText(data: unknown[]): string | undefined;
}
