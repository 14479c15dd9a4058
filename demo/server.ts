/**
 * A frontend's view of a `gradio.Server` Space (Gradio 6): plain API endpoints called by name,
 * one streamed as text deltas, one answering once, one without outputs.
 *
 *   npx tsx demo/server.ts                                  # the embedded fake Space (offline)
 *   npx tsx demo/server.ts --url https://owner-space.hf.space # your own gradio.Server Space
 */
import { parseArgs } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { gradio, textDeltas, toAsyncIterable } from '../src/index.js';
import { startFakeGradioServer } from '../src/testing/index.js';
import { serverLikeSpace } from './space/serverLike.js';

const { values } = parseArgs({ args: process.argv.slice(2), strict: true, options: { url: { type: 'string' } } });
const embedded = values.url === undefined ? await startFakeGradioServer(serverLikeSpace()) : undefined;
const app = gradio(values.url ?? embedded!.url);

// A streaming endpoint: each delta is the new text of the generator's cumulative value.
for await (const text of toAsyncIterable(app.submit('/chat', ['Tell me about gradio-rx']).pipe(textDeltas()))) {
  process.stdout.write(text);
}
process.stdout.write('\n');

// An endpoint with a return value: predict emits its outputs once.
const [summary] = await firstValueFrom(app.predict('/summarize', ['gradio.Server turns Python functions into API endpoints without a UI', 5]));
process.stdout.write(`summary: ${String(summary)}\n`);

// An endpoint without a return annotation completes with no outputs.
const outputs = await firstValueFrom(app.predict('/log_event', ['demo finished']));
process.stdout.write(`log_event returned ${outputs.length} outputs\n`);

await embedded?.close();
