/**
 * The two apps of the real Gradio 6.25.0 captures (test/fixtures/spec/real6/README.md) declared
 * for the fake server, with the ids, labels and parameter names of real6/a01, a02, b01 and b02, and
 * the gradio.Server app c of real6/c01 and c02.
 */
import { apiEndpoint, type FakeComponent, type FakeEndpoint, type FakeGradioOptions } from '../../src/testing/index.js';

/** The system prompt of app b. */
export const qwenSystem = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';

/** App a: `generate(image, text)` streaming one Textbox, fn_index 0 fired by button 6. */
export function qvq6App(fn: FakeEndpoint['fn'], options: Partial<FakeGradioOptions> = {}): FakeGradioOptions {
  return {
    gradioVersion: 6,
    root: 'http://127.0.0.1:7862',
    ...options,
    endpoints: [
      {
        apiName: 'generate',
        fnIndex: 0,
        triggerId: 6,
        inputs: [
          { id: 3, type: 'image', label: 'Image', parameterName: 'image' },
          { id: 5, type: 'textbox', label: 'Question', parameterName: 'text' },
        ],
        outputs: [{ id: 8, type: 'textbox', label: 'Answer' }],
        fn,
      },
    ],
  };
}

/** App b: the Qwen2.5-like chat; `model_chat` is fn_index 3 fired by button 25. */
export function qwen6App(modelChat: FakeEndpoint['fn'], options: Partial<FakeGradioOptions> = {}): FakeGradioOptions {
  const sizes = ['72B', '32B', '14B', '7B', '3B', '1.5B', '0.5B'];
  const radio: FakeComponent = { id: 1, type: 'radio', label: 'Qwen2.5:', props: { choices: sizes.map((size) => [size, size]) }, default: '72B', parameterName: 'radio' };
  const title: FakeComponent = { id: 2, type: 'markdown', default: '<center><font size=8>Qwen2.5-72B-Instruct</center>' };
  const system: FakeComponent = { id: 5, type: 'textbox', label: 'System', default: qwenSystem, parameterName: 'system' };
  const systemState: FakeComponent = { id: 9, type: 'textbox', default: qwenSystem, props: { visible: false }, parameterName: 'system' };
  const chatbot: FakeComponent = { id: 11, type: 'chatbot', label: 'Qwen2.5-72B-Instruct', default: [], parameterName: 'history' };
  const input: FakeComponent = { id: 12, type: 'textbox', label: 'Input', parameterName: 'query' };
  const chatInputs = [input, chatbot, systemState, radio];
  return {
    gradioVersion: 6,
    root: 'http://127.0.0.1:7863',
    ...options,
    endpoints: [
      { apiName: 'choose_radio', fnIndex: 0, triggerId: 1, inputs: [radio], outputs: [title, chatbot], fn: ([size]) => [`<center>${String(size)}</center>`, []] },
      { apiName: 'modify_system_session', fnIndex: 1, triggerId: 8, inputs: [system], outputs: [systemState, system, chatbot], fn: ([value]) => [value, value, []] },
      { apiName: 'clear_session', fnIndex: 2, triggerId: 14, inputs: [], outputs: [input, chatbot], fn: () => ['', []] },
      { apiName: 'model_chat', fnIndex: 3, triggerId: 25, concurrencyLimit: null, inputs: chatInputs, outputs: [input, chatbot], fn: modelChat },
      { apiName: 'model_chat', fnIndex: 4, triggerId: 12, concurrencyLimit: null, inputs: chatInputs, outputs: [input, chatbot], fn: modelChat },
    ],
  };
}

/** App c of real6/README.md, declared as its Python functions are. */
export function serverAppC(options: Partial<FakeGradioOptions> = {}): FakeGradioOptions {
  const chatParameters = ['prompt', { name: 'system', default: 'You are helpful.' }, { name: 'max_tokens', type: 'int' as const, default: 20 }];
  async function* tokens({ max_tokens: maxTokens }: Record<string, unknown>): AsyncGenerator<string> {
    let text = '';
    for (let index = 1; index <= Math.min(5, Number(maxTokens ?? 5)); index += 1) {
      text += `${index > 1 ? ' ' : ''}tok${index}`;
      yield text;
    }
  }
  return {
    mode: 'server',
    root: 'http://127.0.0.1:7864',
    ...options,
    endpoints: [
      apiEndpoint({ name: 'hello', parameters: ['name'], returns: 'str', fn: ({ name }) => `Hello, ${String(name)}!` }),
      apiEndpoint({ name: 'log_only', parameters: ['message'], fn: () => undefined }),
      apiEndpoint({ name: 'stream_untyped', parameters: ['prompt'], fn: tokens }),
      apiEndpoint({ name: 'chat_untyped', parameters: chatParameters, fn: tokens }),
      apiEndpoint({ name: 'chat', parameters: chatParameters, returns: 'any', fn: tokens }),
    ],
  };
}

