/**
 * The terminal demo (`npm run demo`): a chat with a Qwen2.5-like Space through the `qwen25`
 * preset of gradio-rx. Offline by default: the Space is a fake one started in this process
 * (demo/space/), with a scripted model, a queue and other visitors in it.
 *
 * - In a terminal: a prompt loop. Tokens stream as they come; while a job waits, a status line
 *   shows its queue position, eta and progress; each answer ends with a summary line.
 *   Ctrl-C during an answer cancels the job on the Space; Ctrl-C at the prompt exits.
 * - Otherwise (CI, a pipe): answers one scripted prompt (`--prompt`) and exits 0. SIGINT
 *   during the answer cancels it as Ctrl-C does, then exits 130.
 * - `--url <Space URL>` talks to that app instead; `--image <path>` asks the QVQ preset.
 * - `--space <owner/name>` finds that Space through the Hugging Face hub (`--hub` for another
 *   hub) and wakes it if it sleeps; `--sleeping` shows the same offline: the embedded Spaces
 *   sit behind a fake hub, asleep.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChatMessage, MediaItem } from '../src/spaces/index.js';
import type { CancelRecord } from '../src/testing/index.js';
import { type DemoHub, startDemoHub } from './space/startDemoHub.js';
import { startDemoSpaces, type DemoSpaces } from './space/startDemoSpaces.js';
import { sendVisitors, type Visitors } from './space/visitors.js';
import { parseDemoArgs, usage, type DemoArgs } from './terminal/args.js';
import { ask, type AskOutcome, type RunningAnswer } from './terminal/ask.js';
import { chatJob, type DemoJob, imageJob, type Target } from './terminal/demoJob.js';
import { reportOutcome } from './terminal/report.js';
import { Screen } from './terminal/screen.js';

const screen = new Screen(process.stdout, process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined);

let args: DemoArgs;
try {
  args = parseDemoArgs(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

/** Event ids whose cancel the embedded Space has logged. */
const cancelsSeen = new Set<string>();
const logCancel = (space: string, record: CancelRecord): void => {
  cancelsSeen.add(record.eventId);
  screen.line(screen.paint('cyan', `[fake space] ${space}: cancel received for ${record.eventId} (via ${record.via})`));
};

const image: MediaItem | undefined = args.image === undefined ? undefined : [await readImage(args.image), basename(args.image)];
const embedded = args.url === undefined && args.space === undefined && !args.sleeping;
const spaces: DemoSpaces | undefined = embedded ? await startDemoSpaces({ onCancel: logCancel }) : undefined;
const demoHub: DemoHub | undefined = args.sleeping ? await startDemoHub({ onCancel: logCancel }) : undefined;
const target: Target = {
  ...(spaces !== undefined
    ? { url: image === undefined ? spaces.qwen25.url : spaces.qvq.url }
    : demoHub !== undefined
      ? { hubUrl: demoHub.url }
      : args.space !== undefined
        ? { url: args.space, ...(args.hub === undefined ? {} : { hubUrl: args.hub }) }
        : { url: args.url! }),
  ...(args.token === undefined ? {} : { apiKey: args.token }),
};
let visitors: Visitors | undefined;

const presetName = image === undefined ? 'qwen25' : 'qwenQvq72b';
screen.line(
  screen.paint(
    'bold',
    spaces !== undefined
      ? `gradio-rx demo · ${presetName} preset · embedded fake Space at ${target.url}`
      : demoHub !== undefined
        ? `gradio-rx demo · ${presetName} preset · its Space, asleep, behind a fake hub at ${demoHub.url}`
        : args.space !== undefined
          ? `gradio-rx demo · ${presetName} preset · Space ${args.space} via ${args.hub ?? 'https://huggingface.co'}`
          : `gradio-rx demo · ${presetName} preset · ${target.url}`,
  ),
);

/** The conversation so far (chat only: QVQ takes one question about its image). */
const history: ChatMessage[] = [];

function jobFor(prompt: string): DemoJob {
  if (image !== undefined) return imageJob([{ role: 'user', content: prompt }], image, target);
  return chatJob([{ role: 'system', content: args.system }, ...history, { role: 'user', content: prompt }], target);
}

/** Asks one prompt; the first one, on the embedded Space, waits behind other visitors. */
async function askPrompt(prompt: string): Promise<RunningAnswer> {
  if (spaces !== undefined && image === undefined && visitors === undefined && args.visitors > 0) {
    visitors = await sendVisitors(spaces.qwen25.url, args.visitors);
  }
  return ask(jobFor(prompt), screen);
}

/** After an answer: its report, the server's cancel log line, the history. */
async function finish(prompt: string, outcome: AskOutcome): Promise<void> {
  reportOutcome(outcome, screen);
  if (outcome.kind === 'cancelled' && (spaces !== undefined || demoHub !== undefined) && outcome.eventId !== undefined) {
    // The cancel is fire-and-forget: give the Space a moment to log it before going on.
    await until(() => cancelsSeen.has(outcome.eventId!), 2_000);
  }
  if (outcome.kind === 'completed') history.push({ role: 'user', content: prompt }, { role: 'assistant', content: outcome.text });
}

async function exit(code: number): Promise<never> {
  visitors?.leave();
  await spaces?.close();
  await demoHub?.close();
  process.exit(code);
}

async function readImage(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    process.stderr.write(`Cannot read --image ${path}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** One scripted prompt, for CI and pipes. */
async function runOnce(): Promise<never> {
  let running: RunningAnswer | undefined;
  let interrupted = false;
  process.on('SIGINT', () => {
    if (running !== undefined && !interrupted) {
      interrupted = true;
      running.cancel();
    } else {
      void exit(130);
    }
  });
  screen.line(`${screen.paint('bold', 'you ›')} ${args.prompt}`);
  running = await askPrompt(args.prompt);
  const outcome = await running.done;
  await finish(args.prompt, outcome);
  return exit(outcome.kind === 'completed' ? 0 : outcome.kind === 'cancelled' ? 130 : 1);
}

/** The prompt loop of a terminal. */
function runInteractive(): void {
  screen.line(screen.paint('dim', 'Type a prompt and press Enter. Ctrl-C cancels an answer; Ctrl-C at the prompt or Ctrl-D exits.'));
  const input = createInterface({ input: process.stdin, output: process.stdout, terminal: true, historySize: 100 });
  input.setPrompt(`${screen.paint('bold', 'you ›')} `);
  let running: RunningAnswer | undefined;
  let cancelling = false;
  let busy = false;

  const interrupt = (): void => {
    if (running !== undefined && !cancelling) {
      cancelling = true;
      running.cancel();
    } else {
      screen.line('');
      void exit(0);
    }
  };
  // In raw mode readline sees Ctrl-C itself; `kill -INT` still reaches the process.
  input.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);
  let closed = false;
  input.on('close', () => {
    closed = true; // Ctrl-D: exit now, or once the answer on its way has ended
    if (!busy) void exit(0);
  });
  input.on('line', (line) => {
    const prompt = line.trim();
    if (busy) return; // typed while an answer streams: ignored
    if (prompt === '') {
      input.prompt();
      return;
    }
    busy = true;
    void (async () => {
      const answer = await askPrompt(prompt);
      running = answer;
      cancelling = false;
      const outcome = await answer.done;
      await finish(prompt, outcome);
      running = undefined;
      busy = false;
      if (closed) await exit(0);
      else input.prompt();
    })();
  });
  input.prompt();
}

if (process.stdin.isTTY === true) runInteractive();
else await runOnce();
