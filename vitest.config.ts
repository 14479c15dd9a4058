import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Angular browser tests need the demo app built first: `npm run test:angular`.
    exclude: [...configDefaults.exclude, 'test/angular/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
