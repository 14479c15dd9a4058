/**
 * JSON Schema → TypeScript type text, for the schemas Gradio puts in `/info` (pydantic v2
 * output, JSON Schema 2020-12: `$defs`, `prefixItems`, `anyOf`, `enum`, `const`). Pure.
 *
 * A small mapper rather than a JSON-Schema-to-TypeScript library: Gradio's schemas are small
 * and use few keywords, the types must be inline (one per parameter) with Gradio's files
 * replaced by what the SDK accepts, and a library would be a run-time dependency of every
 * install of gradio-rx because the `gradio-rx` command needs it.
 */

/** A JSON schema as found in `/info` (`true`/`false` schemas included). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Where the type is used: inputs may be files to upload, outputs are what the server sends. */
export type Direction = 'input' | 'output';

/** What the mapper needs besides the schema. */
export interface SchemaContext {
  /** `$defs` (or `definitions`) of the parameter's schema, where `$ref`s point. */
  defs: Readonly<Record<string, JsonSchema>>;
  direction: Direction;
  /**
   * Names a `$defs` entry (other than a file) where it is used, so that the module declares it
   * once as a type alias. Without it, the definition is written inline.
   */
  aliasFor?: (name: string, definition: JsonSchema, context: SchemaContext) => string;
}

/** The TypeScript type for a file in inputs (uploaded first) and outputs. */
export function fileType(direction: Direction): string {
  return direction === 'input' ? 'Blob | File | FileData' : 'FileData';
}

/** The type text for `schema`, e.g. `string`, `'72B' | '7B'`, `[string | null, string | null][]`. */
export function schemaToType(schema: JsonSchema | undefined, context: SchemaContext): string {
  return toType(schema, context, new Set());
}

/** True for Gradio's FileData (and ImageData…): an object with a `path` and a `meta`. */
export function isFileSchema(schema: JsonSchema | undefined): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const properties = schema['properties'];
  return typeof properties === 'object' && properties !== null && 'path' in properties && 'meta' in properties;
}

/** The `$defs` of a parameter's schema. */
export function defsOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  if (typeof schema !== 'object' || schema === null) return {};
  const defs = schema['$defs'] ?? schema['definitions'];
  return typeof defs === 'object' && defs !== null ? (defs as Record<string, JsonSchema>) : {};
}

function toType(schema: JsonSchema | undefined, context: SchemaContext, refs: ReadonlySet<string>): string {
  if (schema === false) return 'never';
  // `true`, and anything that is not a schema object (a server's odd /info): nothing is known.
  if (typeof schema !== 'object' || schema === null) return 'unknown';
  const ref = schema['$ref'];
  if (typeof ref === 'string') return refType(ref, context, refs);
  if (isFileSchema(schema)) return fileType(context.direction);
  if ('const' in schema) return literal(schema['const']);
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues)) return union(enumValues.map(literal));
  const anyOf = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(anyOf)) return union(anyOf.map((member) => toType(member as JsonSchema, context, refs)));
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) return allOf.length === 0 ? 'unknown' : allOf.map((member) => group(toType(member as JsonSchema, context, refs))).join(' & ');
  const type = schema['type'];
  if (Array.isArray(type)) return union(type.map((name) => typeNamed(typeof name === 'string' ? name : '', schema, context, refs)));
  if (typeof type === 'string') return typeNamed(type, schema, context, refs);
  if ('properties' in schema) return objectType(schema, context, refs);
  if ('items' in schema || 'prefixItems' in schema) return arrayType(schema, context, refs);
  return 'unknown';
}

function refType(ref: string, context: SchemaContext, refs: ReadonlySet<string>): string {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  const name = match?.[1];
  const target = name === undefined ? undefined : context.defs[name];
  // A ref into nothing (abridged schemas) says nothing; a recursive one is cut off.
  if (name === undefined || target === undefined) return 'unknown';
  if (isFileSchema(target)) return fileType(context.direction);
  if (context.aliasFor !== undefined) return context.aliasFor(name, target, context);
  if (refs.has(name)) return 'unknown';
  return toType(target, context, new Set([...refs, name]));
}

