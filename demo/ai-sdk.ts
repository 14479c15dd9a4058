/**
 * The presets as Vercel AI SDK models: `streamText` over Qwen2.5, then `streamText` with an
 * image part over QVQ-72B, both against the embedded imitations of the Spaces (offline).
 *
 *   npm run demo:ai
 *
 * Against the real Spaces, leave out `url` (and pass a token): spaces('qwen-2.5').
 */
import { readFile } from 'node:fs/promises';
import { streamText } from 'ai';
import { createGradioProvider } from '../src/ai/index.js';
import { startDemoSpaces } from './space/startDemoSpaces.js';

// The AI SDK prints the provider's warnings itself; this demo shows them in its own words.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const demoSpaces = await startDemoSpaces();
const spaces = createGradioProvider();

try {
  // 1. A chat with Qwen2.5, streamed as it is written.
  const chat = streamText({
    model: spaces('qwen-2.5', {
      url: demoSpaces.qwen25.url,
      onEvent: (event) => {
        if (event.type === 'queued' && event.position !== undefined) process.stdout.write(`[queue position ${event.position}] `);
      },
    }),
    system: 'You are a helpful assistant.',
    prompt: 'What is the capital of France?',
  });
  process.stdout.write('Qwen2.5 > ');
  for await (const text of chat.textStream) process.stdout.write(text);
  process.stdout.write(`\n(finish: ${await chat.finishReason})\n\n`);

  // 2. A question about an image for QVQ-72B: the image part is uploaded to the Space.
  const image = await readFile(new URL('./assets/landscape.png', import.meta.url));
  const vision = streamText({
    model: spaces('qvq-72b', { url: demoSpaces.qvq.url }),
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image', image, mediaType: 'image/png' }] }],
    temperature: 0.3,
  });
  process.stdout.write('QVQ-72B > ');
  for await (const text of vision.textStream) process.stdout.write(text);
  process.stdout.write('\n');
  for (const warning of (await vision.warnings) ?? []) {
    if (warning.type === 'unsupported' || warning.type === 'compatibility') process.stdout.write(`(warning: ${warning.feature} — ${warning.details ?? ''})\n`);
  }
} finally {
  await demoSpaces.close();
}
