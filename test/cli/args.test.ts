/**
 * The command line of `gradio-rx`.
 */
import { describe, expect, it } from 'vitest';
import { defaultTypeName, parseArgs } from '../../src/cli/args.js';

describe('parseArgs', () => {
  it('reads types <source> with its options, in either --flag value or --flag=value form', () => {
    expect(parseArgs(['types', 'Qwen/Qwen2.5', '--name', 'Qwen25', '--out=qwen25.ts', '--token', 'hf_x'])).toEqual({ kind: 'types', source: 'Qwen/Qwen2.5', name: 'Qwen25', out: 'qwen25.ts', token: 'hf_x' });
    expect(parseArgs(['types', 'http://127.0.0.1:7860'])).toEqual({ kind: 'types', source: 'http://127.0.0.1:7860' });
  });

  it('asks for help with no arguments, --help or -h', () => {
    for (const argv of [[], ['--help'], ['types', 'x', '-h']]) expect(parseArgs(argv)).toEqual({ kind: 'help' });
  });

  it('reports each usage error with what is wrong', () => {
    expect(parseArgs(['generate', 'x'])).toEqual({ kind: 'usage-error', message: 'unknown command "generate"' });
    expect(parseArgs(['types'])).toMatchObject({ message: 'missing <source>: the URL or Space id of the app' });
    expect(parseArgs(['types', 'a', 'b'])).toMatchObject({ message: 'one <source> only, got 2' });
    expect(parseArgs(['types', 'a', '--verbose'])).toMatchObject({ message: 'unknown option --verbose' });
    expect(parseArgs(['types', 'a', '--out'])).toMatchObject({ message: '--out needs a value' });
    expect(parseArgs(['types', 'a', '--name', 'my-app'])).toMatchObject({ message: '--name must be a TypeScript identifier, got "my-app"' });
    expect(parseArgs(['types', 'a', '--name', 'class'])).toMatchObject({ message: '--name must be a TypeScript identifier, got "class"' });
  });
});

describe('defaultTypeName', () => {
  it('names the interface after the Space', () => {
    expect(defaultTypeName('Qwen/Qwen2.5')).toBe('Qwen25');
    expect(defaultTypeName('https://qwen-qwen2-5.hf.space/')).toBe('QwenQwen25');
    expect(defaultTypeName('owner/my_app')).toBe('MyApp');
  });

  it('falls back to GradioApi for other URLs and names that would not start with a letter', () => {
    expect(defaultTypeName('http://127.0.0.1:7860')).toBe('GradioApi');
    expect(defaultTypeName('owner/3d-app')).toBe('GradioApi');
  });
});
