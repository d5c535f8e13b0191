// Suppression entries: globs, expiry, applying them to findings, and what suppressed findings do to the summary and
// the exit code. Suppressions files and the CLI: suppressions-files.test.ts.
import { describe, expect, it } from 'vitest';
import { auditSnapshot, exitCodeFor } from '../../src/pipeline/audit.js';
import { findingId } from '../../src/checks/run.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { DEFAULT_THRESHOLDS, type Finding } from '../../src/vocabulary.js';
import type { AuditReport } from '../../src/report/model.js';
import {
  applySuppressions,
  globToRegExp,
  isExpired,
  suppressionWarnings,
  type SuppressionEntry,
  type Suppressions,
} from '../../src/settings/suppressions.js';
import { ACCOUNT, daysAgo, NOW, snapshot } from '../fixtures/snapshot-builder.js';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const set = (...entries: SuppressionEntry[]): Suppressions => ({ source: 'test.yaml', entries });
// The IAM checks only: the snapshot builder models IAM; checks of other areas would be NOT_ASSESSED for want of data.
const IAM_CHECKS = ALL_CHECKS.filter((c) => c.id.startsWith('iam.'));

function finding(checkId: string, resourceArn: string, status: Finding['status'] = 'FAIL'): Finding {
  return {
    id: findingId(checkId, resourceArn, status === 'NOT_ASSESSED' ? 'not-assessed' : undefined),
    checkId,
    title: checkId,
    severity: 'high',
    status,
    resourceArn,
    message: 'm',
    evidence: {},
    remediation: 'r',
    compliance: {},
  };
}

describe('globs', () => {
  const matches = (glob: string, value: string) => globToRegExp(glob).test(value);

  it('* matches any run of characters, across / and :', () => {
    expect(matches('iam.user.*', 'iam.user.console-without-mfa')).toBe(true);
    expect(matches('iam.user.*', 'iam.user.')).toBe(true);
    expect(matches('iam.user.*', 'iam.users.x')).toBe(false);
    expect(matches('iam.*', 'iam.password-policy.min-length')).toBe(true);
    expect(matches('*', 'anything at all')).toBe(true);
    expect(matches('arn:aws:iam::*:role/ci-*', 'arn:aws:iam::111122223333:role/ci-deploy')).toBe(true);
    expect(matches('arn:aws:iam::*:role/ci-*', 'arn:aws:iam::111122223333:role/path/ci-deploy')).toBe(false);
    expect(matches('arn:aws:iam::*:role/*ci-*', 'arn:aws:iam::111122223333:role/path/ci-deploy')).toBe(true);
  });

  it('? matches exactly one character', () => {
    expect(matches('arn:aws:iam::111122223333:user/dev?', 'arn:aws:iam::111122223333:user/dev1')).toBe(true);
    expect(matches('arn:aws:iam::111122223333:user/dev?', 'arn:aws:iam::111122223333:user/dev')).toBe(false);
    expect(matches('arn:aws:iam::111122223333:user/dev?', 'arn:aws:iam::111122223333:user/dev12')).toBe(false);
    expect(matches('user/?', 'user/é')).toBe(true);
  });

  it('everything else is literal and case-sensitive', () => {
    expect(matches('iam.user.x', 'iamXuserXx')).toBe(false);
    expect(matches('arn:aws:iam::1:user/a+b(c)[d]{2}|^$\\', 'arn:aws:iam::1:user/a+b(c)[d]{2}|^$\\')).toBe(true);
    expect(matches('arn:aws:iam::1:user/Alice', 'arn:aws:iam::1:user/alice')).toBe(false);
    expect(matches('iam.root.mfa', 'iam.root.mfa.extra')).toBe(false);
    expect(matches('iam.root.mfa', 'x.iam.root.mfa')).toBe(false);
  });
});

describe('expiry', () => {
  it('a date is valid through that day (UTC); a date-time until that instant', () => {
    expect(isExpired({ expires: '2026-09-01' }, '2026-09-01T00:00:00.000Z')).toBe(false);
    expect(isExpired({ expires: '2026-09-01' }, '2026-09-01T23:59:59.999Z')).toBe(false);
    expect(isExpired({ expires: '2026-09-01' }, '2026-09-02T00:00:00.000Z')).toBe(true);
    expect(isExpired({ expires: '2026-09-01T12:00:00Z' }, '2026-09-01T12:00:00.000Z')).toBe(false);
    expect(isExpired({ expires: '2026-09-01T12:00:00Z' }, '2026-09-01T12:00:00.001Z')).toBe(true);
    expect(isExpired({ expires: '2026-09-01T14:00:00+02:00' }, '2026-09-01T12:00:00.001Z')).toBe(true);
    expect(isExpired({}, '2999-01-01T00:00:00.000Z')).toBe(false);
  });
});

