/**
 * The command line of `gradio-rx`: `types <source> [--name <Type>] [--out <file>] [--token <t>]`.
 * Pure: argv in, a parsed command or a usage error out.
 */
import { isReservedWord } from './schemaToType.js';

/** The usage text of `gradio-rx --help`. */
export const usage = `Usage: gradio-rx types <source> [--name <Type>] [--out <file>] [--token <token>]

Reads /config and /info of a running Gradio app and prints a TypeScript module that
exports an interface describing its endpoints, for gradio<Type>(source).

  <source>         a Gradio root URL (http://127.0.0.1:7860), a Space host
                   (owner-space.hf.space) or a Space id (owner/space)
  --name <Type>    name of the exported interface (default: from the source)
  --out <file>     write the module to <file> instead of printing it
  --token <token>  Hugging Face token for a private Space (default: $HF_TOKEN)
  -h, --help       show this help

Environment: HF_TOKEN (the token when --token is not given), HF_ENDPOINT (the
Hugging Face hub that looks up Space ids; default https://huggingface.co).

Example:
  npx gradio-rx types Qwen/Qwen2.5 --name Qwen25 --out src/qwen25.ts`;

/** A parsed command line. */
export type Command =
  | { kind: 'help' }
  | { kind: 'types'; source: string; name?: string; out?: string; token?: string }
  | { kind: 'usage-error'; message: string };

const valueOptions = new Set(['--name', '--out', '--token']);

/** Parses `process.argv.slice(2)`. */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'types') return { kind: 'usage-error', message: `unknown command "${command}"` };
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!valueOptions.has(flag)) return { kind: 'usage-error', message: `unknown option ${flag}` };
    const value = inline ?? rest[++i];
    if (value === undefined || value === '') return { kind: 'usage-error', message: `${flag} needs a value` };
    options[flag.slice(2)] = value;
  }
  if (positional.length === 0) return { kind: 'usage-error', message: 'missing <source>: the URL or Space id of the app' };
  if (positional.length > 1) return { kind: 'usage-error', message: `one <source> only, got ${positional.length}` };
  const name = options['name'];
  if (name !== undefined && (!/^[A-Za-z_$][\w$]*$/.test(name) || isReservedWord(name))) return { kind: 'usage-error', message: `--name must be a TypeScript identifier, got "${name}"` };
  return {
    kind: 'types',
    source: positional[0] as string,
    ...(name !== undefined ? { name } : {}),
    ...(options['out'] !== undefined ? { out: options['out'] } : {}),
    ...(options['token'] !== undefined ? { token: options['token'] } : {}),
  };
}

/**
 * A default interface name from the source: `Qwen/Qwen2.5` → `Qwen25`,
 * `https://owner-my-app.hf.space` → `OwnerMyApp`, anything else → `GradioApi`.
 */
export function defaultTypeName(source: string): string {
  const text = source.trim();
  const space = /^[\w.-]+\/([\w.-]+)$/.exec(text)?.[1];
  const host = /^(?:https?:\/\/)?([\w-]+)\.hf\.space(?:[/:]|$)/i.exec(text)?.[1];
  const words = (space ?? host ?? '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return /^[A-Za-z]/.test(name) ? name : 'GradioApi';
}
