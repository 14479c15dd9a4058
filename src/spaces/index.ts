/**
 * `gradio-rx/spaces`: ready-made presets for the two seed Spaces and the model registry.
 */
export { qwenQvq72b } from './qwenQvq72b.js';
export type { QvqParams, QvqPreset } from './qwenQvq72b.js';
export { qwen25, qwen25DefaultSystemPrompt } from './qwen25.js';
export { resolveModel, spacePresets } from './registry.js';
export type { ResolvedModel } from './registry.js';
export { formatPrompt, contentText } from './formatPrompt.js';
export { sniffImageType } from './sniffImage.js';
export type { ImageMimeType } from './sniffImage.js';
export { chatReplyText } from './chatReply.js';
export type { ChatMessage, ContentPart, FetchLike, MediaItem, MessageContent, SpaceCapabilities, SpaceParams, SpacePreset } from './types.js';
