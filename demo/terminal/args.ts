/**
 * The terminal demo's command line.
 */
import { parseArgs } from 'node:util';

/** What the terminal demo was asked to do. */
export interface DemoArgs {
  /** A real Space (or any Gradio app) instead of the embedded fake Spaces. */
  url?: string;
  /** A Space id (`owner/name`) found through the hub (a real one: needs the network). */
  space?: string;
  /** The hub for `--space`. @default https://huggingface.co */
  hub?: string;
  /** Offline: the embedded Spaces sit behind a fake hub, asleep, and wake up for the first question. */
  sleeping: boolean;
  /** An image to ask the QVQ preset about. */
  image?: string;
  /** The prompt of a non-interactive run. @default 'What is the capital of France?' */
  prompt: string;
  /** The system prompt of chat requests. @default 'You are a helpful assistant.' */
  system: string;
  /** A Hugging Face token for `--url` or `--space` (else `HF_TOKEN` from the environment). */
  token?: string;
  /** Other visitors in the embedded Space's queue before the first prompt. @default 2 */
  visitors: number;
  help: boolean;
}

/** The seed documents' example prompt and system prompt. */
export const defaultPrompt = 'What is the capital of France?';
export const defaultSystemPrompt = 'You are a helpful assistant.';

export const usage = `Usage: npm run demo -- [options]

Chats with a Qwen2.5-like Space through gradio-rx. Without --url or --space it starts a fake
Space on 127.0.0.1 and needs no network.

  --url <url>        talk to this Gradio app / Space instead (e.g. https://qwen-qwen2-5.hf.space)
  --space <id>       talk to this Hugging Face Space, found through the hub (e.g. Qwen/Qwen2.5);
                     it may sleep: the status line shows it waking up
  --hub <url>        the hub for --space (default: https://huggingface.co)
  --sleeping         offline: the fake Spaces sit behind a fake hub and are asleep, so the first
                     question shows sleeping → building → starting → running, then the answer
  --image <path>     ask the QVQ-72B preset about an image (PNG, JPEG, GIF or WebP)
  --prompt <text>    the prompt when stdin is not a terminal (default: "${defaultPrompt}")
  --system <text>    the system prompt (default: "${defaultSystemPrompt}")
  --token <hf_…>     a Hugging Face token for --url or --space (default: $HF_TOKEN)
  --visitors <n>     other people already in the fake Space's queue (default: 2)
  -h, --help         this text

In a terminal: type a prompt and press Enter. Ctrl-C during an answer cancels it on the
server; Ctrl-C at the prompt (or Ctrl-D) exits. Ask about "quota" to see a ZeroGPU quota error.`;

/** Reads the command line; throws a `TypeError` with a readable message for a bad one. */
export function parseDemoArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): DemoArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string' },
      image: { type: 'string' },
      prompt: { type: 'string' },
      system: { type: 'string' },
      token: { type: 'string' },
      visitors: { type: 'string' },
      space: { type: 'string' },
      hub: { type: 'string' },
      sleeping: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const visitors = values.visitors === undefined ? 2 : Number(values.visitors);
  if (!Number.isInteger(visitors) || visitors < 0 || visitors > 10) throw new TypeError('--visitors takes a whole number from 0 to 10');
  const args: DemoArgs = {
    prompt: values.prompt ?? defaultPrompt,
    system: values.system ?? defaultSystemPrompt,
    visitors,
    sleeping: values.sleeping ?? false,
    help: values.help ?? false,
  };
  const targets = [values.url, values.space, values.sleeping ? true : undefined].filter((value) => value !== undefined);
  if (targets.length > 1) throw new TypeError('Pass at most one of --url, --space and --sleeping');
  if (values.hub !== undefined && values.space === undefined) throw new TypeError('--hub goes with --space');
  if (values.space !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(values.space)) throw new TypeError('--space takes a Space id such as Qwen/Qwen2.5');
  if (values.url !== undefined) args.url = values.url;
  if (values.space !== undefined) args.space = values.space;
  if (values.hub !== undefined) args.hub = values.hub;
  if (values.image !== undefined) args.image = values.image;
  const token = values.token ?? env['HF_TOKEN'];
  if (token !== undefined && token !== '') args.token = token;
  return args;
}
