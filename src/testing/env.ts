/**
 * The state one fake server shares between its parts: resolved options, the app, timers, the
 * file cache and what it records.
 */
import { resolveApp, type ResolvedApp } from './app.js';
import type { GradioLayout } from './components.js';
import { createFileStore, type FileStore } from './files.js';
import type { MessageStyle } from './messages.js';
import type { FaultCounts } from './faults.js';
import { createSseChannel, type SseChannel, type Trickle } from './sse.js';
import { createTimers, type Timers } from './timers.js';

/** The version string each layout reports. */
const layoutVersions: Record<GradioLayout, string> = { 4: '4.44.1', 5: '5.49.1', 6: '6.25.0' };
import type { CancelRecord, FakeGradioOptions, RecordedRequest } from './types.js';

export interface ServerEnv {
  readonly options: FakeGradioOptions;
  readonly app: ResolvedApp;
  /** The Gradio version whose layout the server imitates. */
  readonly layout: GradioLayout;
  /** The version `/config` reports. */
  readonly version: string;
  /**
   * Gradio before 4.31 (`gradioVersion: 4.26`): no `/cancel`, a `/reset` that stops a started
   * generator, dependencies without `id`.
   */
  readonly before431: boolean;
  readonly gradio4: boolean;
  /** The 6.25.0 layout (real6/README.md). */
  readonly gradio6: boolean;
  readonly mode: 'blocks' | 'server';
  readonly style: MessageStyle;
  /** `''` on Gradio 4, `/gradio_api` on Gradio 5 and 6. */
  readonly prefix: string;
  readonly protocol: 'sse_v1' | 'sse_v2' | 'sse_v3';
  readonly heartbeatMs: number;
  readonly showError: boolean;
  readonly timers: Timers;
  readonly files: FileStore;
  readonly appId: bigint;
  readonly requests: RecordedRequest[];
  readonly cancelled: CancelRecord[];
  readonly stopped: string[];
  /** Streams still open, so that `close()` can end them. */
  readonly channels: Set<SseChannel>;
  /** Requests answered so far by each HTTP fault (for their `times`). */
  readonly faultCounts: FaultCounts;
  closed: boolean;
}

export function createServerEnv(options: FakeGradioOptions): ServerEnv {
  const requested = options.gradioVersion ?? 6;
  if (requested !== 4 && requested !== 4.26 && requested !== 5 && requested !== 6) {
    throw new Error(`gradioVersion must be 4, 4.26, 5 or 6, not ${String(requested)}.`);
  }
  // 4.26 is the 4 layout with the older routes and dependencies (see `gradioVersion`).
  const before431 = requested === 4.26;
  const layout: GradioLayout = before431 ? 4 : requested;
  const gradio4 = layout === 4;
  const gradio6 = layout === 6;
  const mode = options.mode ?? 'blocks';
  if (mode !== 'blocks' && mode !== 'server') throw new Error(`mode must be "blocks" or "server", not ${JSON.stringify(mode)}.`);
  if (mode === 'server' && !gradio6) throw new Error('gradio.Server apps (mode "server") exist only on Gradio 6: use gradioVersion 6.');
  const app = resolveApp(options.endpoints, { layout, mode });
  const moved = before431 ? app.endpoints.find((endpoint, position) => endpoint.fnIndex !== position) : undefined;
  if (moved !== undefined) {
    throw new Error(`Before Gradio 4.32 an fn_index is a dependency's position: endpoint ${String(moved.apiName)} cannot have fn_index ${moved.fnIndex}.`);
  }
  return {
    options,
    app,
    layout,
    version: before431 ? '4.26.0' : layoutVersions[layout],
    before431,
    gradio4,
    gradio6,
    mode,
    style: { gradio4, gradio6 },
    prefix: gradio4 ? '' : '/gradio_api',
    protocol: options.protocol ?? 'sse_v3',
    // At least 1 ms: a zero interval would make an idle stream spin.
    heartbeatMs: Math.max(1, options.heartbeatMs ?? 15_000),
    showError: options.showError ?? false,
    timers: createTimers(),
    files: createFileStore(),
    appId: randomAppId(),
    requests: [],
    cancelled: [],
    stopped: [],
    channels: new Set(),
    faultCounts: new Map(),
    closed: false,
  };
}

/**
 * Opens a streaming response for `request`, tracked until it ends. `onDisconnect` runs when the
 * client goes away before the server ended the stream; `trickle` paces its bytes (a fault).
 */
export function openStream(env: ServerEnv, request: Request, onDisconnect?: () => void, trickle?: Trickle): SseChannel {
  const channel = createSseChannel({
    signal: request.signal,
    ...(onDisconnect === undefined ? {} : { onDisconnect }),
    ...(trickle === undefined ? {} : { trickle }),
    onFinish: () => env.channels.delete(channel),
  });
  env.channels.add(channel);
  return channel;
}

/** Real app ids are 64-bit integers beyond 2^53 (real/README.md); JSON carries all digits. */
function randomAppId(): bigint {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return ((BigInt(words[0] ?? 1) & 0x7fffffffn) << 32n) | BigInt(words[1] ?? 1) | (1n << 60n);
}

/** A new event id: 32 lower-case hex digits, a uuid4 without dashes (§0). */
export function newEventId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
