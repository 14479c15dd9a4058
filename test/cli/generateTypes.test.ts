/**
 * The generated module on synthetic `/config` + `/info` pairs: what the real captures do not
 * show (private and undocumented endpoints, descriptions, awkward names, no endpoints at all).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../src/cli/generateTypes.js';
import { isGradioError } from '../../src/index.js';
import type { ApiInfo, ApiParameterInfo, GradioConfig } from '../../src/protocol.js';

const text = (name: string, extra: Partial<ApiParameterInfo> = {}): ApiParameterInfo => ({ label: name, parameter_name: name, parameter_has_default: false, parameter_default: null, type: { type: 'string' }, component: 'Textbox', ...extra });
const config = (names: string[], extra: Record<string, unknown>[] = []): GradioConfig => ({
  version: '6.25.0',
  components: [],
  dependencies: names.map((name, id) => ({ id, api_name: name, inputs: [], outputs: [], types: { generator: id === 0 }, ...extra[id] })),
});
const generate = (info: ApiInfo, names: string[], extra: Record<string, unknown>[] = []) => generateTypes({ config: config(names, extra), info, typeName: 'App', source: 'http://127.0.0.1:7860' });
/** The module of one endpoint `/go` whose parameter `a` has the schema `input` (and its output `output`, if any). */
const withSchemas = (input: unknown, output?: unknown, extra: Partial<ApiParameterInfo> = {}) =>
  generate({ named_endpoints: { '/go': { parameters: [text('a', { type: input, ...extra })], returns: output === undefined ? [] : [{ label: 'b', type: output }] } }, unnamed_endpoints: {} }, ['go']);

