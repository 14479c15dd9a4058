/**
 * The JSON Schema → TypeScript mapper on the keywords Gradio's `/info` uses.
 */
import { describe, expect, it } from 'vitest';
import { type JsonSchema, schemaToType } from '../../src/cli/schemaToType.js';
import { TypeAliases } from '../../src/cli/typeAliases.js';

const input = (schema: JsonSchema, defs: Record<string, JsonSchema> = {}) => schemaToType(schema, { defs, direction: 'input' });
const output = (schema: JsonSchema, defs: Record<string, JsonSchema> = {}) => schemaToType(schema, { defs, direction: 'output' });

const fileData = { properties: { path: { type: 'string' }, meta: { type: 'object' } }, required: ['path'], title: 'FileData', type: 'object' };

describe('schemaToType', () => {
  it('maps the primitive types, and an empty schema to unknown', () => {
    expect(['string', 'integer', 'number', 'boolean', 'null'].map((type) => output({ type }))).toEqual(['string', 'number', 'number', 'boolean', 'null']);
    expect(output({})).toBe('unknown');
    expect(output(true)).toBe('unknown');
    expect(output(false)).toBe('never');
  });

  it('writes enums and consts as literal unions, escaping quotes', () => {
    expect(output({ enum: ['72B', '1.5B', "it's", 3, true, null], type: 'string' })).toBe("'72B' | '1.5B' | 'it\\'s' | 3 | true | null");
    expect(output({ const: 'gradio.FileData' })).toBe("'gradio.FileData'");
  });

  it('writes anyOf as a union, where unknown absorbs the rest, and type lists too', () => {
    expect(output({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string | null');
    expect(output({ anyOf: [{ type: 'string' }, {}] })).toBe('unknown');
    expect(output({ type: ['integer', 'null'] })).toBe('number | null');
  });

  it('writes prefixItems (2020-12) and items arrays (draft-07) as tuples, optional past minItems', () => {
    expect(output({ type: 'array', prefixItems: [{ type: 'string' }, { anyOf: [{ type: 'string' }, { type: 'null' }] }], minItems: 1, maxItems: 2 })).toBe('[string, (string | null)?]');
    expect(output({ type: 'array', items: [{ type: 'string' }, { type: 'number' }], minItems: 2 })).toBe('[string, number]');
    expect(output({ type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'number' } })).toBe('[string, ...number[]]');
  });

  it('writes arrays of unions with parentheses', () => {
    expect(output({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } })).toBe('(string | number)[]');
    expect(output({ type: 'array', items: { enum: ['a|b'] } })).toBe("'a|b'[]");
    expect(output({ type: 'array' })).toBe('unknown[]');
  });

  it('writes objects with required and optional properties, quoting keys that are not identifiers', () => {
    expect(output({ type: 'object', properties: { role: { type: 'string' }, 'alt text': { type: 'string' } }, required: ['role'] })).toBe("{ role: string; 'alt text'?: string }");
    expect(output({ type: 'object' })).toBe('Record<string, unknown>');
    expect(output({ type: 'object', additionalProperties: { type: 'number' } })).toBe('Record<string, number>');
    expect(output({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true })).toBe('{ a?: string; [key: string]: unknown }');
    expect(output({ allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { b: { type: 'number' } } }] })).toBe('{ a?: string } & { b?: number }');
  });

  it('takes a Blob, File or FileData where an input holds a file, and gives FileData in outputs', () => {
    const defs = { FileData: fileData, FileMessage: { type: 'object', properties: { file: { $ref: '#/$defs/FileData' } }, required: ['file'] } };
    expect(input(fileData)).toBe('Blob | File | FileData');
    expect(output(fileData)).toBe('FileData');
    expect(input({ $ref: '#/$defs/FileMessage' }, defs)).toBe('{ file: Blob | File | FileData }');
    expect(output({ $ref: '#/$defs/FileMessage' }, defs)).toBe('{ file: FileData }');
  });

  it('resolves $refs inline, cuts recursion, and says unknown for a ref to nothing', () => {
    const defs = { Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/Node' } } } } };
    expect(output({ $ref: '#/$defs/Node' }, defs)).toBe('{ children?: unknown[] }');
    expect(output({ type: 'array', items: { $ref: '#/$defs/Message' } })).toBe('unknown[]');
  });
});

describe('TypeAliases', () => {
  it('declares each $defs entry once, with an Input twin where files make the shapes differ', () => {
    const aliases = new TypeAliases();
    const defs = {
      FileData: fileData,
      FileMessage: { type: 'object', properties: { file: { $ref: '#/$defs/FileData' } }, required: ['file'] },
      Text: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/Node' } } } },
    };
    const schema = { type: 'array', items: { anyOf: [{ $ref: '#/$defs/FileMessage' }, { $ref: '#/$defs/Text' }, { $ref: '#/$defs/Node' }] } };
    expect(schemaToType(schema, aliases.context(defs, 'output'))).toBe('(FileMessage | Text | Node)[]');
    expect(schemaToType(schema, aliases.context(defs, 'input'))).toBe('(FileMessageInput | Text | Node)[]');
    expect(aliases.declarations()).toEqual([
      'export type FileMessage = { file: FileData };',
      'export type Text = { text: string };',
      'export type Node = { children?: Node[] };',
      'export type FileMessageInput = { file: Blob | File | FileData };',
    ]);
  });

  it('numbers a second definition of the same name with another shape', () => {
    const aliases = new TypeAliases();
    expect(schemaToType({ $ref: '#/$defs/Message' }, aliases.context({ Message: { type: 'string' } }, 'output'))).toBe('Message');
    expect(schemaToType({ $ref: '#/$defs/Message' }, aliases.context({ Message: { type: 'number' } }, 'output'))).toBe('Message2');
    expect(aliases.declarations()).toEqual(['export type Message = string;', 'export type Message2 = number;']);
  });
});
