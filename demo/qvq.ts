/**
 * The QVQ-72B examples of the seed document (gpt4free's Qwen_QVQ_72B), with gradio-rx: a text
 * question, then a question about an image, streamed with `for await` as the original's
 * `async for`.
 *
 *   npx tsx demo/qvq.ts                                              # the embedded fake Space
 *   npx tsx demo/qvq.ts --image photo.jpg                            # your own image
 *   npx tsx demo/qvq.ts --url https://qwen-qvq-72b-preview.hf.space  # the real Space (network)
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { toAsyncIterable } from '../src/index.js';
import { type ChatMessage, qwenQvq72b } from '../src/spaces/index.js';
import { scriptTarget } from './space/scriptTarget.js';

const { url, options, close } = await scriptTarget('qvq', process.argv.slice(2), ['image']);
const model = 'qwen-qvq-72b-preview';

// Text only.
const hello: ChatMessage[] = [{ role: 'user', content: 'Hello, world!' }];
for await (const chunk of toAsyncIterable(qwenQvq72b.stream({ model, messages: hello, url }))) {
  process.stdout.write(chunk);
}
process.stdout.write('\n');

// Text and an image: media items are [bytes, file name], as in the original.
const imagePath = options['image'] ?? new URL('./assets/landscape.png', import.meta.url).pathname;
const media: [Uint8Array, string][] = [[await readFile(imagePath), basename(imagePath)]];
const question: ChatMessage[] = [{ role: 'user', content: 'What is in this image?' }];
for await (const chunk of toAsyncIterable(qwenQvq72b.stream({ model, messages: question, media, url }))) {
  process.stdout.write(chunk);
}
process.stdout.write('\n');

await close();
