import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Runs for every test file: stops the servers and watchers and removes the folders its tests made.
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores on CI: keep workers at the core count so end-to-end tests that spawn the CLI do not starve.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    pool: 'forks',
    // Test files in one fork share its loaded modules instead of loading the project again for
    // each file: collecting took 94 s of the suite's 245 s, and takes about 10 s so. Every test
    // cleans up what it starts (servers, folders, environment); the suite passes in shuffled file
    // order too (vitest --sequence.shuffle.files).
    isolate: false,
  },
});
