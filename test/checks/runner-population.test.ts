// The population rule of the check runner (src/checks/run.ts, Population in src/checks/types.ts): nothing to judge is
// NOT_APPLICABLE, a member without a verdict is NOT_ASSESSED, never an empty PASS.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { runChecks } from '../../src/checks/run.js';
import type { Check, CheckContext, CheckResult } from '../../src/checks/types.js';
import { loadActionCatalog } from '../../src/policy/catalog.js';
import { ACCOUNT, context, snapshot } from '../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

function probe(members: string[], results: CheckResult[], extra: Partial<Check> = {}): Check {
  return {
    id: 'test.probe',
    title: 'Probe',
    severity: 'low',
    needs: ['users'],
    population: { noun: 'probed things', members: () => members },
    remediation: 'Fix it.',
    run: () => results,
    ...extra,
  };
}

const result = (resourceArn: string, status: CheckResult['status']): CheckResult => ({ resourceArn, status, message: `${status} ${resourceArn}`, evidence: {} });

describe('the runner holds every check to its population', () => {
  it('an empty population is NOT_APPLICABLE with a reason and no finding, not PASS with 0 evaluated', () => {
    const { outcomes, findings } = runChecks(snapshot().build(), [probe([], [])], ctx);
    expect(outcomes[0]).toMatchObject({ status: 'NOT_APPLICABLE', evaluated: 0, failed: 0, reason: 'no probed things in this account' });
    expect(findings).toEqual([]);
  });

  it('a member the check said nothing about is a NOT_ASSESSED finding; results outside the population are kept', () => {
    const { outcomes, findings } = runChecks(snapshot().build(), [probe([arn('a'), arn('b')], [result(arn('b'), 'PASS'), result(arn('zz'), 'FAIL')])], ctx);
    expect(outcomes[0]).toMatchObject({ status: 'FAIL', evaluated: 3, failed: 1 });
    expect(findings.map((f) => [f.resourceArn, f.status])).toEqual(
      expect.arrayContaining([
        [arn('a'), 'NOT_ASSESSED'],
        [arn('zz'), 'FAIL'],
      ]),
    );
    const missing = findings.find((f) => f.resourceArn === arn('a'))!;
    expect(missing.message).toBe(`Not assessed: no evidence: the check gave no verdict on ${arn('a')}.`);
    expect(missing.remediation).toBe('Run the audit again.');
  });

  it('a population that cannot be drawn (data absent without a gap) is NOT_ASSESSED, not NOT_APPLICABLE', () => {
    const broken = probe([], [], { population: { noun: 'x', members: () => { throw new Error('the snapshot has no such part'); } } });
    expect(runChecks(snapshot().build(), [broken], ctx).outcomes[0]).toMatchObject({ status: 'NOT_ASSESSED', reason: 'check failed to run: the snapshot has no such part' });
  });

  it('NOT_ASSESSED advice names the real cause (an offline export), not the auditor policy', () => {
    const snap = snapshot().user('alice').gap('credentialReport', 'NotProvided', 'iam:GetCredentialReport').build();
    const f = runChecks(snap, ALL_CHECKS, ctx).findings.find((x) => x.checkId === 'iam.user.console-without-mfa')!;
    expect(f.status).toBe('NOT_ASSESSED');
    expect(f.remediation).toMatch(/^Not in this export/);
    expect(f.remediation).not.toContain('auditor-policy');
  });
});

const CREDENTIAL_CHECKS = ['iam.user.console-without-mfa', 'iam.user.access-key-age', 'iam.user.access-key-unused', 'iam.user.multiple-active-keys', 'iam.user.password-unused'];

describe('credential report checks', () => {
  it('a header-only report for N users makes every iam.user.* credential check NOT_ASSESSED with N findings', () => {
    const b = snapshot();
    for (const name of ['a', 'b', 'c']) b.user(name, { credentials: false });
    const snap = b.build();
    snap.credentialReport!.rows = [];
    const { outcomes, findings } = runChecks(snap, ALL_CHECKS, ctx);
    for (const id of CREDENTIAL_CHECKS) {
      expect(outcomes.find((o) => o.id === id)).toMatchObject({ status: 'NOT_ASSESSED', evaluated: 3 });
      const mine = findings.filter((f) => f.checkId === id);
      expect(mine.map((f) => f.resourceArn).sort()).toEqual([arn('a'), arn('b'), arn('c')]);
      expect(mine.every((f) => f.status === 'NOT_ASSESSED' && f.message.includes('has no credential report row'))).toBe(true);
    }
  });

  it('with the loader\'s coverage gaps the same: N findings per check, the root row gap only in the root checks', async () => {
    const { credentialReportCoverageGaps } = await import('../../src/load/credential-report-coverage.js');
    const b = snapshot();
    for (const name of ['a', 'b']) b.user(name, { credentials: false });
    const snap = b.build();
    snap.credentialReport!.rows = [];
    snap.gaps.push(...credentialReportCoverageGaps(snap, 'report.csv'));
    const { findings } = runChecks(snap, ALL_CHECKS, ctx);
    for (const id of CREDENTIAL_CHECKS) expect(findings.filter((f) => f.checkId === id).map((f) => f.resourceArn).sort()).toEqual([arn('a'), arn('b')]);
    for (const id of ['iam.root.mfa', 'iam.root.access-keys', 'iam.root.recent-use']) {
      expect(findings.filter((f) => f.checkId === id).map((f) => f.status)).toEqual(['NOT_ASSESSED']);
    }
  });

  it('a console-password flag the report does not give (null) is NOT_ASSESSED, not left out', () => {
    const snap = snapshot().user('alice').build();
    snap.credentialReport!.rows.find((r) => !r.isRoot)!.passwordEnabled = null;
    const { outcomes, findings } = runChecks(snap, ALL_CHECKS, ctx);
    expect(outcomes.find((o) => o.id === 'iam.user.console-without-mfa')!.status).toBe('NOT_ASSESSED');
    expect(findings.find((f) => f.checkId === 'iam.user.console-without-mfa')).toMatchObject({ resourceArn: arn('alice'), status: 'NOT_ASSESSED' });
  });

  it('users without a console password or keys: NOT_APPLICABLE for the checks about those, judged for the others', () => {
    const { outcomes } = runChecks(snapshot().user('alice').build(), ALL_CHECKS, ctx);
    const status = (id: string) => outcomes.find((o) => o.id === id)!;
    expect(status('iam.user.console-without-mfa')).toMatchObject({ status: 'NOT_APPLICABLE', reason: 'no IAM users with a console password in this account' });
    expect(status('iam.user.access-key-age')).toMatchObject({ status: 'NOT_APPLICABLE', reason: 'no IAM users with an active access key in this account' });
    expect(status('iam.user.multiple-active-keys')).toMatchObject({ status: 'PASS', evaluated: 1 });
  });
});

describe('per-policy checks', () => {
  it('a principal whose only policy is missing from the snapshot is NOT_ASSESSED in full-admin, not skipped', () => {
    const snap = snapshot().user('bob', { managed: [`arn:aws:iam::${ACCOUNT}:policy/not-exported`] }).build();
    const { outcomes, findings } = runChecks(snap, ALL_CHECKS.filter((c) => c.id === 'iam.policy.full-admin'), ctx);
    expect(outcomes[0]).toMatchObject({ status: 'NOT_ASSESSED', evaluated: 1 });
    expect(findings[0]).toMatchObject({ resourceArn: arn('bob'), status: 'NOT_ASSESSED' });
    expect(findings[0]!.message).toContain('not in the snapshot');
  });
});
