/**
 * Whatever outputs a chat endpoint streams and however its job ends, a Gradio model's stream
 * is well formed: text deltas that are non-empty strings, a `finish` part last, and failures
 * as the AI SDK's `APICallError`, never a JavaScript exception that slipped through.
 */
import { APICallError, type LanguageModelV4StreamPart } from '@ai-sdk/provider';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGradioProvider } from '../../src/ai/index.js';
import { replayFetch, type ReplayScript } from '../reliability/replay.js';
import { partsOf } from './helpers.js';

const eventId = 'e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2';
/** A chat app whose one endpoint sends full values (sse_v1), so that any JSON is a valid output. */
const config = {
  version: '4.44.1',
  protocol: 'sse_v1',
  components: [
    { id: 1, type: 'textbox', props: {} },
    { id: 2, type: 'chatbot', props: { type: 'messages' } },
    { id: 3, type: 'textbox', props: {} },
  ],
  dependencies: [{ id: 0, targets: [[1, 'submit']], inputs: [1], outputs: [2, 3], api_name: 'chat', queue: true, types: { generator: true } }],
};

const json = fc.jsonValue({ maxDepth: 4 });
const chat = fc.array(fc.oneof(fc.record({ role: fc.constantFrom('user', 'assistant'), content: fc.oneof(fc.string(), json) }), json), { maxLength: 3 });
const outputs = fc.tuple(fc.oneof(chat, json), fc.oneof(fc.string(), json));
const message = (fields: Record<string, unknown>) => `data: ${JSON.stringify({ event_id: eventId, ...fields })}\n\n`;
/** A job's stream: generating messages with any outputs, then a completion with data, an error, or nothing. */
const stream = fc
  .tuple(
    fc.array(outputs, { maxLength: 6 }),
    fc.oneof(
      outputs.map((data) => message({ msg: 'process_completed', output: { data }, success: true })),
      fc.record({ error: json, title: json }).map((output) => message({ msg: 'process_completed', output, success: false })),
      fc.constant(''),
    ),
  )
  .map(([generating, end]) => new TextEncoder().encode(generating.map((data) => message({ msg: 'process_generating', output: { data }, success: true })).join('') + end));

async function run(body: Uint8Array): Promise<{ parts: LanguageModelV4StreamPart[]; rejected?: unknown }> {
  const script: ReplayScript = { config, eventIds: [eventId], stream: (kind, index) => (kind === 'queue' && index === 0 ? [body] : undefined) };
  const model = createGradioProvider({ fetch: replayFetch(script).fetch }).chat('http://127.0.0.1:7860', { endpoint: 'chat', inputs: ['prompt'] });
  try {
    const { stream: parts } = await model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
    return { parts: await partsOf(parts) };
  } catch (rejected) {
    return { parts: [], rejected };
  }
}

describe('a Gradio model stream, given any outputs and any end of the job', () => {
  it('holds only non-empty text deltas, ends with a finish part, and reports failures as APICallErrors', async () => {
    await fc.assert(
      fc.asyncProperty(stream, async (body) => {
        const { parts, rejected } = await run(body);
        if (rejected !== undefined) {
          expect(APICallError.isInstance(rejected), String(rejected)).toBe(true);
          return;
        }
        expect(parts.at(-1)?.type).toBe('finish');
        for (const part of parts) {
          if (part.type === 'text-delta') expect(typeof part.delta === 'string' && part.delta !== '').toBe(true);
          if (part.type === 'error') expect(APICallError.isInstance(part.error), String(part.error)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
