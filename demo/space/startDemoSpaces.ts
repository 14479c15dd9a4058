/**
 * The demo's embedded Spaces, each on its own 127.0.0.1 port, as the terminal demo and the
 * example scripts use them.
 */
import type { CancelRecord, FakeGradioServer } from '../../src/testing/index.js';
import { startFakeGradioServer } from '../../src/testing/index.js';
import { watchCancels } from './cancelWatch.js';
import type { DemoSpaceOptions } from './options.js';
import { qvqLikeSpace } from './qvqLike.js';
import { qwen25LikeSpace } from './qwen25Like.js';

/** Options of `startDemoSpaces`. */
export interface StartDemoSpacesOptions extends DemoSpaceOptions {
  /** Called when a Space records a cancel (the server side of Ctrl-C). */
  onCancel?: (space: 'qwen25' | 'qvq', record: CancelRecord) => void;
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
  const { onCancel } = options;
  const unwatch =
    onCancel === undefined
      ? []
      : [watchCancels(qwen25.fake, (record) => onCancel('qwen25', record)), watchCancels(qvq.fake, (record) => onCancel('qvq', record))];
  return {
    qwen25,
    qvq,
    async close() {
      for (const stop of unwatch) stop();
      await Promise.all([qwen25.close(), qvq.close()]);
    },
  };
}