describe('applySuppressions', () => {
  const findings = [
    finding('iam.user.console-without-mfa', userArn('alice')),
    finding('iam.user.console-without-mfa', userArn('bob')),
    finding('iam.user.access-key-age', userArn('alice')),
    finding('iam.root.mfa', ROOT),
    finding('iam.password-policy.min-length', ROOT, 'NOT_ASSESSED'),
  ];

  it('marks covered findings with the reason, expiry and entry index; the first live entry wins', () => {
    const { findings: out } = applySuppressions(
      findings,
      set(
        { checkId: 'iam.user.*', resource: userArn('alice'), reason: 'expired one', expires: '2026-08-31' },
        { checkId: 'iam.user.*', resource: userArn('alice'), reason: 'Alice is leaving', expires: '2026-09-30' },
        { checkId: 'iam.user.console-without-mfa', resource: '*', reason: 'second live match' },
      ),
      NOW,
    );
    expect(out.map((f) => f.suppressed ?? null)).toEqual([
      { reason: 'Alice is leaving', expires: '2026-09-30', entry: 1 },
      { reason: 'second live match', entry: 2 },
      { reason: 'Alice is leaving', expires: '2026-09-30', entry: 1 },
      null,
      null,
    ]);
    // the input is not modified; order and everything else are kept
    expect(findings.every((f) => !('suppressed' in f))).toBe(true);
    expect(out.map(({ suppressed: _, ...f }) => f)).toEqual(findings);
  });

  it('reports expired entries (with the findings they would cover) and live entries that matched nothing', () => {
    const { section } = applySuppressions(
      findings,
      set(
        { checkId: 'iam.root.mfa', resource: ROOT, reason: 'old waiver', expires: '2026-01-31' },
        { checkId: 'iam.role.*', resource: '*', reason: 'no roles fail' },
        { checkId: 'iam.user.access-key-age', resource: userArn('alice'), reason: 'rotating next week', expires: '2026-09-08' },
        { checkId: 'iam.typo', resource: '*', reason: 'expired and unmatched', expires: '2020-01-01' },
      ),
      NOW,
    );
    expect(section).toEqual({
      source: 'test.yaml',
      entries: 4,
      expired: [
        { entry: 0, checkId: 'iam.root.mfa', resource: ROOT, reason: 'old waiver', expires: '2026-01-31', findings: [findings[3].id] },
        { entry: 3, checkId: 'iam.typo', resource: '*', reason: 'expired and unmatched', expires: '2020-01-01', findings: [] },
      ],
      unmatched: [{ entry: 1, checkId: 'iam.role.*', resource: '*', reason: 'no roles fail' }],
    });
    expect(suppressionWarnings(section)).toEqual([
      'warning: test.yaml: suppression entry 0 (iam.root.mfa on arn:aws:iam::111122223333:root) expired 2026-01-31; it suppresses nothing and 1 finding counts again',
      'warning: test.yaml: suppression entry 3 (iam.typo on *) expired 2020-01-01; it suppresses nothing',
      'warning: test.yaml: suppression entry 1 (iam.role.* on *) matched no finding',
    ]);
  });

  it('covers a NOT_ASSESSED finding only with notAssessed: true and the exact check id, and then only that finding', () => {
    const na = findings[4];
    const covered = (e: SuppressionEntry) => applySuppressions([na, finding(na.checkId, ROOT)], set(e), NOW).findings.map((f) => Boolean(f.suppressed));
    expect(covered({ checkId: '*', resource: '*', reason: 'everything' })).toEqual([false, true]);
    expect(covered({ checkId: 'iam.password-policy.min-length', resource: ROOT, reason: 'exact, but for failures' })).toEqual([false, true]);
    expect(covered({ checkId: 'iam.password-policy.min-length', resource: '*', reason: 'accepted gap', notAssessed: true })).toEqual([true, false]);
    // validation refuses a glob with notAssessed: true; applySuppressions does not trust it either
    expect(covered({ checkId: 'iam.password-policy.*', resource: '*', reason: 'glob', notAssessed: true })).toEqual([false, false]);
  });
});

