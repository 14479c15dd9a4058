/**
 * Jobs of a ready-made preset (`gradio-rx/spaces`): the AI SDK prompt becomes the preset's
 * messages and media, so the Space gets the same prompt the preset builds for its own callers.
 */
import type { MediaItem, SpaceCapabilities, SpacePreset } from '../spaces/types.js';
import type { JobCall, JobSource } from './languageModel.js';
import { chatMessages, type SpacePrompt } from './prompt.js';
import { promptFileBlob } from './promptFiles.js';
import type { GradioProviderOptions } from './connection.js';
import type { SpaceJob } from './jobStream.js';

/** The job source of `preset` serving `model`, at `url` (the preset's own by default). */
export function presetSource(preset: SpacePreset, model: string, connection: GradioProviderOptions, url: string | undefined): JobSource {
  const capabilities: SpaceCapabilities = {
    supportsStream: preset.supportsStream,
    supportsSystemMessage: preset.supportsSystemMessage,
    supportsMessageHistory: preset.supportsMessageHistory,
    supportsImages: preset.supportsImages,
  };
  const root = url ?? preset.url;
  return {
    url: root,
    capabilities: () => Promise.resolve(capabilities),
    async job(prompt: SpacePrompt, { signal, headers }: JobCall): Promise<SpaceJob> {
      const messages = chatMessages(prompt.messages);
      const media: MediaItem[] = [];
      for (const file of prompt.files) {
        // An empty name lets the preset name the image after the type its bytes show.
        media.push([await promptFileBlob(file, connection.fetch ?? globalThis.fetch, signal), file.part.filename ?? '']);
      }
      const params = {
        model,
        messages,
        ...(media.length === 0 ? {} : { media }),
        ...(url === undefined ? {} : { url }),
        ...(connection.token === undefined ? {} : { apiKey: connection.token }),
        ...(connection.fetch === undefined ? {} : { fetch: connection.fetch }),
        ...(connection.headers === undefined ? {} : { headers: connection.headers }),
        ...(connection.hubUrl === undefined ? {} : { hubUrl: connection.hubUrl }),
        ...(headers === undefined ? {} : { jobHeaders: headers }),
      };
      return {
        events: preset.events(params),
        replyText: (data) => preset.replyText(data),
        url: root,
        requestBody: { model, messages, media: media.map(([file, name]) => ({ name, size: (file as Blob).size })) },
        // The presets send one image (QVQ's `generate` takes one).
        warnings: media.length > 1 ? [{ type: 'unsupported', feature: 'several images', details: `This Space takes one image: only the first of ${media.length} is sent.` }] : [],
      };
    },
  };
}
