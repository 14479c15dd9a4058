/**
 * `@ai-sdk/provider` is a dependency of the ai entry only: the core and spaces entries, as a
 * browser bundler sees them, contain nothing of it, nor the provider's own modules.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** The source files a browser bundle of `entry` (everything it exports) is made of. */
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(`./${entry}`)};`, resolveDir: repo, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    external: ['rxjs', 'ky', 'eventsource-parser', 'undici'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('the entries and @ai-sdk/provider', () => {
  it.each(['src/index.ts', 'src/spaces/index.ts'])('keeps %s free of the AI SDK and of src/ai', async (entry) => {
    const inputs = await bundledInputs(entry);
    expect(inputs.filter((input) => input.includes('@ai-sdk') || input.startsWith('src/ai/') || input === 'src/chat/history.ts')).toEqual([]);
  });

  it('bundles the ai entry for browsers with @ai-sdk/provider and without Node built-ins', async () => {
    const inputs = await bundledInputs('src/ai/index.ts');
    expect(inputs.some((input) => input.includes('@ai-sdk/provider'))).toBe(true);
    expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
  });
});
