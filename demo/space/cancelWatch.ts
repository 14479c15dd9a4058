/**
 * Tells when a fake Space records a cancel. The fake only keeps a list (`fake.cancelled`), so
 * it is read on a short timer; the timer does not keep the process alive.
 */
import type { CancelRecord, FakeGradio } from '../../src/testing/index.js';

/**
 * Calls `onCancel` once for every job `fake` records as stopped by `/cancel` or a disconnect,
 * from now on. Returns a function that stops watching.
 */
export function watchCancels(fake: FakeGradio, onCancel: (record: CancelRecord) => void, intervalMs = 20): () => void {
  let seen = fake.cancelled.length;
  const timer = setInterval(() => {
    while (seen < fake.cancelled.length) onCancel(fake.cancelled[seen++]!);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The two demo Spaces, as `onCancel` names them. */
export type DemoSpaceName = 'qwen25' | 'qvq';

/**
 * Watches both demo Spaces' fakes for cancels and reports each with the Space's name; without
 * `onCancel` it watches nothing. Returns a function that stops watching.
 */
export function watchDemoCancels(fakes: Readonly<Record<DemoSpaceName, FakeGradio>>, onCancel: ((space: DemoSpaceName, record: CancelRecord) => void) | undefined): () => void {
  if (onCancel === undefined) return () => undefined;
  const stops = (Object.keys(fakes) as DemoSpaceName[]).map((space) => watchCancels(fakes[space], (record) => onCancel(space, record)));
  return () => {
    for (const stop of stops) stop();
  };
}