describe('summary and exit code', () => {
  const withRootProblems = () =>
    snapshot()
      .root({ mfaActive: false })
      .user('carol', { groups: ['devs'], credentials: { key1: { active: true, lastRotated: daysAgo(200), lastUsed: daysAgo(1) } } })
      .group('devs');
  const run = (b: ReturnType<typeof snapshot>, suppressions?: Suppressions) =>
    auditSnapshot(b.build(), { thresholds: DEFAULT_THRESHOLDS, now: NOW, checks: IAM_CHECKS, ...(suppressions ? { suppressions } : {}) });

  it('suppressed findings leave the counts and the exit code, and stay in the report', async () => {
    const plain = await run(withRootProblems());
    expect(plain.summary.bySeverity.critical).toBe(1);
    expect(plain.summary.suppressed).toBe(0);
    expect(plain).not.toHaveProperty('suppressions');
    expect(exitCodeFor(plain, 'high')).toBe(1);
    expect(exitCodeFor(plain, 'medium')).toBe(1);

    const r = await run(withRootProblems(), set({ checkId: 'iam.root.mfa', resource: ROOT, reason: 'Hardware token on order', expires: '2026-09-15' }));
    expect(r.findings).toHaveLength(plain.findings.length);
    expect(r.findings.find((f) => f.checkId === 'iam.root.mfa')!.suppressed).toEqual({ reason: 'Hardware token on order', expires: '2026-09-15', entry: 0 });
    expect(r.summary.bySeverity.critical).toBe(0);
    expect(r.summary.failed).toBe(plain.summary.failed - 1);
    expect(r.summary.suppressed).toBe(1);
    expect(r.suppressions).toEqual({ source: 'test.yaml', entries: 1, expired: [], unmatched: [] });
    expect(exitCodeFor(r, 'high')).toBe(0);
    expect(exitCodeFor(r, 'medium')).toBe(1); // the old access key is still open
    // the compliance view agrees: CIS 1.5 passes, with the suppressed finding listed
    expect(r.compliance['cis-3.0']!.controls.find((c) => c.id === '1.5')).toMatchObject({ status: 'PASS', suppressedFindings: [findingId('iam.root.mfa', ROOT)] });

    const later = await auditSnapshot(withRootProblems().build(), {
      thresholds: DEFAULT_THRESHOLDS,
      checks: IAM_CHECKS,
      now: '2026-09-16T00:00:00.000Z',
      suppressions: set({ checkId: 'iam.root.mfa', resource: ROOT, reason: 'Hardware token on order', expires: '2026-09-15' }),
    });
    expect(later.summary.suppressed).toBe(0);
    expect(later.suppressions!.expired.map((e) => e.entry)).toEqual([0]);
    expect(exitCodeFor(later, 'high')).toBe(1);
  });

  it('missing data stays exit 3 unless an entry names the not-assessed check explicitly', async () => {
    const gap = () => snapshot().supportRole().gap('passwordPolicy', 'AccessDenied', 'iam:GetAccountPasswordPolicy');
    const plain = await run(gap());
    const na = plain.findings.filter((f) => f.status === 'NOT_ASSESSED').map((f) => f.checkId);
    expect(na).toEqual([
      'iam.password-policy.min-length',
      'iam.password-policy.missing',
      'iam.password-policy.require-lowercase',
      'iam.password-policy.require-number',
      'iam.password-policy.require-symbol',
      'iam.password-policy.require-uppercase',
      'iam.password-policy.reuse',
      'iam.password-policy.strong',
      // severity low: sorted after the medium ones
      'iam.password-policy.max-age',
    ]);
    expect(exitCodeFor(plain, 'high')).toBe(3);

    // broad entries, or exact ones without notAssessed: true, cover nothing
    const broad = await run(
      gap(),
      set({ checkId: '*', resource: '*', reason: 'everything' }, { checkId: 'iam.password-policy.missing', resource: ROOT, reason: 'exact but for failures' }),
    );
    expect(broad.summary.suppressed).toBe(0);
    expect(broad.suppressions!.unmatched.map((e) => e.entry)).toEqual([0, 1]);
    expect(exitCodeFor(broad, 'high')).toBe(3);

    // naming one of the nine checks is not enough: the gap still keeps eight checks from running
    const entry = (checkId: string): SuppressionEntry => ({ checkId, resource: '*', reason: 'password policy is enforced by the IdP', notAssessed: true });
    const one = await run(gap(), set(entry('iam.password-policy.missing')));
    expect(one.summary.suppressed).toBe(1);
    expect(one.summary.notAssessed).toBe(8);
    expect(exitCodeFor(one, 'high')).toBe(3);

    const all = await run(gap(), set(...na.map(entry)));
    expect(all.summary.notAssessed).toBe(0);
    expect(all.summary.suppressed).toBe(9);
    expect(all.gaps).toHaveLength(1); // still reported
    expect(exitCodeFor(all, 'high')).toBe(0);
    // and the compliance view still does not call the password-policy controls passed
    expect(all.compliance['cis-3.0']!.controls.find((c) => c.id === '1.8')!.status).toBe('NOT_ASSESSED');
  });

  it('only an unsuppressed NOT_ASSESSED finding keeps exit 3; a gap in data no check reads does not', () => {
    const report = {
      gaps: [
        { part: 'passwordPolicy', api: 'iam:GetAccountPasswordPolicy', error: 'AccessDenied', message: '' },
        { part: 'callerIdentity', api: 'sts:GetCallerIdentity', error: 'AccessDenied', message: '' },
      ],
      findings: [
        {
          ...finding('iam.password-policy.missing', ROOT, 'NOT_ASSESSED'),
          evidence: { gaps: [{ part: 'passwordPolicy', api: 'iam:GetAccountPasswordPolicy', error: 'AccessDenied', message: '' }] },
          suppressed: { reason: 'r', entry: 0 },
        },
      ],
      summary: { bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, failed: 0, notAssessed: 0, suppressed: 1 },
    } as unknown as AuditReport;
    // callerIdentity is read by no check: its gap is reported, but the verdicts are complete.
    expect(exitCodeFor(report, 'high')).toBe(0);
    report.summary.notAssessed = 1;
    expect(exitCodeFor(report, 'high')).toBe(3);
  });
});
