// iam.user.hardware-mfa: users with MFA, judged by whether a virtual device is assigned to them.
import { beforeAll, describe, expect, it } from 'vitest';
import { userHardwareMfa } from '../../../src/checks/iam/user-hardware-mfa.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { context, daysAgo, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const withMfa = { passwordEnabled: true, passwordLastUsed: daysAgo(1), mfaActive: true };

describe('iam.user.hardware-mfa', () => {
  it('passes a user whose MFA is not a listed virtual device, fails one with a virtual device, leaves users without MFA out', () => {
    const snap = snapshot()
      .user('key-holder', { credentials: withMfa })
      .user('app-user', { credentials: withMfa })
      .virtualMfa('app-user', 'app-user')
      .virtualMfa('leftover') // unassigned: protects nobody, judges nobody
      .user('no-mfa', { credentials: { ...withMfa, mfaActive: false } })
      .build();
    const { outcomes, findings } = runChecks(snap, [userHardwareMfa], ctx);
    expect(outcomes[0]).toMatchObject({ status: 'FAIL', evaluated: 2, failed: 1 });
    const fail = findings.find((f) => f.status === 'FAIL')!;
    expect(fail.resourceArn).toMatch(/user\/app-user$/);
    expect(fail.remediation).toContain('aws iam deactivate-mfa-device --user-name app-user --serial-number');
    expect(findings.some((f) => f.resourceArn.endsWith('user/no-mfa'))).toBe(false);
  });

  it('NOT_ASSESSED without the virtual device list; not applicable when no user has MFA', () => {
    const gap = runChecks(snapshot().user('a', { credentials: withMfa }).gap('virtualMfaDevices', 'AccessDenied', 'iam:ListVirtualMFADevices').build(), [userHardwareMfa], ctx);
    expect(gap.outcomes[0]!.status).toBe('NOT_ASSESSED');
    const none = runChecks(snapshot().user('a', { credentials: { ...withMfa, mfaActive: false } }).build(), [userHardwareMfa], ctx);
    expect(none.outcomes[0]!.status).toBe('NOT_APPLICABLE');
  });
});
