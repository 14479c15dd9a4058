/**
 * A fake Gradio server per test, closed after each test of the file that calls this.
 */
import { afterEach } from 'vitest';
import { type FakeGradioOptions, type FakeGradioServer, startFakeGradioServer } from '../../src/testing/index.js';

export interface FakeServerStarter {
  (options: FakeGradioOptions): Promise<FakeGradioServer>;
  /** The server of the running test, if it started one. */
  readonly current: FakeGradioServer | undefined;
}

/** Registers the teardown and returns the function that starts this test's server. */
export function useFakeServer(): FakeServerStarter {
  let server: FakeGradioServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async (options: FakeGradioOptions) => (server = await startFakeGradioServer(options));
  return Object.defineProperty(start, 'current', { get: () => server }) as FakeServerStarter;
}
