// The assumed-role credential provider: 15-minute sessions, one AssumeRole shared by concurrent callers, renewal
// near expiry (unit, with a fake clock), and renewal during a real org audit whose sessions last one second.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAwsEndpoint } from '../aws-endpoint/index.js';
import { assumeRoleProvider, auditSessionName, roleArnFor } from '../../src/aws/assume-role.js';
import { DEFAULT_THRESHOLDS } from '../../src/vocabulary.js';
import { runOrgAudit } from '../../src/org/run.js';
import { auditSettings } from '../../src/pipeline/settings.js';
import { DEV, MGMT, NOW, organization, PROD, ROLE } from '../fixtures/organization.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../fixtures/fake-credentials.js';

function fakeSts(lifetimeMs: number, clock: { now: number }) {
  const inputs: AssumeRoleCommand['input'][] = [];
  const send = vi.fn(async (cmd: AssumeRoleCommand) => {
    inputs.push(cmd.input);
    await new Promise((r) => setTimeout(r, 5));
    const n = inputs.length;
    return {
      Credentials: { AccessKeyId: `ASIA${n}`, SecretAccessKey: 's', SessionToken: `t${n}`, Expiration: new Date(clock.now + lifetimeMs) },
      AssumedRoleUser: { Arn: `arn:aws:sts::222222222222:assumed-role/${ROLE}/x`, AssumedRoleId: 'AROAX:x' },
    };
  });
  return { sts: { send } as never, inputs, send };
}

describe('assumeRoleProvider', () => {
  it('assumes once for concurrent callers, with a 900-second session and the tool\'s session name', async () => {
    const clock = { now: Date.parse(NOW) };
    const { sts, inputs } = fakeSts(900_000, clock);
    const p = assumeRoleProvider({ sts, roleArn: roleArnFor('aws', DEV, ROLE), externalId: 'ext', sessionName: auditSessionName(new Date(NOW)), now: () => clock.now });
    const [a, b] = await Promise.all([p(), p()]);
    expect(a).toBe(b);
    expect(inputs).toEqual([{ RoleArn: `arn:aws:iam::${DEV}:role/${ROLE}`, RoleSessionName: 'hardening-audit-20261125T000000Z', DurationSeconds: 900, ExternalId: 'ext' }]);
    expect(p.sessions).toBe(1);
    expect(p.assumedRoleArn).toContain(':assumed-role/');
  });

  it('renews when the session is within the refresh margin of expiring, not before', async () => {
    const clock = { now: 0 };
    const { sts } = fakeSts(900_000, clock);
    const p = assumeRoleProvider({ sts, roleArn: 'arn:aws:iam::222222222222:role/a/b', sessionName: 'hardening-audit-x', refreshMarginMs: 120_000, now: () => clock.now });
    const first = await p();
    clock.now = 779_000; // 121 s left
    expect(await p()).toBe(first);
    clock.now = 781_000; // 119 s left
    const second = await p();
    expect(second.accessKeyId).toBe('ASIA2');
    expect(p.sessions).toBe(2);
  });

  it('a failed AssumeRole is not cached: the next call tries again', async () => {
    const send = vi.fn().mockRejectedValueOnce(Object.assign(new Error('denied'), { name: 'AccessDenied' })).mockResolvedValueOnce({
      Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 900_000) },
    });
    const p = assumeRoleProvider({ sts: { send } as never, roleArn: 'arn:aws:iam::222222222222:role/r', sessionName: 'hardening-audit-x' });
    await expect(p()).rejects.toThrow('denied');
    await expect(p()).resolves.toMatchObject({ accessKeyId: 'ASIA1' });
  });
});

describe('session renewal during an org audit', () => {
  beforeAll(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_ACCESS_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_ACCESS_KEY);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
  });
  afterAll(() => vi.unstubAllEnvs());

  it('re-assumes when sessions expire mid-audit; no request is refused as expired', async () => {
    // Sessions of 2 s (whatever DurationSeconds asks), renewed 1 s before they expire; 150 ms per call, one IAM call at
    // a time: each account's audit takes well over 1 s after its first AssumeRole, so it must renew at least once.
    const fx = organization({ sessionSeconds: 2 });
    const endpoint = await startAwsEndpoint(fx.mgmt, { extensions: [fx.org.extension()], latencyMs: 150 });
    try {
      const result = await runOrgAudit({
        aws: { endpointUrl: endpoint.url, region: 'us-east-1', maxAttempts: 3 },
        assumeRole: ROLE,
        accounts: [DEV, PROD],
        accountsConcurrency: 2,
        collect: { iamConcurrency: 1, credentialReport: { initialPollMs: 10 } },
        settings: auditSettings({ thresholds: DEFAULT_THRESHOLDS, failOn: 'none', formats: ['json'] }),
        now: new Date(NOW).toISOString(),
        outDir: mkdtempSync(join(tmpdir(), 'ha-renew-')),
        refreshMarginMs: 1000,
      });
      expect(result.report.summary.accounts).toMatchObject({ audited: 2, failed: 0 });
      expect(endpoint.log.filter((c) => c.error === 'ExpiredToken' || c.error === 'ExpiredTokenException')).toEqual([]);
      expect(fx.org.sessionsFor(DEV)).toBeGreaterThanOrEqual(2);
      expect(fx.org.sessionsFor(PROD)).toBeGreaterThanOrEqual(2);
      expect(fx.org.sessionsFor(MGMT)).toBe(0);
    } finally {
      await endpoint.close();
    }
  });
});
