/**
 * A `ChatTransport` for the AI SDK's UI hooks (`useChat` and its Angular, Vue and Svelte
 * equivalents) that talks to a Space straight from the browser: no server route in between.
 * Structurally typed, so this entry needs only `@ai-sdk/provider`, not `ai`.
 */
import type { LanguageModelV4, LanguageModelV4FilePart, LanguageModelV4Message, LanguageModelV4Prompt, LanguageModelV4StreamPart, LanguageModelV4TextPart } from '@ai-sdk/provider';

/** The parts of a UI message this transport reads (the AI SDK's `UIMessage` fits). */
export interface ChatUIMessagePart {
  /** `'text'` and `'file'` are read; other parts (tools, data, reasoning) stay in the UI. */
  type: string;
  /** A text part's text. */
  text?: string;
  /** A file part's URL: a `data:` URL or a hosted file. */
  url?: string;
  /** A file part's IANA media type, e.g. `image/png`. */
  mediaType?: string;
  /** A file part's name. */
  filename?: string;
}

/** A UI message as the hooks hold it (the AI SDK's `UIMessage` fits). */
export interface ChatUIMessage {
  /** The message's id in the UI. */
  id: string;
  /** Who wrote it. */
  role: 'system' | 'user' | 'assistant';
  /** Its content, in order. */
  parts: ChatUIMessagePart[];
}

/** Why an answer ended, as the AI SDK's `FinishReason` says it. */
export type ChatFinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'interrupted' | 'other';

/**
 * The UI message chunks this transport streams (a subset of the AI SDK's `UIMessageChunk`):
 * `start`, `start-step`, `text-start`, `text-delta`…, `text-end`, `finish-step`, `finish`, or an
 * `error` when the Space fails after it started answering.
 */
export type ChatUIChunk = ChatUIMarkerChunk | ChatUITextChunk | ChatUITextDeltaChunk | ChatUIFinishChunk | ChatUIErrorChunk;

/** A chunk that opens or closes the message or its step. */
export interface ChatUIMarkerChunk {
  /** Which boundary. */
  type: 'start' | 'start-step' | 'finish-step';
}

/** The start or the end of the answer's text part. */
export interface ChatUITextChunk {
  /** Opening or closing the text part `id`. */
  type: 'text-start' | 'text-end';
  /** The text part. */
  id: string;
}

/** New text of the answer. */
export interface ChatUITextDeltaChunk {
  /** `'text-delta'`. */
  type: 'text-delta';
  /** The text part it belongs to. */
  id: string;
  /** The new text. */
  delta: string;
}

/** The end of the answer. */
export interface ChatUIFinishChunk {
  /** `'finish'`. */
  type: 'finish';
  /** Why it ended. */
  finishReason: ChatFinishReason;
}

/** A failure after the answer started. */
export interface ChatUIErrorChunk {
  /** `'error'`. */
  type: 'error';
  /** What failed, for people. */
  errorText: string;
}

/** Options of `GradioChatTransport`. */
export interface GradioChatTransportOptions {
  /** The model that answers: `provider('qwen-2.5')`, `provider.chat(…)`, or any `LanguageModelV4`. */
  model: LanguageModelV4;
}

/**
 * Runs each chat request as a job of the model's Space, in the browser or in Node. `stop()` in
 * the hooks aborts the request, which cancels the job on the Space.
 *
 * @example
 * ```ts
 * import { useChat } from '@ai-sdk/react';
 * const spaces = createGradioProvider();
 * const chat = useChat({ transport: new GradioChatTransport({ model: spaces('qwen-2.5') }) });
 * ```
 */
export class GradioChatTransport {
  readonly #model: LanguageModelV4;

  constructor(options: GradioChatTransportOptions) {
    this.#model = options.model;
  }

  /**
   * Sends the conversation to the Space and streams the answer as UI message chunks. The
   * request's `headers` (`sendMessage(message, { headers })`) go with this job only; a `body`
   * has nowhere to go on a Gradio endpoint and is not sent.
   */
  async sendMessages(options: {
    messages: ChatUIMessage[];
    abortSignal: AbortSignal | undefined;
    headers?: Record<string, string> | Headers;
  }): Promise<ReadableStream<ChatUIChunk>> {
    // A Headers object of any fetch implementation, told by its shape; else a plain record.
    const given = options.headers;
    const headers = given !== undefined && typeof (given as Headers).entries === 'function' ? Object.fromEntries((given as Headers).entries()) : (given as Record<string, string> | undefined);
    const { stream } = await this.#model.doStream({
      prompt: toPrompt(options.messages),
      ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
      ...(headers === undefined ? {} : { headers }),
    });
    return stream.pipeThrough(toUIChunks());
  }

  /** A Gradio job cannot be rejoined by another request: there is never a stream to resume. */
  async reconnectToStream(): Promise<null> {
    return null;
  }
}

/** The UI messages as the model's prompt: texts and files; tool and data parts stay in the UI. */
function toPrompt(messages: readonly ChatUIMessage[]): LanguageModelV4Prompt {
  return messages.flatMap((message): LanguageModelV4Message[] => {
    const texts = message.parts.filter((part) => part.type === 'text' && typeof part.text === 'string').map((part): LanguageModelV4TextPart => ({ type: 'text', text: part.text! }));
    if (message.role === 'system') return [{ role: 'system', content: texts.map((part) => part.text).join('\n') }];
    if (message.role === 'assistant') return [{ role: 'assistant', content: texts }];
    const files = message.parts.filter((part) => part.type === 'file' && typeof part.url === 'string').map(toFilePart);
    return [{ role: 'user', content: [...texts, ...files] }];
  });
}

function toFilePart(part: ChatUIMessagePart): LanguageModelV4FilePart {
  const url = part.url!;
  const base64 = /^data:[^,]*;base64,/.exec(url);
  const filePart: LanguageModelV4FilePart = {
    type: 'file',
    mediaType: part.mediaType ?? 'application/octet-stream',
    data: base64 === null ? { type: 'url', url: new URL(url) } : { type: 'data', data: url.slice(base64[0].length) },
  };
  if (part.filename !== undefined) filePart.filename = part.filename;
  return filePart;
}

/** The model's stream parts as UI message chunks: one message, one step. */
function toUIChunks(): TransformStream<LanguageModelV4StreamPart, ChatUIChunk> {
  return new TransformStream({
    transform(part, controller) {
      switch (part.type) {
        case 'stream-start':
          controller.enqueue({ type: 'start' });
          controller.enqueue({ type: 'start-step' });
          break;
        case 'text-start':
        case 'text-end':
          controller.enqueue({ type: part.type, id: part.id });
          break;
        case 'text-delta':
          controller.enqueue({ type: 'text-delta', id: part.id, delta: part.delta });
          break;
        case 'error':
          controller.enqueue({ type: 'error', errorText: part.error instanceof Error ? part.error.message : String(part.error) });
          break;
        case 'finish':
          controller.enqueue({ type: 'finish-step' });
          controller.enqueue({ type: 'finish', finishReason: part.finishReason.unified });
          break;
        default:
          break; // metadata, raw events: nothing to show
      }
    },
  });
}
