import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Retries still happen, backoff does not sleep for real (src/aws/test-retry-delay.ts); inherited by spawned CLIs.
    env: { HARDENING_AUDIT_TEST_RETRY_DELAY_MS: '1' },
  },
});