describe('generateTypes', () => {
  it('leaves out private endpoints and marks undocumented ones (Gradio 6 api_visibility, Gradio 5 show_api)', () => {
    const info: ApiInfo = {
      named_endpoints: {
        '/open': { parameters: [text('a')], returns: [], api_visibility: 'public' },
        '/hidden': { parameters: [text('a')], returns: [], api_visibility: 'private' },
        '/quiet': { parameters: [text('a')], returns: [], api_visibility: 'undocumented' },
        '/old_quiet': { parameters: [], returns: [], show_api: false },
      },
      unnamed_endpoints: {},
    };
    const module = generate(info, ['open', 'hidden', 'quiet', 'old_quiet']);
    expect(module).toContain("  '/open': {");
    expect(module).not.toContain("'/hidden'");
    expect(module).toMatch(/ {3}\* @remarks Undocumented: the app hides it from its API page, so it may change without notice\.\n {3}\*\/\n {2}'\/quiet': \{/);
    expect(module).toMatch(/@remarks Undocumented[^\n]*\n {3}\*\/\n {2}'\/old_quiet': \{/);
    expect(module).toMatch(/`\/open`: streams its outputs/);
  });

  it('also leaves out an endpoint whose dependency is private in /config', () => {
    const info: ApiInfo = { named_endpoints: { '/a': { parameters: [], returns: [] }, '/b': { parameters: [], returns: [] } }, unnamed_endpoints: {} };
    expect(generate(info, ['a', 'b'], [{}, { api_visibility: 'private' }])).not.toContain("'/b'");
  });

  it('drops tuple labels when a name is not a plain identifier, and quotes such keys', () => {
    const info: ApiInfo = { named_endpoints: { '/f': { parameters: [text('class'), text('ok', { parameter_has_default: true, parameter_default: 'x' })], returns: [{ label: 'Out', type: { type: 'number' }, component: 'Number' }] } }, unnamed_endpoints: {} };
    const module = generate(info, ['f']);
    expect(module).toContain('    parameters: [string, string];');
    expect(module).toContain('      class: string;');
    expect(module).toContain('      ok?: string;');
    expect(module).toContain('    returns: [number];');
    expect(module).toContain('   * Outputs: Out (Number).');
  });

  it('keeps comments closed and on one line, whatever the description and defaults hold', () => {
    const info: ApiInfo = {
      named_endpoints: { '/f': { parameters: [text('a', { parameter_has_default: true, parameter_default: '*/ evil\nline' })], returns: [], description: 'Does */ things\non two lines' } },
      unnamed_endpoints: {},
    };
    const module = generate(info, ['f']);
    expect(module).toContain('   * Does *\\/ things on two lines');
    expect(module).toContain('/** a (Textbox). Default: `"*\\/ evil\\nline"`. */');
    expect(module.match(/\*\//g)?.length).toBe(module.match(/\/\*\*/g)?.length);
  });

  it('makes an empty file input nullable', () => {
    const image = { properties: { path: { type: 'string' }, meta: { type: 'object' } }, type: 'object' };
    const info: ApiInfo = { named_endpoints: { '/f': { parameters: [text('image', { type: image, component: 'Image' })], returns: [{ label: 'Out', type: image, component: 'Image' }] } }, unnamed_endpoints: {} };
    const module = generate(info, ['f']);
    expect(module).toContain('parameters: [image: Blob | File | FileData | null];');
    expect(module).toContain('returns: [FileData];');
    expect(module).toContain("import type { FileData } from 'gradio-rx';");
  });

  it('fails with endpoint-not-found when nothing can be called by name', () => {
    const info: ApiInfo = { named_endpoints: { '/hidden': { parameters: [], returns: [], api_visibility: 'private' } }, unnamed_endpoints: {} };
    const error = (() => {
      try {
        generate(info, ['hidden']);
      } catch (caught) {
        return caught;
      }
    })();
    expect(isGradioError(error) && error.type).toBe('endpoint-not-found');
    expect((error as Error).message).toBe('The app at http://127.0.0.1:7860 has no named endpoints to call (its /info lists none that are public)');
  });

  it('renames a $defs entry whose name TypeScript or the module already uses, and writes a cycle of bare references as unknown', () => {
    const schema = {
      $defs: {
        class: { type: 'object', properties: { a: { $ref: '#/$defs/App' } } },
        App: { type: 'object', properties: { b: { type: 'string' } } },
        FileData: { type: 'object', properties: { c: { $ref: '#/$defs/Loop' } } },
        Loop: { anyOf: [{ $ref: '#/$defs/Back' }, { type: 'null' }] },
        Back: { $ref: '#/$defs/Loop' },
        Tree: { type: 'array', items: { $ref: '#/$defs/Tree' } },
      },
      type: 'object',
      properties: { x: { $ref: '#/$defs/class' }, y: { $ref: '#/$defs/FileData' }, z: { $ref: '#/$defs/Tree' } },
    };
    const module = withSchemas(schema, undefined, { component: 'JSON' });
    expect(module).toContain('export type classDef = { a?: AppDef };');
    expect(module).toContain('export type AppDef = { b?: string };');
    expect(module).toContain('export type FileDataDef = { c?: Loop };');
    expect(module).toContain('export type Loop = unknown;');
    expect(module).toContain('export type Back = unknown;');
    expect(module).toContain('export type Tree = Tree[];');
  });

  it('writes unknown for schema parts that are not schemas', () => {
    const odd = { type: 'object', properties: { a: 1, b: { type: [{ toString: false }, 'string'] }, c: null }, required: ['a'] };
    const module = withSchemas(odd);
    expect(module).toContain('parameters: [a: { a: unknown; b?: unknown; c?: unknown }];');
  });

  it('writes a module for any /info schema, whatever its keywords, $defs names and references hold', () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    const name = fc.oneof(fc.constantFrom('Message', 'class', 'App', 'FileData', 'string', 'a-b'), fc.string({ maxLength: 6 }));
    const schema: fc.Arbitrary<unknown> = fc.letrec<{ schema: unknown }>((tie) => ({
      schema: fc.oneof(
        { depthSize: 'small' },
        json,
        name.map((target) => ({ $ref: `#/$defs/${target}` })),
        fc.record({ type: fc.oneof(fc.constantFrom('string', 'object', 'array', 'null', 'integer'), json), properties: fc.dictionary(name, tie('schema'), { maxKeys: 3 }), items: tie('schema'), anyOf: fc.array(tie('schema'), { maxLength: 3 }), enum: json, const: json, required: json }, { requiredKeys: [] }),
      ),
    })).schema;
    const withDefs = fc.tuple(schema, fc.dictionary(name, schema, { maxKeys: 4 })).map(([top, defs]) => (typeof top === 'object' && top !== null && !Array.isArray(top) ? { ...top, $defs: defs } : top));
    fc.assert(
      fc.property(withDefs, withDefs, (input, output) => {
        const module = withSchemas(input, output);
        expect(module).toContain("  '/go': {");
      }),
      { numRuns: 300 },
    );
  });
});
