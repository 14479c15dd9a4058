/**
 * The type aliases a generated module declares for the `$defs` of Gradio's schemas
 * (`ComponentMessage`, `FileMessage`, `Message`…), so that each is written once. Pure.
 */
import { type Direction, isFileSchema, type JsonSchema, type SchemaContext, schemaToType } from './schemaToType.js';

/** Collects aliases while types are written; `declarations()` then lists them. */
export class TypeAliases {
  /** Alias name → its type text, in the order they were first needed. */
  readonly #texts = new Map<string, string>();
  /** Aliases being written, by definition and direction: a recursive definition names itself. */
  readonly #pending = new Map<string, string>();

  /** The context that writes `$defs` references as aliases of this collection. */
  context(defs: Readonly<Record<string, JsonSchema>>, direction: Direction): SchemaContext {
    return { defs, direction, aliasFor: (name, definition, context) => this.#alias(name, definition, context) };
  }

  /** `export type Name = …;` for every alias. */
  declarations(): string[] {
    return [...this.#texts].map(([name, text]) => `export type ${name} = ${text};`);
  }

  #alias(name: string, definition: JsonSchema, context: SchemaContext): string {
    const safe = name.replace(/[^\w$]/g, '_').replace(/^(\d)/, '_$1');
    // Inputs take a Blob where outputs have a FileData: such a definition has two aliases.
    const base = context.direction === 'input' && holdsFiles(definition, context.defs, new Set([name])) ? `${safe}Input` : safe;
    const key = `${name}/${context.direction}`;
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    this.#pending.set(key, base);
    const text = schemaToType(definition, context);
    this.#pending.delete(key);
    let alias = base;
    // The same name with another shape (two endpoints' schemas) gets a numbered alias.
    for (let n = 2; this.#texts.has(alias) && this.#texts.get(alias) !== text; n += 1) alias = `${base}${n}`;
    this.#texts.set(alias, text);
    return alias;
  }
}

/** Whether a schema holds a file anywhere (through its `$defs` references too). */
function holdsFiles(schema: unknown, defs: Readonly<Record<string, JsonSchema>>, seen: Set<string>): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  if (isFileSchema(schema as JsonSchema)) return true;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref)?.[1];
    if (name === undefined || seen.has(name)) return false;
    seen.add(name);
    return holdsFiles(defs[name], defs, seen);
  }
  return Object.entries(schema).some(([key, value]) => key !== '$defs' && key !== 'definitions' && holdsFiles(value, defs, seen));
}
