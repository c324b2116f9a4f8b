import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails the test during which a rejection went unhandled (see the file).
    setupFiles: ['test/setup/unhandled.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      // Issue 9's bar, kept by every `npm test` (it runs with --coverage).
      thresholds: { lines: 90 },
    },
  },
});
