/**
 * `gradio-rx/ai`: Gradio Spaces as Vercel AI SDK language models, for the presets and any
 * chat Space, and a `ChatTransport` for the AI SDK's UI hooks.
 */
export { createGradioProvider } from './provider.js';
export type { GradioProvider, GradioPresetSettings } from './provider.js';
export type { GradioProviderOptions } from './connection.js';
export { GradioLanguageModel } from './languageModel.js';
export type { GradioModelSettings } from './languageModel.js';
export type { ChatInput, ChatInputValue, GradioChatSettings } from './chatSource.js';
export { GradioChatTransport } from './chatTransport.js';
export type {
  ChatFinishReason,
  ChatUIChunk,
  ChatUIErrorChunk,
  ChatUIFinishChunk,
  ChatUIMarkerChunk,
  ChatUIMessage,
  ChatUIMessagePart,
  ChatUITextChunk,
  ChatUITextDeltaChunk,
  GradioChatTransportOptions,
} from './chatTransport.js';
export { longestHonouredRetryMs } from './apiCallError.js';
export type { SpaceCapabilities } from '../spaces/types.js';
