// iam.root.hardware-mfa (CIS 1.6, Security Hub IAM.6): root has MFA and no virtual MFA device is assigned to it.
import { beforeAll, describe, expect, it } from 'vitest';
import { rootHardwareMfa } from '../../../src/checks/iam/root-hardware-mfa.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot } from '../../../src/snapshot/snapshot.js';
import { context, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const judge = (snap: AccountSnapshot) => {
  const { outcomes, findings } = runChecks(snap, [rootHardwareMfa], ctx);
  return { status: outcomes[0]!.status, findings };
};

describe('iam.root.hardware-mfa', () => {
  it('passes with MFA and no virtual device assigned to root; an unassigned leftover root device does not count', () => {
    expect(judge(snapshot().root({ mfaActive: true }).build()).status).toBe('PASS');
    const leftover = snapshot().root({ mfaActive: true }).virtualMfa('root-account-mfa-device').build();
    expect(judge(leftover).status).toBe('PASS');
  });

  it('fails when a virtual device is assigned to root, naming it', () => {
    const r = judge(snapshot().root({ mfaActive: true }).virtualMfa('root-account-mfa-device', 'root').virtualMfa('alice').build());
    expect(r.status).toBe('FAIL');
    expect(r.findings.map((f) => [f.severity, f.message])).toEqual([['high', expect.stringMatching(/virtual device \(arn:aws:iam::\d+:mfa\/root-account-mfa-device\)/)]]);
  });

  it('without any MFA: FAIL at info severity (iam.root.mfa carries the critical one)', () => {
    const r = judge(snapshot().root({ mfaActive: false }).build());
    expect(r.findings.map((f) => [f.status, f.severity])).toEqual([['FAIL', 'info']]);
  });

  it('falls back to GetAccountSummary without a root row', () => {
    const snap = snapshot().build();
    snap.credentialReport = { generatedTime: snap.collectedAt, rows: [] };
    snap.accountSummary = { AccountMFAEnabled: 1 };
    expect(judge(snap).status).toBe('PASS');
    snap.accountSummary = {};
    expect(judge(snap).status).toBe('NOT_ASSESSED');
  });

  it('is NOT_ASSESSED without the device list: a gap, or a snapshot that never had it', () => {
    expect(judge(snapshot().root({ mfaActive: true }).gap('virtualMfaDevices', 'AccessDenied', 'iam:ListVirtualMFADevices').build()).status).toBe('NOT_ASSESSED');
    const none = snapshot().root({ mfaActive: true }).build();
    delete none.virtualMfaDevices;
    expect(judge(none).status).toBe('NOT_ASSESSED');
  });
});
