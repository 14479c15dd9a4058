/**
 * The demo's offline Hugging Face: a fake hub whose two Spaces (the Qwen2.5-like and the
 * QVQ-like imitations, under their real ids) are asleep, so that the first question shows a
 * Space waking up: sleeping → building → starting → running, then the answer.
 */
import type { FakeHub } from '../../src/testing/index.js';
import { startFakeHub } from '../../src/testing/index.js';
import { watchDemoCancels } from './cancelWatch.js';
import { qvqLikeSpace } from './qvqLike.js';
import { qwen25LikeSpace } from './qwen25Like.js';
import type { StartDemoSpacesOptions } from './startDemoSpaces.js';

/** The stages a cold Space passes through on Hugging Face. */
export const wakeUpStages = ['SLEEPING', 'BUILDING', 'APP_STARTING', 'RUNNING'];

/** Options of `startDemoHub`: those of `startDemoSpaces`, for the same two Spaces. */
export type StartDemoHubOptions = StartDemoSpacesOptions;

/** The running hub: pass `url` as the presets' `hubUrl`. */
export interface DemoHub {
  url: string;
  hub: FakeHub;
  close(): Promise<void>;
}

/**
 * Starts the hub with `Qwen/Qwen2.5` and `Qwen/QVQ-72B-preview` asleep, on 127.0.0.1.
 *
 * @example
 * ```ts
 * const demoHub = await startDemoHub();
 * qwen25.events({ messages, hubUrl: demoHub.url }).subscribe(…); // space-status events first
 * ```
 */
export async function startDemoHub(options: StartDemoHubOptions = {}): Promise<DemoHub> {
  const hub = await startFakeHub({
    spaces: {
      'Qwen/Qwen2.5': { app: qwen25LikeSpace(options), stages: wakeUpStages },
      'Qwen/QVQ-72B-preview': { app: qvqLikeSpace(options), stages: wakeUpStages },
    },
  });
  const stopWatching = watchDemoCancels({ qwen25: hub.space('Qwen/Qwen2.5').app!, qvq: hub.space('Qwen/QVQ-72B-preview').app! }, options.onCancel);
  return {
    url: hub.url,
    hub,
    async close() {
      stopWatching();
      await hub.close();
    },
  };
}
