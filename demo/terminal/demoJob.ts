/**
 * What the terminal demo asks a Space: the preset, its parameters, and where the answer's
 * text is in the Space's outputs.
 */
import type { Observable } from 'rxjs';
import type { GradioEvent } from '../../src/index.js';
import { type ChatMessage, chatReplyText, type MediaItem, qwen25, qwenQvq72b } from '../../src/spaces/index.js';

/** One request: its events, and how to find the answer's text in them. */
export interface DemoJob {
  /** Cold: each subscription is one job on the Space. */
  events: Observable<GradioEvent>;
  /** The answer's text in a `generating`/`completed` event's data. */
  select: (data: unknown[]) => string | undefined;
}

/** Where and as whom to ask. */
export interface Target {
  /** The app's root URL or a Space id; the preset's own Space (found through the hub) when undefined. */
  url?: string;
  apiKey?: string;
  /** The Hugging Face hub that finds Spaces by id; huggingface.co when undefined. */
  hubUrl?: string;
}

/** A chat turn for the `qwen25` preset; its second output is the chatbot history. */
export function chatJob(messages: ChatMessage[], target: Target): DemoJob {
  return {
    events: qwen25.events({ messages, ...target }),
    select: (data) => chatReplyText(data[1]),
  };
}

/** A question about an image for the `qwenQvq72b` preset; its only output is the answer. */
export function imageJob(messages: ChatMessage[], image: MediaItem, target: Target): DemoJob {
  return {
    events: qwenQvq72b.events({ messages, media: [image], ...target }),
    select: (data) => (typeof data[0] === 'string' ? data[0] : undefined),
  };
}
