import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The SDK's notice that it will need Node 22 from 2027 would repeat in every test log.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/setup-matchers.ts'],
        },
      },
      {
        extends: true,
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
      {
        extends: true,
        test: {
          name: 'deploy',
          include: ['test/deploy/**/*.test.ts'],
          // Packages the service once (`serverless package`, offline) for every deploy test.
          globalSetup: ['test/support/package-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