function typeNamed(type: string, schema: { readonly [keyword: string]: unknown }, context: SchemaContext, refs: ReadonlySet<string>): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return arrayType(schema, context, refs);
    case 'object':
      return objectType(schema, context, refs);
    default:
      return 'unknown';
  }
}

function arrayType(schema: { readonly [keyword: string]: unknown }, context: SchemaContext, refs: ReadonlySet<string>): string {
  const items = schema['items'];
  // 2020-12 tuples are `prefixItems`; draft-07 ones an `items` array.
  const prefix = Array.isArray(schema['prefixItems']) ? (schema['prefixItems'] as JsonSchema[]) : Array.isArray(items) ? (items as JsonSchema[]) : undefined;
  if (prefix !== undefined) {
    const minItems = typeof schema['minItems'] === 'number' ? schema['minItems'] : prefix.length;
    const elements = prefix.map((member, i) => (i >= minItems ? `${group(toType(member, context, refs))}?` : toType(member, context, refs)));
    const rest = Array.isArray(items) ? schema['additionalItems'] : items;
    if (rest !== undefined && rest !== false) elements.push(`...${group(toType(rest as JsonSchema, context, refs))}[]`);
    return `[${elements.join(', ')}]`;
  }
  return `${group(toType(items as JsonSchema | undefined, context, refs))}[]`;
}

function objectType(schema: { readonly [keyword: string]: unknown }, context: SchemaContext, refs: ReadonlySet<string>): string {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  const additional = schema['additionalProperties'];
  const names = Object.keys(properties);
  if (names.length === 0) {
    const values = typeof additional === 'object' && additional !== null ? toType(additional as JsonSchema, context, refs) : 'unknown';
    return additional === false ? 'Record<string, never>' : `Record<string, ${values}>`;
  }
  const members = names.map((name) => `${propertyKey(name)}${required.has(name) ? '' : '?'}: ${toType(properties[name], context, refs)}`);
  // Declared properties must fit an index signature, so extra ones are only `unknown`.
  if (additional !== undefined && additional !== false) members.push('[key: string]: unknown');
  return `{ ${members.join('; ')} }`;
}

/** A literal type for a JSON value (`'72B'`, `3`, `true`, `null`); other values are `unknown`. */
export function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  return 'unknown';
}

/** A single-quoted TypeScript string literal. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : quote(name);
}

/** Reserved words and built-in type names: not usable as tuple labels or interface names. */
const reservedWords = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private protected public static yield any boolean number string symbol unknown never object undefined'.split(' '),
);

/** True for a word TypeScript reserves (`class`, `default`…) or a built-in type name (`string`…). */
export function isReservedWord(name: string): boolean {
  return reservedWords.has(name);
}

/** True for a name usable as an identifier (property key, tuple label). */
export function isIdentifier(name: string): boolean {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name);
}

function union(members: string[]): string {
  const unique = [...new Set(members)];
  if (unique.length === 0) return 'never';
  // `unknown` absorbs every other member.
  if (unique.includes('unknown')) return 'unknown';
  return unique.join(' | ');
}

/** Parentheses around a union or intersection where it is followed by `[]` or `&`. */
function group(type: string): string {
  return /[|&]/.test(depthZero(type)) ? `(${type})` : type;
}

/** The characters of `type` outside any brackets, braces or parentheses (and quotes). */
function depthZero(type: string): string {
  let depth = 0;
  let quoted = false;
  let out = '';
  for (let i = 0; i < type.length; i += 1) {
    const char = type[i] as string;
    if (quoted) {
      if (char === '\\') i += 1;
      else if (char === "'") quoted = false;
      continue;
    }
    if (char === "'") quoted = true;
    else if ('([{<'.includes(char)) depth += 1;
    else if (')]}>'.includes(char)) depth -= 1;
    else if (depth === 0) out += char;
  }
  return out;
}
