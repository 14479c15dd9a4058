/**
 * What every reliability test checks besides its own outcome: that a job stream ends with
 * exactly one terminal event and then completes within a bound, that nothing was printed, that
 * no promise rejection went unhandled, and that no socket or timer outlived the test.
 */
import { fileURLToPath } from 'node:url';
import type { Observable } from 'rxjs';
import { type MockInstance, vi } from 'vitest';
import { type GradioEvent, isTerminalEvent } from '../../src/index.js';

/** What a job stream did, as observed from outside. */
export interface JobRecord {
  events: GradioEvent[];
  /** The RxJS error, if the stream errored (a job stream never should). */
  error?: unknown;
  elapsedMs: number;
}

/**
 * Subscribes and waits for the stream to complete or error, at most `timeoutMs`; a stream still
 * open then is unsubscribed and reported as hanging (the returned promise rejects).
 */
export function recordJob(job: Observable<GradioEvent>, timeoutMs = 5_000): Promise<JobRecord> {
  const started = performance.now();
  const events: GradioEvent[] = [];
  return new Promise<JobRecord>((resolve, reject) => {
    const done = (error?: unknown): void => {
      clearTimeout(timer);
      resolve({ events, elapsedMs: performance.now() - started, ...(error === undefined ? {} : { error }) });
    };
    const subscription = job.subscribe({ next: (event) => events.push(event), error: (error: unknown) => done(error ?? new Error('undefined error')), complete: () => done() });
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`the job did not end within ${timeoutMs} ms; events: ${events.map((event) => event.type).join(', ')}`));
    }, timeoutMs);
  });
}

/** The terminal events of a record. */
export function terminals(record: JobRecord): GradioEvent[] {
  return record.events.filter(isTerminalEvent);
}

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;

/**
 * Watches the process for what a library must never do: print (console or direct writes) and
 * leave promise rejections or exceptions unhandled. Install in `beforeEach`, read in the test,
 * `uninstall()` in `afterEach`.
 */
export class SideEffects {
  readonly unhandled: unknown[] = [];
  readonly #spies: MockInstance[] = [];
  readonly #onRejection = (reason: unknown): void => {
    this.unhandled.push(reason);
  };

  install(): void {
    process.on('unhandledRejection', this.#onRejection);
    process.on('uncaughtException', this.#onRejection);
    for (const method of consoleMethods) this.#spies.push(vi.spyOn(console, method).mockImplementation(() => undefined));
  }

  /** Also catches direct writes to stdout/stderr; only while a job runs (the test runner writes too). */
  watchWrites(): () => void {
    const writes = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')];
    this.#spies.push(...writes);
    return () => {
      for (const spy of writes) spy.mockRestore();
    };
  }

  /** Every console call and direct write, as `method: first argument`. */
  get printed(): string[] {
    return this.#spies.flatMap((spy) => spy.mock.calls.map((call) => `${spy.getMockName()}: ${String(call[0]).slice(0, 200)}`));
  }

  uninstall(): void {
    process.off('unhandledRejection', this.#onRejection);
    process.off('uncaughtException', this.#onRejection);
    for (const spy of this.#spies) spy.mockRestore();
    this.#spies.length = 0;
  }
}

/** Sockets and timers that keep the process alive (idle keep-alive sockets are unref'd: not counted). */
export function activeHandles(): { sockets: number; timers: number } {
  const resources = process.getActiveResourcesInfo();
  return {
    sockets: resources.filter((resource) => resource === 'TCPSocketWrap').length,
    timers: resources.filter((resource) => resource === 'Timeout').length,
  };
}

/** Waits until `check()` holds, polling every 10 ms; false when `timeoutMs` passed first. */
export async function eventually(check: () => boolean, timeoutMs = 2_000): Promise<boolean> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** Whether to run the load and leak tests at their full size (`npm run test:reliability`). */
export const fullRun = process.env['GRADIO_RX_FULL'] === '1';

/** What a fixture printed: its result line, and anything else it wrote (there should be nothing). */
export interface FixtureRun<T> {
  result: T;
  /** Lines on stdout besides the result, and everything on stderr. */
  otherOutput: string;
}

/**
 * Runs a script of test/reliability/fixtures in a child Node process with `--expose-gc` (through
 * tsx, so it imports the TypeScript sources) and resolves with the JSON it prints last. The
 * child measures only the client: the fake server stays in this process. A child that exits
 * with an error (an unhandled rejection does that) rejects.
 */
export async function runFixture<T>(script: string, env: Record<string, string>, timeoutMs: number): Promise<FixtureRun<T>> {
  const { spawn } = await import('node:child_process');
  const path = fileURLToPath(new URL(`fixtures/${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code !== 0) throw new Error(`${script} exited with ${code}\n${stderr}`);
  const lines = stdout.trim().split('\n');
  const last = lines.pop() ?? '';
  return { result: JSON.parse(last) as T, otherOutput: [...lines, stderr].join('\n').trim() };
}
