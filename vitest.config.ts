import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Retries still happen, backoff does not sleep for real (src/aws/test-retry-delay.ts); inherited by spawned CLIs.
    env: { HARDENING_AUDIT_TEST_RETRY_DELAY_MS: '1' },
    // Speed (the suite ran 150-250 s on 2 cores, now about a minute; figures in the lead's report of task S):
    // - threads start faster than forks, and with isolate off a worker imports the SDK, zod schemas and the action
    //   catalogue once instead of once per file (import time was a third of the run). Safe because no test relies on
    //   fresh module state: module-level state in src/ is caches of static data or keyed by snapshot/client/path,
    //   env stubs are undone in afterAll (vi.unstubAllEnvs), spies restored, and nothing uses vi.mock or chdir.
    //   A new test that needs a fresh module graph must not rely on it (or this must change).
    // - one worker more than cores: many files mostly wait (local endpoint, spawned CLIs, Chromium, osls); vitest's
    //   default (cores - 1) is a single worker on 2 cores.
    pool: 'threads',
    isolate: false,
    maxWorkers: availableParallelism() + 1,
  },
});
