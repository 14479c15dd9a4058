/**
 * Other people using the demo's Qwen2.5-like Space, so that the demo's own job waits in the
 * queue and shows its position, as on a busy Space. They talk to the Space through gradio-rx
 * like anyone else, each in a session of its own.
 */
import type { Subscription } from 'rxjs';
import { gradio } from '../../src/index.js';

/** A short question with a brief answer: a visitor keeps the GPU for a fraction of a second. */
const visitorInputs = (index: number): unknown[] => [`Hello from visitor ${index + 1}`, [], 'Be brief: one sentence.', '72B'];

/** Visitors that are in the queue (or running) and will leave when done. */
export interface Visitors {
  /** Resolves when every visitor's job has ended. */
  readonly done: Promise<void>;
  /** Cancels the visitors' jobs that still run. */
  leave(): void;
}

/**
 * Sends `count` visitors' jobs to the Space at `url`, one after the other, and resolves once
 * all of them are in its queue: a job joined after that waits behind them.
 */
export async function sendVisitors(url: string, count: number): Promise<Visitors> {
  const app = gradio(url);
  const subscriptions: Subscription[] = [];
  const endings: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    let queued!: () => void;
    const joined = new Promise<void>((resolve) => (queued = resolve));
    const ended = new Promise<void>((resolve) => {
      subscriptions.push(
        app.submit('/model_chat', visitorInputs(index)).subscribe({
          next: (event) => {
            if (event.type === 'queued') queued();
          },
          complete: () => {
            queued();
            resolve();
          },
        }),
      );
    });
    endings.push(ended);
    // In order, so that the queue's ranks follow the visitors' numbers.
    await joined;
  }
  return {
    done: Promise.all(endings).then(() => undefined),
    leave: () => subscriptions.forEach((subscription) => subscription.unsubscribe()),
  };
}
