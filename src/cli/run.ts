/**
 * Runs the `gradio-rx` command: fetches `/config` and `/info` through `gradio()` and prints (or
 * writes) the generated module. Node only (writes files); never imported by a browser entry.
 */
import { writeFile } from 'node:fs/promises';
import { firstValueFrom, lastValueFrom, tap } from 'rxjs';
import { gradio } from '../client.js';
import type { GradioOptions } from '../context.js';
import { isGradioError } from '../errors.js';
import { type Command, defaultTypeName, parseArgs, usage } from './args.js';
import { callableEndpoints, generateTypes } from './generateTypes.js';

/** Where the command reads its environment and writes its output (the process, or a test). */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** @default node:fs/promises writeFile */
  writeFile?: (path: string, text: string) => Promise<void>;
  /** The fetch `gradio()` uses. @default globalThis.fetch */
  fetch?: GradioOptions['fetch'];
}

/** Runs the command line and resolves to the exit code: 0 done, 1 failed, 2 bad usage. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseArgs(argv);
  if (command.kind === 'help') {
    io.stdout(`${usage}\n`);
    return 0;
  }
  if (command.kind === 'usage-error') {
    io.stderr(`gradio-rx: ${command.message}\n\n${usage}\n`);
    return 2;
  }
  try {
    await runTypes(command, io);
    return 0;
  } catch (error) {
    io.stderr(`gradio-rx types: ${explain(error, command.source, command.token ?? nonEmpty(io.env['HF_TOKEN']))}\n`);
    return 1;
  }
}

async function runTypes(command: Extract<Command, { kind: 'types' }>, io: CliIo): Promise<void> {
  const token = command.token ?? nonEmpty(io.env['HF_TOKEN']);
  // HF_ENDPOINT names another hub (a mirror, a private deployment), as for huggingface_hub.
  const hubUrl = nonEmpty(io.env['HF_ENDPOINT']);
  const app = gradio(command.source, {
    ...(token !== undefined ? { token } : {}),
    ...(hubUrl !== undefined ? { hubUrl } : {}),
    ...(io.fetch !== undefined ? { fetch: io.fetch } : {}),
  });
  try {
    // A sleeping Space takes a while to wake: say what it is doing rather than hang silently.
    await lastValueFrom(app.ready().pipe(tap((status) => io.stderr(`${status.message ?? `The Space is ${status.stage}`}\n`))), { defaultValue: undefined });
    const config = await firstValueFrom(app.config());
    const info = await firstValueFrom(app.info());
    const typeName = command.name ?? defaultTypeName(command.source);
    const module = generateTypes({ config, info, typeName, source: command.source });
    if (command.out === undefined) {
      io.stdout(module);
      return;
    }
    await (io.writeFile ?? ((path, text) => writeFile(path, text, 'utf8')))(command.out, module);
    const count = callableEndpoints(config, info).length;
    io.stdout(`Wrote interface ${typeName} (${count} endpoint${count === 1 ? '' : 's'}) to ${command.out}\n`);
  } finally {
    app.close();
  }
}

/** One line that says what failed and what to do; never the token. */
function explain(error: unknown, source: string, token: string | undefined): string {
  if (!isGradioError(error)) return error instanceof Error ? error.message : String(error);
  const message = error.message;
  switch (error.type) {
    case 'network':
    case 'timeout':
      return `cannot reach the app: ${message}. Is it running, and is the URL right?`;
    case 'auth':
    case 'space-not-found':
      return token === undefined
        ? `${message}. If the Space is private, pass --token <hf_…> or set HF_TOKEN.`
        : `${message}. The token was refused: check that it can read this Space.`;
    case 'http':
      // The Hugging Face edge answers 404 for a private Space asked without a token.
      return error.status === 404 && token === undefined && /\.hf\.space(?:[/:]|$)/i.test(source) ? `${message}. If this is a private Space, pass --token <hf_…> or set HF_TOKEN.` : message;
    case 'space-unavailable':
      return `${message}. The Space is not running: start it, or try again when it is.`;
    default:
      return message;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
