/**
 * Runs demo/angular/serve.ts (the built Angular app + the fake Spaces on one origin) in a child
 * process, as a person would with `npm start`, and reads what the fake Spaces recorded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const demoDirectory = fileURLToPath(new URL('../../demo/angular/', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));

/** True once `npm --prefix demo/angular run build` has run. */
export function isDemoBuilt(): boolean {
  return existsSync(`${demoDirectory}dist/angular-demo/browser/index.html`);
}

/** A job the fake Space stopped, as gradio-rx/testing records it. */
export interface CancelRecord {
  eventId: string;
  via: 'cancel' | 'disconnect';
}

/** What one fake Space saw (serve.ts, `/demo/records`). */
export interface SpaceRecords {
  joins: number;
  cancelRequests: number;
  cancelled: CancelRecord[];
  stopped: string[];
  uploads: { name: string; type: string; size: number; sha256: string }[];
}

export interface Records {
  qwen25: SpaceRecords;
  qvq: SpaceRecords;
}

export interface DemoProcess {
  url: string;
  records(): Promise<Records>;
  stop(): Promise<void>;
}

/** Starts serve.ts on a free port and resolves once it prints its URL. */
export function startDemo(): Promise<DemoProcess> {
  const child = spawn(process.execPath, [tsx, 'serve.ts', '--port', '0'], { cwd: demoDirectory, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    let started = false;
    const fail = (reason: string): void => {
      if (started) return;
      child.kill('SIGKILL');
      reject(new Error(`demo/angular/serve.ts did not start: ${reason}\n${output}`));
    };
    const timer = setTimeout(() => fail('no URL within 20 s'), 20_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Angular demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      started = true;
      const url = match[1];
      resolve({
        url,
        records: async () => (await (await fetch(`${url}/demo/records`)).json()) as Records,
        stop: () => stopProcess(child),
      });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(`it exited with code ${String(code)}`);
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
