import { defineConfig } from 'vitest/config';

// The browser tests of demo/angular (`npm run test:angular`): they need the demo built and
// Debian's Chromium, so the main suite (vitest.config.ts) leaves them out.
export default defineConfig({
  test: {
    include: ['test/angular/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
