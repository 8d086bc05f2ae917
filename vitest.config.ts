import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Browser E2E specs are Playwright's; the E2E support code's own unit tests (test/e2e/support/*.test.ts) are Vitest's.
    exclude: ['test/e2e/{web,electron,pages}/**', 'node_modules/**'],
    // 2-core machines: forks keep native modules (better-sqlite3) and crypto isolated per file.
    pool: 'forks',
    // Vitest's default is one file at a time on a 2-core machine (cores - 1). Most integration
    // files spend their time waiting on child processes (reference server, CLI, wine's ISCC), so
    // three at a time cut the CI run by about a third; the tests are built to pass on a busy machine.
    maxWorkers: Math.max(3, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['test/setup/global-setup.ts'],
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
    // One run, two environments, chosen by the file's extension: `*.test.ts` in plain Node,
    // `*.test.tsx` (renderer component tests) in a DOM (happy-dom). `vitest run` and `npm test`
    // run and count both.
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['test/**/*.test.tsx'],
          environment: 'happy-dom',
          // A bound, not a target: each file forks a main process (and often a reference server)
          // and drives a whole React tree on a machine that may be saturated.
          testTimeout: 90_000,
          // Testing Library's cleanup after each test (test/support/renderer/setup-dom.ts).
          setupFiles: ['test/support/renderer/setup-dom.ts'],
        },
      },
    ],
  },
});
