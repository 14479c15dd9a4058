/**
 * A `ChatTransport` for the AI SDK's UI hooks (`useChat` and its Angular, Vue and Svelte
 * equivalents) that talks to a Space straight from the browser: no server route in between.
 * Structurally typed, so this entry needs only `@ai-sdk/provider`, not `ai`.
 */
import type { LanguageModelV4, LanguageModelV4FilePart, LanguageModelV4Message, LanguageModelV4Prompt, LanguageModelV4StreamPart, LanguageModelV4TextPart } from '@ai-sdk/provider';

/** The parts of a UI message this transport reads (the AI SDK's `UIMessage` fits). */
export interface ChatUIMessagePart {
  type: string;
  text?: string;
  /** A file part's URL: a `data:` URL or a hosted file. */
  url?: string;
  mediaType?: string;
  filename?: string;
}

/** A UI message as the hooks hold it (the AI SDK's `UIMessage` fits). */
export interface ChatUIMessage {
  id: string;
  role: 'system' | 'user' | 'assistant';
  parts: ChatUIMessagePart[];
}

/** The UI message chunks this transport streams (a subset of the AI SDK's `UIMessageChunk`). */
export type ChatUIChunk =
  | { type: 'start' }
  | { type: 'start-step' }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'finish-step' }
  | { type: 'finish'; finishReason: 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'interrupted' | 'other' }
  | { type: 'error'; errorText: string };

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

  /** Sends the conversation to the Space and streams the answer as UI message chunks. */
  async sendMessages(options: { messages: ChatUIMessage[]; abortSignal: AbortSignal | undefined }): Promise<ReadableStream<ChatUIChunk>> {
    const { stream } = await this.#model.doStream({
      prompt: toPrompt(options.messages),
      ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
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
