import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/setup-matchers.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/emulator-global-setup.ts'],
          setupFiles: ['test/support/setup-matchers.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One emulator serves every integration file; files reset it, so they take turns.
          fileParallelism: false,
        },
      },
    ],
  },
});
