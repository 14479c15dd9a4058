/**
 * Jobs of any Gradio chat endpoint (`provider.chat(source, settings)`): the prompt is spread
 * over the endpoint's inputs as `settings.inputs` says, with the history in the format the
 * app's chatbot expects, read from its `/config`.
 */
import type { SharedV4Warning } from '@ai-sdk/provider';
import { firstValueFrom } from 'rxjs';
import { buildChatHistory, chatHistoryFormat, type ChatHistoryFormat } from '../chat/history.js';
import { chatReplyText } from '../chat/replyText.js';
import type { GradioApp } from '../client.js';
import { type Endpoint, resolveEndpoint } from '../endpoints.js';
import { GradioError } from '../errors.js';
import type { GradioConfig } from '../protocol.js';
import { formatPrompt } from '../spaces/formatPrompt.js';
import type { FetchLike, SpaceCapabilities } from '../spaces/types.js';
import type { SpaceJob } from './jobStream.js';
import type { GradioModelSettings, JobCall, JobSource } from './languageModel.js';
import { chatMessages, type SpacePrompt } from './prompt.js';
import { promptFileBlob } from './promptFiles.js';

/**
 * What one input of a chat endpoint receives, in the order of the endpoint's inputs:
 * - `'prompt'`: the last user message's text (or, when there is no `'history'` input, the whole
 *   conversation as one prompt, `formatPrompt`'s way);
 * - `'system'`: the system messages' text joined with `\n` (the component's own default when
 *   the prompt has none);
 * - `'history'`: the earlier turns as a chat history in the chatbot's format: pairs for a tuples
 *   chatbot, messages for a messages chatbot, messages with text blocks on Gradio 6;
 * - `'image'`: the first image (`null` when there is none), for a `gr.Image` input;
 * - `'files'`: every image, for a `gr.File(file_count="multiple")` input;
 * - `'message'`: `{ text, files }`, for a `gr.MultimodalTextbox` input;
 * - `{ value }`: this value, always (a model size, a temperature slider …).
 */
export type ChatInput = 'prompt' | 'system' | 'history' | 'image' | 'files' | 'message' | ChatInputValue;

/** A chat input that always receives the same value. */
export interface ChatInputValue {
  /** The value sent to the input with every request. */
  value: unknown;
}

/**
 * The settings of `provider.chat(source, settings)`.
 *
 * @example
 * ```ts
 * // Qwen2.5's model_chat(query, history, system, radio) -> (textbox, chatbot)
 * const model = spaces.chat('https://qwen-qwen2-5.hf.space', {
 *   endpoint: '/model_chat',
 *   inputs: ['prompt', 'history', 'system', { value: '72B' }],
 * });
 * ```
 */
export interface GradioChatSettings extends GradioModelSettings {
  /** The endpoint: an api name (`'/chat'` or `'chat'`) or an fn_index. */
  endpoint: Endpoint;
  /** One entry per input of the endpoint, saying what it receives (see `ChatInput`). */
  inputs: readonly ChatInput[];
  /**
   * Which output holds the answer: a chatbot (its last reply is read) or a text.
   * @default the endpoint's first chatbot output, else its last output holding text
   */
  output?: number;
}

/** What `/config` says about the endpoint, read once. */
interface ResolvedChat {
  capabilities: SpaceCapabilities;
  historyFormat: ChatHistoryFormat;
  /** The system component's own default, for prompts without a system message. */
  defaultSystem: string;
  replyText: ((data: unknown[]) => string | undefined) | undefined;
}

/** The job source of a chat endpoint of `app`. */
export function chatSource(app: GradioApp, url: string, settings: GradioChatSettings, fetch: FetchLike | undefined): JobSource {
  checkInputs(settings.inputs);
  let resolved: Promise<ResolvedChat> | undefined;
  const resolve = (): Promise<ResolvedChat> =>
    (resolved ??= firstValueFrom(app.config())
      .then((config) => resolveChat(config, settings))
      .catch((error: unknown) => {
        resolved = undefined; // a failed /config is read again next time
        throw error;
      }));

  return {
    url,
    capabilities: async () => (await resolve()).capabilities,
    async job(prompt: SpacePrompt, { signal, headers }: JobCall): Promise<SpaceJob> {
      const chat = await resolve();
      const files: File[] = [];
      for (const file of prompt.files) files.push(await promptFileBlob(file, fetch ?? globalThis.fetch, signal));
      const data = settings.inputs.map((input) => inputValue(input, prompt, chat, files));
      const job: SpaceJob = {
        events: app.submit(settings.endpoint, data, headers === undefined ? {} : { headers }),
        url,
        requestBody: { endpoint: settings.endpoint, data: data.map(withoutBytes) },
        warnings: extraImageWarnings(settings.inputs, files.length),
      };
      if (chat.replyText !== undefined) job.replyText = chat.replyText;
      return job;
    },
  };
}

