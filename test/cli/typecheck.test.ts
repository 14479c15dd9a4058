/**
 * The golden modules compile, and the type tests of typed apps (typedApp.typetest.ts) hold:
 * checked here with the TypeScript compiler and the repository's tsconfig, so that `vitest`
 * alone catches a typing regression (an `@ts-expect-error` that no longer fails is an error).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../src/cli/generateTypes.js';
import type { ApiInfo, GradioConfig } from '../../src/protocol.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const typeTests = fileURLToPath(new URL('./typedApp.typetest.ts', import.meta.url));
const goldens = readdirSync(new URL('../fixtures/types/', import.meta.url)).map((name) => fileURLToPath(new URL(`../fixtures/types/${name}`, import.meta.url)));
const misuse = fileURLToPath(new URL('./misuse.virtual.ts', import.meta.url));
const awkward = fileURLToPath(new URL('./awkward.virtual.ts', import.meta.url));

function compilerOptions(): ts.CompilerOptions {
  const file = ts.readConfigFile(`${repo}tsconfig.json`, (path) => ts.sys.readFile(path));
  return ts.parseJsonConfigFileContent(file.config, ts.sys, repo).options;
}

/** Type errors of the given files (and what they import), as `file:line: message`. */
function typeErrors(files: string[], virtual: Record<string, string> = {}): string[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (path) => path in virtual || fileExists(path);
  host.readFile = (path) => virtual[path] ?? readFile(path);
  host.getSourceFile = (path, language, ...rest) => (path in virtual ? ts.createSourceFile(path, virtual[path]!, language) : getSourceFile(path, language, ...rest));
  const program = ts.createProgram([...files, ...Object.keys(virtual)], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined ? `${diagnostic.file.fileName.slice(repo.length)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe('typed endpoints', () => {
  it('compile from the golden modules, and every misuse in the type tests is an error', () => {
    expect(typeErrors([...goldens, typeTests])).toEqual([]);
  }, 60_000);

  it('reject a misuse that is not marked as expected (the check can fail)', () => {
    const source = [
      "import { gradio } from '../../src/index.js';",
      "import type { Qwen25 } from '../fixtures/types/qwen25-gradio5.js';",
      "gradio<Qwen25>('http://127.0.0.1:7860').predict('/model_chat', { query: 'Hi', radio: '100B' });",
      "gradio<Qwen25>('http://127.0.0.1:7860').predict('/nope', []);",
    ].join('\n');
    const errors = typeErrors([], { [misuse]: source });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^test\/cli\/misuse\.virtual\.ts:3: .*'"100B"'/s);
    expect(errors[1]).toMatch(/^test\/cli\/misuse\.virtual\.ts:4: Argument of type '"\/nope"' is not assignable/);
  }, 60_000);

  it('compile from a module whose $defs have names TypeScript uses and cycles of bare references', () => {
    const schema = {
      $defs: {
        class: { type: 'object', properties: { a: { $ref: '#/$defs/Awkward' }, b: { $ref: '#/$defs/string' } } },
        Awkward: { type: 'object', properties: { file: { $ref: '#/$defs/FileData' } } },
        FileData: { type: 'object', properties: { c: { $ref: '#/$defs/Loop' } } },
        string: { enum: ['x'] },
        Loop: { anyOf: [{ $ref: '#/$defs/Back' }, { type: 'null' }] },
        Back: { $ref: '#/$defs/Loop' },
      },
      $ref: '#/$defs/class',
    };
    const config: GradioConfig = { version: '5.49.1', components: [], dependencies: [{ id: 0, api_name: 'go', inputs: [], outputs: [] }] };
    const info: ApiInfo = {
      named_endpoints: { '/go': { parameters: [{ label: 'x', parameter_name: 'x', parameter_has_default: false, type: schema, component: 'JSON' }], returns: [{ label: 'y', type: schema, component: 'JSON' }] } },
      unnamed_endpoints: {},
    };
    const module = generateTypes({ config, info, typeName: 'Awkward', source: 'http://127.0.0.1:7860' });
    expect(typeErrors([], { [awkward]: module })).toEqual([]);
  }, 60_000);
});
