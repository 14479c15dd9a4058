/**
 * Where the example scripts (demo/qwen25.ts, demo/qvq.ts) send their requests: the embedded
 * fake Space by default, or `--url <Space URL>` when the user asks for a real one.
 */
import { parseArgs } from 'node:util';
import { startFakeGradioServer } from '../../src/testing/index.js';
import { qvqLikeSpace } from './qvqLike.js';
import { qwen25LikeSpace } from './qwen25Like.js';

/** The Space a script talks to. */
export interface ScriptTarget {
  /** Pass it as the preset's `url` param. */
  url: string;
  /** Other options the script was given (e.g. `proxy`). */
  options: Record<string, string | undefined>;
  /** Stops the embedded Space, if one was started. */
  close(): Promise<void>;
}

/**
 * Reads `--url <url>` (and the script's other string `options`) from `argv`; without `--url`
 * starts the embedded imitation of `space` on 127.0.0.1.
 */
export async function scriptTarget(space: 'qwen25' | 'qvq', argv: readonly string[], options: readonly string[] = []): Promise<ScriptTarget> {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: Object.fromEntries(['url', ...options].map((name) => [name, { type: 'string' as const }])),
  });
  const rest = Object.fromEntries(options.map((name) => [name, values[name] as string | undefined]));
  const url = values['url'];
  if (typeof url === 'string') return { url, options: rest, close: async () => undefined };
  const server = await startFakeGradioServer(space === 'qwen25' ? qwen25LikeSpace() : qvqLikeSpace());
  return { url: server.url, options: rest, close: () => server.close() };
}
