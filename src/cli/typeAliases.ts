/**
 * The type aliases a generated module declares for the `$defs` of Gradio's schemas
 * (`ComponentMessage`, `FileMessage`, `Message`…), so that each is written once. Pure.
 */
import { type Direction, isFileSchema, isReservedWord, type JsonSchema, type SchemaContext, schemaToType } from './schemaToType.js';

/**
 * Type names an alias must not take besides TypeScript's reserved words (`isReservedWord`): a
 * `$defs` entry may be called anything, and `export type Record = …` would hide a global type.
 */
const builtInTypes = new Set(['bigint', 'Array', 'Promise', 'Record', 'Readonly', 'Partial', 'Blob', 'File']);

/** Collects aliases while types are written; `declarations()` then lists them. */
export class TypeAliases {
  /** Alias name → its type text, in the order they were first needed. */
  readonly #texts = new Map<string, string>();
  /** Aliases being written, by definition and direction: a recursive definition names itself. */
  readonly #pending = new Map<string, string>();
  /** Names the module declares or imports itself (its interface, `FileData`). */
  readonly #reserved: ReadonlySet<string>;

  constructor(reserved: readonly string[] = []) {
    this.#reserved = new Set(reserved);
  }

  /** The context that writes `$defs` references as aliases of this collection. */
  context(defs: Readonly<Record<string, JsonSchema>>, direction: Direction): SchemaContext {
    return { defs, direction, aliasFor: (name, definition, context) => this.#alias(name, definition, context) };
  }

  /**
   * `export type Name = …;` for every alias. An alias that only names others which lead back to
   * it (`A = B`, `B = A | null`: a definition that is nothing but references) is `unknown`:
   * TypeScript refuses a type alias that circularly references itself outside an object or array.
   */
  declarations(): string[] {
    const circular = this.#bareCycles();
    return [...this.#texts].map(([name, text]) => `export type ${name} = ${circular.has(name) ? 'unknown' : text};`);
  }

  /** The aliases on a cycle of aliases whose texts are unions of bare names. */
  #bareCycles(): Set<string> {
    // Alias → the aliases its text names, for the texts that are nothing but names.
    const names = new Map<string, string[]>();
    for (const [alias, text] of this.#texts) {
      if (/^[\w$]+( \| [\w$]+)*$/.test(text)) names.set(alias, text.split(' | ').filter((part) => this.#texts.has(part)));
    }
    const reaches = (from: string, target: string, seen: Set<string>): boolean => {
      for (const next of names.get(from) ?? []) {
        if (next === target) return true;
        if (seen.has(next)) continue;
        seen.add(next);
        if (reaches(next, target, seen)) return true;
      }
      return false;
    };
    return new Set([...names.keys()].filter((alias) => reaches(alias, alias, new Set())));
  }

  #alias(name: string, definition: JsonSchema, context: SchemaContext): string {
    const identifier = name.replace(/[^\w$]/g, '_').replace(/^(\d)/, '_$1');
    const safe = isReservedWord(identifier) || builtInTypes.has(identifier) || this.#reserved.has(identifier) ? `${identifier}Def` : identifier;
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
