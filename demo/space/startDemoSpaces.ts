/**
 * The demo's embedded Spaces, each on its own 127.0.0.1 port, as the terminal demo and the
 * example scripts use them.
 */
import type { CancelRecord, FakeGradioServer } from '../../src/testing/index.js';
import { startFakeGradioServer } from '../../src/testing/index.js';
import { type DemoSpaceName, watchDemoCancels } from './cancelWatch.js';
import type { DemoSpaceOptions } from './options.js';
import { qvqLikeSpace } from './qvqLike.js';
import { qwen25LikeSpace } from './qwen25Like.js';

/** Options of `startDemoSpaces`. */
export interface StartDemoSpacesOptions extends DemoSpaceOptions {
  /** Called when a Space records a cancel (the server side of Ctrl-C). */
  onCancel?: (space: DemoSpaceName, record: CancelRecord) => void;
}

/** The running Spaces. */
export interface DemoSpaces {
  /** The Qwen2.5-like chat Space: pass `qwen25`'s `url` param this. */
  qwen25: FakeGradioServer;
  /** The QVQ-like image Space: pass `qwenQvq72b`'s `url` param this. */
  qvq: FakeGradioServer;
  /** Stops both servers. */
  close(): Promise<void>;
}

/**
 * Starts both imitations on free ports of 127.0.0.1.
 *
 * @example
 * ```ts
 * const spaces = await startDemoSpaces();
 * await lastValueFrom(qwen25.stream({ url: spaces.qwen25.url, messages }));
 * await spaces.close();
 * ```
 */
export async function startDemoSpaces(options: StartDemoSpacesOptions = {}): Promise<DemoSpaces> {
  const [qwen25, qvq] = await Promise.all([startFakeGradioServer(qwen25LikeSpace(options)), startFakeGradioServer(qvqLikeSpace(options))]);
  const stopWatching = watchDemoCancels({ qwen25: qwen25.fake, qvq: qvq.fake }, options.onCancel);
  return {
    qwen25,
    qvq,
    async close() {
      stopWatching();
      await Promise.all([qwen25.close(), qvq.close()]);
    },
  };
}
