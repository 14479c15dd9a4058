/**
 * The terminal demo as CI runs it: `demo/chat.ts` with stdin not a terminal, against its
 * embedded fake Spaces. Each test spawns the real script.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPrompt, defaultSystemPrompt } from '../../demo/terminal/args.js';
import { scriptedAnswer, tokenize } from '../../demo/space/scriptedModel.js';
import { formatClock } from '../../demo/common/format.js';
import { zeroGpuQuotaRetryMs } from '../../demo/space/quota.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  child: ChildProcess;
  /** stdout so far, and the time each chunk arrived. */
  chunks: { text: string; at: number }[];
  stdout(): string;
  stderr(): string;
  exit: Promise<number | null>;
}

/** Starts `node --import tsx demo/chat.ts …args` with stdin a pipe (not a terminal). */
function runDemo(args: string[] = []): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/chat.ts', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', HF_TOKEN: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin!.end();
  const chunks: { text: string; at: number }[] = [];
  let errors = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => chunks.push({ text, at: performance.now() }));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (errors += text));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, chunks, stdout: () => chunks.map((chunk) => chunk.text).join(''), stderr: () => errors, exit };
}

async function waitForOutput(run: Run, text: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.stdout().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in the demo's output within ${timeoutMs} ms:\n${run.stdout()}\n${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('npm run demo without a terminal', () => {
  it('waits in the queue, streams the scripted answer token by token, prints the summary and exits 0', async () => {
    const run = runDemo();
    expect(await run.exit).toBe(0);
    const output = run.stdout();
    const answer = scriptedAnswer({ prompt: defaultPrompt, systemPrompt: defaultSystemPrompt });

    expect(output).toContain(`you › ${defaultPrompt}\n`);
    expect(output).toContain(`${answer}\n`);
    // Simulated visitors are ahead (how many are left when the job joins depends on the
    // machine's speed): the job sees its position, then its start and progress.
    const waiting = [/… queued: position [12] of [12]\n/, /… started/, /… Reading the prompt 4\/4 steps/].map((line) => output.search(line));
    expect(waiting.every((index) => index >= 0)).toBe(true);
    expect([...waiting].sort((a, b) => a - b)).toEqual(waiting);
    expect(waiting.at(-1)!).toBeLessThan(output.indexOf(answer));

    const tokens = tokenize(answer).length;
    expect(output).toMatch(new RegExp(`^  ${tokens} tokens · first token after \\d+\\.\\d\\d s · \\d+\\.\\d tokens/s$`, 'm'));
    // Streamed, not printed at once: the answer arrived over many writes spread in time.
    const answerStart = output.indexOf(answer);
    let offset = 0;
    const streamed = run.chunks.filter((chunk) => {
      offset += chunk.text.length;
      return offset > answerStart && !chunk.text.includes('tokens/s');
    });
    expect(streamed.length).toBeGreaterThan(tokens / 3);
    expect(streamed.at(-1)!.at - streamed[0]!.at).toBeGreaterThan(500);
  });

  it('cancels the job on the Space when SIGINT arrives mid-answer, says "cancelled" and exits 130', async () => {
    const run = runDemo(['--prompt', 'Tell me a long story', '--visitors', '0']);
    await waitForOutput(run, 'Once upon a time');
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(130);
    const output = run.stdout();

    expect(output).toMatch(/^cancelled after \d+ tokens · first token after/m);
    // The fake Space's own log: it received /cancel for the job.
    expect(output).toMatch(/^\[fake space\] qwen25: cancel received for [0-9a-f]{32} \(via cancel\)$/m);
    // The answer stopped mid-way.
    const story = scriptedAnswer({ prompt: 'Tell me a long story', systemPrompt: defaultSystemPrompt });
    expect(output).not.toContain(story);
    expect(output).not.toContain('The end.');
  });

  it('reports a ZeroGPU quota error with its retry time and exits 1', async () => {
    const run = runDemo(['--prompt', 'Is my GPU quota used up?', '--visitors', '0']);
    expect(await run.exit).toBe(1);
    expect(run.stdout()).toContain(`GPU quota exceeded: retry in ${formatClock(zeroGpuQuotaRetryMs)}\n`);
    expect(run.stdout()).toContain('You have exceeded your free ZeroGPU quota (60s requested vs. 20s left).');
  });

  it('asks the QVQ preset about --image and the Space receives the file intact', async () => {
    const path = 'demo/assets/landscape.png';
    const run = runDemo(['--image', path, '--prompt', 'What is in this image?']);
    expect(await run.exit).toBe(0);
    const hash = createHash('sha256').update(readFileSync(`${root}/${path}`)).digest('hex');
    expect(run.stdout()).toContain('qwenQvq72b preset');
    expect(run.stdout()).toContain(`sha256 ${hash}`);
    expect(run.stdout()).toContain('… uploading landscape.png');
  });

  it('with --sleeping, shows the asleep Space waking up (sleeping → building → starting → running) before the answer', async () => {
    const run = runDemo(['--sleeping']);
    expect(await run.exit).toBe(0);
    const output = run.stdout();
    expect(output).toContain('asleep, behind a fake hub at http://127.0.0.1:');
    const stages = ['sleeping', 'building', 'starting', 'running'].map((stage) => output.indexOf(`… Space ${stage}: Qwen/Qwen2.5`));
    expect(stages.every((index) => index >= 0)).toBe(true);
    expect([...stages].sort((a, b) => a - b)).toEqual(stages);
    const answer = scriptedAnswer({ prompt: defaultPrompt, systemPrompt: defaultSystemPrompt });
    expect(output.indexOf(answer)).toBeGreaterThan(stages.at(-1)!);
  }, 30_000);

  it('refuses --space with --url, and a --space that is not an owner/name id', async () => {
    const both = runDemo(['--space', 'Qwen/Qwen2.5', '--url', 'http://127.0.0.1:1']);
    expect(await both.exit).toBe(2);
    expect(both.stderr()).toContain('at most one of --url, --space and --sleeping');
    const bad = runDemo(['--space', 'not-an-id']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain('--space takes a Space id');
  });

  it('refuses an unknown option with the usage text and exit code 2', async () => {
    const run = runDemo(['--nope']);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain('Usage: npm run demo');
  });
});
