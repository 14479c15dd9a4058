/**
 * Golden files: the generator run on the real `/config` and `/info` captures of Gradio 4.44.1,
 * 5.49.1 and 6.25.0 (test/fixtures/spec). The modules are kept in test/fixtures/types; they
 * compile and are used by the type tests (typecheck.test.ts). Update them with `vitest -u`
 * after a deliberate change of the generator.
 */
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../src/cli/generateTypes.js';
import type { ApiInfo, GradioConfig } from '../../src/protocol.js';
import { captureBody } from '../helpers/captures.js';

const cases = [
  { golden: 'qwen25-gradio4.ts', config: 'real4/g01_get_config.txt', info: 'real4/g02_get_info.txt', name: 'Qwen25', source: 'http://127.0.0.1:7871' },
  { golden: 'qwen25-gradio5.ts', config: 'real/b01_get_config.txt', info: 'real/b02_get_info.txt', name: 'Qwen25', source: 'Qwen/Qwen2.5' },
  { golden: 'vision-gradio5.ts', config: 'real/a01_get_config.txt', info: 'real/a02_get_info.txt', name: 'Vision', source: 'http://127.0.0.1:7860' },
  { golden: 'qwen25-gradio6.ts', config: 'real6/b01_get_config.txt', info: 'real6/b02_get_info.txt', name: 'Qwen25', source: 'http://127.0.0.1:7863' },
  { golden: 'vision-gradio6.ts', config: 'real6/a01_get_config.txt', info: 'real6/a02_get_info.txt', name: 'Vision', source: 'http://127.0.0.1:7862' },
  { golden: 'server-gradio6.ts', config: 'real6/c01_server_get_config.txt', info: 'real6/c02_server_get_info.txt', name: 'ServerApp', source: 'http://127.0.0.1:7864' },
] as const;

describe('the generated module of a real capture', () => {
  it.each(cases)('$golden from $info', async ({ golden, config, info, name, source }) => {
    const module = generateTypes({ config: captureBody<GradioConfig>(config), info: captureBody<ApiInfo>(info), typeName: name, source });
    await expect(module).toMatchFileSnapshot(`../fixtures/types/${golden}`);
  });
});