function resolveChat(config: GradioConfig, settings: GradioChatSettings): ResolvedChat {
  const { dependency, label } = resolveEndpoint(config, settings.endpoint);
  const { inputs } = settings;
  if (dependency.inputs.length !== inputs.length) {
    throw new GradioError({
      type: 'invalid-input',
      endpoint: label,
      message: `${label} takes ${dependency.inputs.length} inputs, but inputs names ${inputs.length}: give one ChatInput per input of the endpoint`,
    });
  }
  const { output } = settings;
  if (output !== undefined && !(Number.isInteger(output) && output >= 0 && output < dependency.outputs.length)) {
    throw new GradioError({
      type: 'invalid-input',
      endpoint: label,
      message: `${label} has ${dependency.outputs.length} outputs: output must be an index from 0 to ${dependency.outputs.length - 1}, not ${String(output)}`,
    });
  }
  const componentAt = (slot: number) => config.components.find((component) => component.id === dependency.inputs[slot]);
  const historySlot = inputs.indexOf('history');
  const systemDefault = componentAt(inputs.indexOf('system'))?.props?.['value'];
  return {
    capabilities: {
      supportsStream: dependency.types?.generator === true,
      supportsSystemMessage: inputs.includes('system'),
      supportsMessageHistory: historySlot !== -1,
      supportsImages: inputs.some((input) => input === 'image' || input === 'files' || input === 'message'),
    },
    historyFormat: chatHistoryFormat(config, dependency.inputs[historySlot]),
    defaultSystem: typeof systemDefault === 'string' ? systemDefault : '',
    replyText: replyReader(config, dependency.outputs, settings.output),
  };
}

/** Reads the answer from the chosen output, or from the first chatbot output. */
function replyReader(config: GradioConfig, outputs: number[], chosen: number | undefined): ((data: unknown[]) => string | undefined) | undefined {
  const index = chosen ?? outputs.findIndex((id) => config.components.find((component) => component.id === id)?.type === 'chatbot');
  if (index === -1) return undefined; // no chatbot: the last output holding text is followed
  return (data) => {
    const value = data[index];
    return typeof value === 'string' ? value : chatReplyText(value);
  };
}

function inputValue(input: ChatInput, prompt: SpacePrompt, chat: ResolvedChat, files: File[]): unknown {
  const hasHistory = chat.capabilities.supportsMessageHistory;
  switch (input) {
    case 'prompt':
      return promptText(prompt, hasHistory, chat.capabilities.supportsSystemMessage);
    case 'system':
      return prompt.system.length === 0 ? chat.defaultSystem : prompt.system.join('\n');
    case 'history':
      return buildChatHistory(prompt.turns.slice(0, -1), chat.historyFormat);
    case 'image':
      return files[0] ?? null;
    case 'files':
      return files;
    case 'message':
      return { text: promptText(prompt, hasHistory, chat.capabilities.supportsSystemMessage), files };
    default:
      return input.value;
  }
}

/**
 * The question alone when the history has an input of its own, else the whole conversation
 * as one prompt; system messages without an input of their own go into that prompt as lines.
 */
function promptText(prompt: SpacePrompt, hasHistory: boolean, hasSystem: boolean): string {
  const question = prompt.messages.at(-1)!; // readPrompt ensures it is the user's
  const flattened = hasHistory ? [...prompt.messages.filter((message) => message.role === 'system'), question] : prompt.messages;
  const messages = flattened.filter((message) => !hasSystem || message.role !== 'system');
  return formatPrompt(chatMessages(messages));
}

function extraImageWarnings(inputs: readonly ChatInput[], fileCount: number): SharedV4Warning[] {
  const takesAll = inputs.includes('files') || inputs.includes('message');
  if (takesAll || fileCount <= 1) return [];
  return [{ type: 'unsupported', feature: 'several images', details: `The endpoint takes one image: only the first of ${fileCount} is sent.` }];
}

const slotNames = new Set(['prompt', 'system', 'history', 'image', 'files', 'message']);

function checkInputs(inputs: readonly ChatInput[]): void {
  if (!Array.isArray(inputs)) {
    throw new GradioError({ type: 'invalid-input', message: "inputs must be an array with one entry per input of the endpoint, e.g. ['prompt', 'history']" });
  }
  for (const input of inputs) {
    const known = typeof input === 'string' ? slotNames.has(input) : typeof input === 'object' && input !== null && 'value' in input;
    if (!known) {
      throw new GradioError({
        type: 'invalid-input',
        message: `Unknown chat input ${JSON.stringify(input)}: use 'prompt', 'system', 'history', 'image', 'files', 'message' or { value }`,
      });
    }
  }
  for (const single of ['prompt', 'system', 'history'] as const) {
    if (inputs.filter((input) => input === single).length > 1) {
      throw new GradioError({ type: 'invalid-input', message: `inputs names '${single}' twice` });
    }
  }
}

/** The request body as reported: files by name and size, not by their bytes. */
function withoutBytes(value: unknown): unknown {
  if (value instanceof Blob) return { name: (value as File).name ?? 'file', size: value.size };
  if (Array.isArray(value)) return value.map(withoutBytes);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutBytes(item)]));
  }
  return value;
}
