/**
 * Type tests of typed apps, checked by `tsc` (and by typecheck.test.ts): every
 * `@ts-expect-error` line is a misuse that must not compile, every other line must.
 * Not run: the apps below are never subscribed.
 */
import type { Observable } from 'rxjs';
import { expectTypeOf } from 'vitest';
import { type FileData, gradio, type GradioApp, type GradioErrorType, type GradioEvent, type JobData, textDeltas, throwOnError } from '../../src/index.js';
import type { ComponentMessage, FileMessage, Qwen25 as Qwen25On4 } from '../fixtures/types/qwen25-gradio4.js';
import type { ComponentMessage as ComponentMessageOn5, FileMessage as FileMessageOn5, Qwen25 } from '../fixtures/types/qwen25-gradio5.js';
import type { Message, Qwen25 as Qwen25On6 } from '../fixtures/types/qwen25-gradio6.js';
import type { ServerApp } from '../fixtures/types/server-gradio6.js';
import type { Vision } from '../fixtures/types/vision-gradio6.js';

const url = 'http://127.0.0.1:7860';

// --- Endpoint names: a union of the app's names, with or without the slash.
const app = gradio<Qwen25>(url);
app.submit('/model_chat', { query: 'Hi' });
app.submit('model_chat', { query: 'Hi' });
app.call('/clear_session');
// @ts-expect-error: no such endpoint
app.submit('/model_chatt', { query: 'Hi' });
// @ts-expect-error: a typed app takes names, not fn_index numbers
app.predict(3, { query: 'Hi' });

// --- Positional tuples: every parameter, in order.
app.predict('/model_chat', ['Hi', [], 'You are brief.', '7B']);
// @ts-expect-error: too few positional inputs
app.predict('/model_chat', ['Hi']);
// @ts-expect-error: too many positional inputs
app.predict('/choose_radio', ['72B', 'extra']);
// @ts-expect-error: positional inputs in the wrong order
app.predict('/model_chat', [[], 'Hi', 'You are brief.', '7B']);

// --- Named objects: required vs optional, argument types, literal choices.
app.predict('/model_chat', { query: 'Hi', radio: '0.5B', system: 'Be brief.' });
// @ts-expect-error: wrong argument type
app.predict('/model_chat', { query: 42 });
// @ts-expect-error: not one of the choices
app.predict('/model_chat', { query: 'Hi', radio: '100B' });
// @ts-expect-error: unknown name
app.predict('/model_chat', { query: 'Hi', temperature: 0.5 });
// @ts-expect-error: missing required argument
app.predict('/model_chat', { radio: '7B' });
// @ts-expect-error: data is required when the endpoint has parameters
app.predict('/model_chat');
app.predict('/clear_session');
app.predict('/choose_radio', {});

// --- Outputs of predict.
expectTypeOf(app.predict('/modify_system_session', {})).toEqualTypeOf<Observable<[string, string, [string | FileMessage | ComponentMessage | null, string | FileMessage | ComponentMessage | null][]]>>();
app.predict('/model_chat', { query: 'Hi' }).subscribe((outputs) => {
  expectTypeOf(outputs[0]).toEqualTypeOf<string>();
  // @ts-expect-error: the first output is a string
  const wrong: number = outputs[0];
  // @ts-expect-error: /model_chat has two outputs
  void outputs[2];
  void wrong;
});
// The README's example.
app.predict('/model_chat', { query: 'Hello', radio: '7B' }).subscribe(([, history]) => {
  expectTypeOf(history.at(-1)?.[1]).toEqualTypeOf<string | FileMessageOn5 | ComponentMessageOn5 | null | undefined>();
});
// Options still pass through; submit's events carry typed outputs and still work with every operator.
app.submit('/model_chat', { query: 'Hi' }, { eventData: null }).subscribe((event) => {
  if (event.type === 'completed' || event.type === 'generating') expectTypeOf(event.data[0]).toEqualTypeOf<string>();
  if (event.type === 'error') expectTypeOf(event.error.type).toEqualTypeOf<GradioErrorType>();
});
app.call('/clear_session').pipe(throwOnError(), textDeltas());
app.call('/clear_session', {}, { headers: { 'x-ip-token': 'token' } });
app.submit('/choose_radio', { radio: '7B' }, { headers: { 'x-ip-token': 'token' }, triggerId: 1 });
// @ts-expect-error: the options of call are checked too
app.call('/clear_session', {}, { triggerId: 1 });
const asEvents: Observable<GradioEvent> = app.submit('/model_chat', ['Hi', [], 'S', '7B']);
void asEvents;

// --- Chat histories in the shape of the app's Gradio version.
gradio<Qwen25On4>(url).predict('/model_chat', { query: 'Hi', history: [['Hello', 'Hi there']] });
gradio<Qwen25On6>(url).predict('/model_chat', { query: 'Hi', history: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }] });
// @ts-expect-error: Gradio 6 wants content blocks, not a string (b07e of the real6 captures)
gradio<Qwen25On6>(url).predict('/model_chat', { query: 'Hi', history: [{ role: 'user', content: 'Hello' }] });
gradio<Qwen25On6>(url)
  .predict('/model_chat', { query: 'Hi' })
  .subscribe(([, history]) => expectTypeOf(history).toEqualTypeOf<Message[]>());

// --- Files: Blob, File or FileData in, null when empty.
const vision = gradio<Vision>(url);
declare const uploaded: FileData;
vision.call('/generate', { image: new Blob([]), text: 'What is it?' });
vision.call('/generate', [new File([], 'cat.png'), 'What is it?']);
vision.call('/generate', { image: uploaded, text: 'What is it?' });
vision.call('/generate', { image: null, text: 'What is it?' });
// @ts-expect-error: a path string is not a file
vision.call('/generate', { image: '/tmp/cat.png', text: 'What is it?' });

// --- Numbers and defaults of a gradio.Server app.
gradio<ServerApp>(url).predict('/chat', { prompt: 'Hi', max_tokens: 20 });
// @ts-expect-error: max_tokens is a number
gradio<ServerApp>(url).predict('/chat', { prompt: 'Hi', max_tokens: '20' });

// --- Without a type, gradio() is as loose as before.
const loose = gradio(url);
expectTypeOf(loose).toEqualTypeOf<GradioApp>();
loose.submit('/anything', [1, 'two']);
loose.submit(3, { any: 'name' });
expectTypeOf(loose.predict('/anything')).toEqualTypeOf<Observable<unknown[]>>();
expectTypeOf<Parameters<GradioApp['call']>[1]>().toEqualTypeOf<JobData | undefined>();
