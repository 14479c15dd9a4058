/**
 * The Qwen2.5 examples of the seed document (gpt4free's Qwen_Qwen_2_5), with gradio-rx:
 * a system prompt and a question, streamed with `for await` as the original's `async for`.
 *
 *   npx tsx demo/qwen25.ts                                   # the embedded fake Space (offline)
 *   npx tsx demo/qwen25.ts --url https://qwen-qwen2-5.hf.space  # the real Space (network)
 *   npx tsx demo/qwen25.ts --url … --proxy http://127.0.0.1:8080 # through an HTTP proxy
 */
import { toAsyncIterable } from '../src/index.js';
import { type ChatMessage, qwen25 } from '../src/spaces/index.js';
import { scriptTarget } from './space/scriptTarget.js';

const { url, options, close } = await scriptTarget('qwen25', process.argv.slice(2), ['proxy']);

const model = 'qwen-qwen2-5';
const messages: ChatMessage[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'What is the capital of France?' },
];

// Leaving the loop early (break, return, an exception) would cancel the job on the Space.
for await (const text of toAsyncIterable(qwen25.stream({ model, messages, url, ...(options['proxy'] === undefined ? {} : { proxy: options['proxy'] }) }))) {
  process.stdout.write(text);
}
process.stdout.write('\n');

// The system prompt steers the answer: the same question, asked to be brief.
const brief: ChatMessage[] = [{ role: 'system', content: 'Answer in one sentence.' }, messages[1]!];
for await (const text of toAsyncIterable(qwen25.stream({ model, messages: brief, url }))) {
  process.stdout.write(text);
}
process.stdout.write('\n');

await close();
