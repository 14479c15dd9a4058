/**
 * A local imitation of a Space built with Gradio 6's `gradio.Server`: no UI, only API endpoints
 * declared with `@app.api(name=…)`, the kind of backend a custom Angular/React frontend talks
 * to. Its Python original would read:
 *
 * ```python
 * app = gradio.Server()
 *
 * @app.api(name="chat")
 * def chat(prompt: str, system: str = "You are helpful.") -> Iterator[str]: ...   # streams
 *
 * @app.api(name="summarize")
 * def summarize(text: str, max_words: int = 12) -> str: ...
 *
 * @app.api(name="log_event")
 * def log_event(name: str): ...                                                   # no outputs
 * ```
 */
import { apiEndpoint, type FakeContext, type FakeGradioOptions } from '../../src/testing/index.js';
import { type DemoSpaceOptions, resolveSpaceOptions } from './options.js';
import { raiseQuotaError, wantsQuotaError } from './quota.js';
import { scriptedAnswer, scriptedTokens } from './scriptedModel.js';

/** The default system prompt of the `chat` endpoint. */
export const serverSystemPrompt = 'You are helpful.';

/** The first `maxWords` words of `text`, with an ellipsis when it was cut. */
export function summarize(text: string, maxWords: number): string {
  const words = text.split(/\s+/).filter((word) => word !== '');
  return words.length <= maxWords ? words.join(' ') : `${words.slice(0, maxWords).join(' ')}…`;
}

/**
 * The gradio.Server-like Space, for `startFakeGradioServer` or `createFakeGradio`. `events`
 * collects the names given to `log_event`, as the Space's own log would.
 *
 * @example
 * ```ts
 * const server = await startFakeGradioServer(serverLikeSpace());
 * gradio(server.url).submit('/chat', ['Hello']).pipe(textDeltas()).subscribe(write);
 * ```
 */
export function serverLikeSpace(options: DemoSpaceOptions = {}, events: string[] = []): FakeGradioOptions {
  const settings = resolveSpaceOptions(options);
  return {
    title: 'gradio.Server (local demo imitation)',
    gradioVersion: 6,
    mode: 'server',
    endpoints: [
      apiEndpoint({
        name: 'chat',
        parameters: ['prompt', { name: 'system', default: serverSystemPrompt }],
        // Gradio 6.25.0 describes an Iterator[str] result as "any" (test/fixtures/spec/real6/c02).
        returns: 'any',
        concurrencyLimit: 2,
        async *fn({ prompt, system }, ctx: FakeContext) {
          const question = String(prompt);
          if (wantsQuotaError(question, settings.quotaExhausted)) raiseQuotaError(ctx);
          let text = '';
          for (const token of scriptedTokens({ prompt: question, systemPrompt: String(system ?? serverSystemPrompt) }, settings.pace)) {
            await ctx.sleep(token.delayMs);
            text += token.text;
            yield text;
          }
        },
      }),
      apiEndpoint({
        name: 'summarize',
        parameters: ['text', { name: 'max_words', type: 'int', default: 12 }],
        returns: 'str',
        concurrencyLimit: null,
        fn: ({ text, max_words: maxWords }) => summarize(String(text), typeof maxWords === 'number' ? maxWords : 12),
      }),
      apiEndpoint({
        name: 'log_event',
        parameters: ['name'],
        concurrencyLimit: null,
        fn: ({ name }) => {
          events.push(String(name));
        },
      }),
    ],
  };
}

/** What `chat` answers to `prompt` (for checks), with the default system prompt unless given. */
export function serverChatAnswer(prompt: string, system = serverSystemPrompt): string {
  return scriptedAnswer({ prompt, systemPrompt: system });
}
