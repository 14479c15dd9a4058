/**
 * `ctx`, the second argument of a fake endpoint function: what `gr.Error`, `gr.Info`,
 * `gr.Progress` and `gr.Request` are to a Gradio function.
 */
import type { ProgressUnit } from '../protocol.js';
import type { ServerEnv } from './env.js';
import { fileDataOf } from './files.js';
import { logMessage, progressMessage, type ServerMessage } from './messages.js';
import type { Job } from './queue.js';
import type { FakeContext, FakeErrorOptions } from './types.js';

/** `gr.Error` inside the fake: its message and title reach the client whatever `showError` says. */
export class FakeAppError extends Error {
  override readonly name = 'FakeAppError';
  readonly title: string;
  readonly duration: number | null;
  readonly visible: boolean;
  readonly quoteOnGradio4: boolean;

  constructor(message: string, options: FakeErrorOptions = {}) {
    super(message);
    this.title = options.title ?? 'Error';
    this.duration = options.duration === undefined ? 10 : options.duration;
    this.visible = options.visible ?? true;
    this.quoteOnGradio4 = options.quoteOnGradio4 ?? true;
  }
}

const defaultLogTitles = { info: 'Info', warning: 'Warning', success: 'Success', error: 'Error' } as const;

/** The context of one job; log and progress messages only go out while it runs. */
export function createContext(job: Job, env: ServerEnv, emit: (message: ServerMessage) => void): FakeContext {
  const signal = job.controller.signal;
  const running = (): boolean => job.status === 'running' && !signal.aborted;
  return {
    eventId: job.eventId,
    sessionHash: job.session.hash,
    fnIndex: job.endpoint.fnIndex,
    request: { headers: job.headers },
    signal,
    error(message, options) {
      throw new FakeAppError(message, options);
    },
    log(level, message, title, options = {}) {
      if (!running()) return;
      emit(
        logMessage(env.style, job.eventId, {
          log: message,
          level,
          duration: options.duration === undefined ? 10 : options.duration,
          visible: options.visible ?? true,
          title: title ?? defaultLogTitles[level],
        }),
      );
    },
    progress(units) {
      if (!running()) return;
      const list = typeof units === 'number' ? [{ progress: units }] : units;
      emit(progressMessage(job.eventId, list.map(progressUnit)));
    },
    sleep(ms) {
      return env.timers.sleep(ms, signal);
    },
    file(path) {
      const file = env.files.get(path);
      return file === undefined ? undefined : { bytes: file.bytes, name: file.name, type: file.type };
    },
    createFile(bytes, name, type = '') {
      return fileDataOf(env.files.add(bytes, name, type));
    },
  };
}

/** A progress unit with every field, in the order of Gradio's `ProgressUnit` (§6.3). */
function progressUnit(unit: Partial<ProgressUnit>): ProgressUnit {
  return {
    index: unit.index ?? null,
    length: unit.length ?? null,
    unit: unit.unit === undefined ? 'steps' : unit.unit,
    progress: unit.progress ?? null,
    desc: unit.desc ?? null,
  };
}
