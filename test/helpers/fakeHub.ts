/**
 * A fake Hugging Face hub per test, closed after each test of the file that calls this.
 */
import { afterEach } from 'vitest';
import { type FakeHub, type FakeHubOptions, startFakeHub } from '../../src/testing/index.js';

/** Registers the teardown and returns the function that starts this test's hub. */
export function useFakeHub(): (options: FakeHubOptions) => Promise<FakeHub> {
  let hub: FakeHub | undefined;
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });
  return async (options) => (hub = await startFakeHub(options));
}

/** Fast polling for tests: a wake-up takes milliseconds, not seconds. */
export const fastPolling = { initialMs: 10, maxMs: 30 } as const;
