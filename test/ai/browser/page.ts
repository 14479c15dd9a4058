/**
 * The page of the Chromium transport test: the AI SDK's UI core with `GradioChatTransport`,
 * talking to the fake Spaces mounted on the page's own origin (`/qwen25/`, `/qvq/`).
 */
import { createGradioProvider, GradioChatTransport } from '../../../src/ai/index.js';
import { PlainChat, textOf } from '../uiChat.js';

/** What one chat in the page ended with. */
export interface PageChatResult {
  status: string;
  text: string;
  error: string | undefined;
}

const spaces = createGradioProvider();

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Sends `text` to the model of `space`; with `stopAfter`, stops once the answer contains it. */
async function chatWith(space: 'qwen25' | 'qvq', modelId: string, text: string, stopAfter?: string): Promise<PageChatResult> {
  const chat = new PlainChat(new GradioChatTransport({ model: spaces(modelId, { url: `${location.origin}/${space}` }) }));
  const sent = chat.sendMessage({ text });
  if (stopAfter !== undefined) {
    await until(() => textOf(chat.lastMessage).includes(stopAfter));
    await chat.stop();
  }
  await sent;
  return { status: chat.status, text: textOf(chat.lastMessage), error: chat.error?.message };
}

(globalThis as { chatWith?: typeof chatWith }).chatWith = chatWith;
