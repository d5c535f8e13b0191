// TEST ONLY. HARDENING_AUDIT_TEST_RETRY_DELAY_MS=<ms> replaces every deliberate wait before trying again — the SDK's
// retry backoff and adaptive rate-limiter waits, the credential report polls, the mail send retries — by that many
// milliseconds, so the test suite exercises the same retries without sleeping for real. Production never sets it:
// unset (or not a number >= 0) means the real backoff. It is read here and nowhere else. Rate limits the service
// enforces (CloudTrail LookupEvents, src/collect/token-bucket.ts) are not retries and keep their real pace.
export const TEST_RETRY_DELAY_ENV = 'HARDENING_AUDIT_TEST_RETRY_DELAY_MS';

export function testRetryDelayMs(env: Record<string, string | undefined> = process.env): number | undefined {
  const raw = env[TEST_RETRY_DELAY_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
