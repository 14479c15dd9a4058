/**
 * The Qwen2.5 Space (Qwen/Qwen2.5, spec §12.2): a chat Blocks app whose `model_chat` event
 * takes `[prompt, history, system prompt, model size]` and streams the chat history.
 */
import { concatMap, type Observable, take } from 'rxjs';
import type { SubmitOptions } from '../client.js';
import type { Endpoint } from '../endpoints.js';
import { GradioError } from '../errors.js';
import type { GradioEvent } from '../events.js';
import { textDeltas } from '../operators/textDeltas.js';
import { throwOnError } from '../operators/throwOnError.js';
import type { GradioConfig } from '../protocol.js';
import { chatReplyText } from '../chat/replyText.js';
import { contentText, formatPrompt } from './formatPrompt.js';
import { afterWakeUp, appFor, checkModel, preparedJob } from './spaceApp.js';
import type { ChatMessage, SpaceParams, SpacePreset } from './types.js';

/** The system prompt when the conversation has none: the Space's own default. */
export const qwen25DefaultSystemPrompt = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';

const apiName = 'model_chat';
/** The original provider's hard-coded numbers, used only when the app has no `model_chat`. */
const fallback = { fnIndex: 3, triggerId: 25 } as const;
const model = 'qwen-qwen2-5';

/**
 * Qwen Qwen-2.5: system messages become the system prompt, the other messages one prompt
 * (`formatPrompt`); each call is single-turn (the history input is empty), with the 72B model.
 *
 * @example
 * ```ts
 * for await (const delta of toAsyncIterable(qwen25.stream({ messages: [{ role: 'user', content: 'Hi' }] }))) {
 *   process.stdout.write(delta);
 * }
 * ```
 */
export const qwen25: SpacePreset = {
  label: 'Qwen Qwen-2.5',
  space: 'Qwen/Qwen2.5',
  url: 'https://qwen-qwen2-5.hf.space',
  defaultModel: model,
  models: [model],
  modelAliases: { 'qwen-2.5': model },
  // As the seed declared: streamed, with a system prompt input; each call is single-turn.
  supportsStream: true,
  supportsSystemMessage: true,
  supportsMessageHistory: false,
  supportsImages: false,
  events: qwen25Events,
  replyText: chatbotReply,
  stream(params) {
    return qwen25Events(params).pipe(throwOnError(), textDeltas(chatbotReply));
  },
};

/** data[1] is the chatbot: the reply is followed there, whatever the textbox output holds. */
function chatbotReply(data: unknown[]): string | undefined {
  return chatReplyText(data[1]);
}

/**
 * The Space's inputs for a conversation: `[prompt, [], system prompt, '72B']`. The system
 * prompt is every system message's text joined with `\n` (or the Space's default).
 */
export function qwen25Inputs(messages: readonly ChatMessage[]): unknown[] {
  if (!Array.isArray(messages)) {
    throw new GradioError({ type: 'invalid-input', message: 'messages must be an array of { role, content } messages' });
  }
  const system = messages.filter((message) => message.role === 'system').map((message) => contentText(message.content));
  const conversation = messages.filter((message) => message.role !== 'system');
  if (conversation.length === 0) {
    throw new GradioError({ type: 'invalid-input', message: 'messages has no user message: Qwen2.5 needs one beside the system messages' });
  }
  return [formatPrompt(conversation), [], system.join('\n') || qwen25DefaultSystemPrompt, '72B'];
}

/**
 * Where to send the job: the `model_chat` endpoint when the app names it, else the
 * original's fn_index 3 fired by component 25.
 */
export function qwen25Endpoint(config: GradioConfig): { endpoint: Endpoint; options: SubmitOptions } {
  const named = config.dependencies.some((dependency) => dependency.api_name === apiName);
  return named ? { endpoint: apiName, options: {} } : { endpoint: fallback.fnIndex, options: { triggerId: fallback.triggerId } };
}

function qwen25Events(params: SpaceParams): Observable<GradioEvent> {
  return preparedJob(async () => {
    checkModel(params.model, qwen25);
    const data = qwen25Inputs(params.messages);
    const app = await appFor(params, qwen25.space);
    // The endpoint depends on the config: read it after the Space woke up, its events shown.
    return afterWakeUp(app, () =>
      app.config().pipe(
        take(1),
        concatMap((config) => {
          const { endpoint, options } = qwen25Endpoint(config);
          return app.submit(endpoint, data, params.jobHeaders === undefined ? options : { ...options, headers: params.jobHeaders });
        }),
      ),
    );
  });
}
