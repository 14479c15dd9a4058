/**
 * `createGradioProvider()`: the presets, and any Gradio chat Space, as AI SDK models.
 */
import { NoSuchModelError, type ProviderV4 } from '@ai-sdk/provider';
import { gradio, type GradioOptions } from '../client.js';
import { isGradioError } from '../errors.js';
import { redactCredentials } from '../source.js';
import { resolveModel, type ResolvedModel } from '../spaces/registry.js';
import { chatSource, type GradioChatSettings } from './chatSource.js';
import type { GradioProviderOptions } from './connection.js';
import { type GradioModelSettings, GradioLanguageModel } from './languageModel.js';
import { presetSource } from './presetSource.js';

/** Settings of a preset's model: `provider(modelId, settings)`. */
export interface GradioPresetSettings extends GradioModelSettings {
  /**
   * The root URL to send the jobs to instead of the preset's Space: a duplicate of the Space,
   * a local Gradio server, a test server.
   * @default the preset's `url`
   */
  url?: string;
}

/**
 * A provider of Gradio Spaces for the AI SDK. Call it with a model name or alias of a preset
 * (`'qwen-2.5'`, `'qvq-72b'`, anything `resolveModel()` accepts), or use `chat()` for any
 * chat Space.
 */
export interface GradioProvider extends ProviderV4 {
  /** The language model of a preset; see `languageModel`. */
  (modelId: string, settings?: GradioPresetSettings): GradioLanguageModel;
  /**
   * The language model of the preset serving `modelId`.
   *
   * @throws NoSuchModelError (the AI SDK's) for an unknown name; its message lists the known ones.
   */
  languageModel(modelId: string, settings?: GradioPresetSettings): GradioLanguageModel;
  /**
   * Any Gradio chat endpoint as a language model. `settings.inputs` says what each input of
   * the endpoint receives; the history is built in the format the app's chatbot expects (read
   * from its `/config`: pairs on Gradio 4/5 tuples chatbots, messages, text blocks on Gradio 6).
   *
   * @param source a Gradio root URL or a Space id (`owner/space`).
   * @example
   * ```ts
   * const model = spaces.chat('http://127.0.0.1:7860', { endpoint: '/chat', inputs: ['prompt', 'history'] });
   * const { text } = await generateText({ model, messages });
   * ```
   */
  chat(source: string | URL, settings: GradioChatSettings): GradioLanguageModel;
  /** Gradio Spaces serve no embedding models here: always throws `NoSuchModelError`. */
  embeddingModel(modelId: string): never;
  /** Gradio Spaces serve no image models here: always throws `NoSuchModelError`. */
  imageModel(modelId: string): never;
}

/**
 * Creates a provider of Gradio Spaces for the Vercel AI SDK.
 *
 * @example
 * ```ts
 * import { streamText } from 'ai';
 * import { createGradioProvider } from 'gradio-rx/ai';
 *
 * const spaces = createGradioProvider({ token: process.env.HF_TOKEN });
 * const result = streamText({ model: spaces('qwen-2.5'), messages: [{ role: 'user', content: 'Hello' }] });
 * for await (const text of result.textStream) process.stdout.write(text);
 * ```
 */
export function createGradioProvider(options: GradioProviderOptions = {}): GradioProvider {
  const connection: GradioProviderOptions = { ...options };

  const languageModel = (modelId: string, settings: GradioPresetSettings = {}): GradioLanguageModel => {
    const { preset, model } = presetFor(modelId);
    return new GradioLanguageModel(modelId, presetSource(preset, model, connection, settings.url), settings);
  };

  const chat = (source: string | URL, settings: GradioChatSettings): GradioLanguageModel => {
    const appOptions: GradioOptions = {};
    if (connection.token !== undefined) appOptions.token = connection.token;
    if (connection.fetch !== undefined) appOptions.fetch = connection.fetch;
    if (connection.headers !== undefined) appOptions.headers = connection.headers;
    if (connection.hubUrl !== undefined) appOptions.hubUrl = connection.hubUrl;
    const app = gradio(source, appOptions);
    // Shown in model ids and errors: never with credentials someone put in the URL.
    const url = redactCredentials(String(source));
    const modelId = `${url}${typeof settings.endpoint === 'number' ? `#${settings.endpoint}` : `/${settings.endpoint.replace(/^\//, '')}`}`;
    return new GradioLanguageModel(modelId, chatSource(app, url, settings, connection.fetch), settings);
  };

  const noSuchModel = (modelType: 'embeddingModel' | 'imageModel') => (modelId: string): never => {
    throw new NoSuchModelError({ modelId, modelType, message: `gradio-rx/ai serves language models only, not an ${modelType} "${modelId}"` });
  };

  return Object.assign((modelId: string, settings?: GradioPresetSettings) => languageModel(modelId, settings), {
    specificationVersion: 'v4' as const,
    languageModel,
    chat,
    embeddingModel: noSuchModel('embeddingModel'),
    imageModel: noSuchModel('imageModel'),
  });
}

/** The preset of a model name or alias, or the AI SDK's `NoSuchModelError`. */
function presetFor(modelId: string): ResolvedModel {
  try {
    return resolveModel(modelId);
  } catch (error) {
    if (!isGradioError(error)) throw error;
    throw new NoSuchModelError({ modelId, modelType: 'languageModel', message: error.message });
  }
}
