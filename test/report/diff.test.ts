import { describe, expect, it } from 'vitest';
import { diffReports, isOpen, openCounts, parseDiffableReport } from '../../src/report/diff.js';
import { finding, report } from '../fixtures/report-runs.js';

const adminAlice = finding('iam.policy.full-admin', 'policy/alice-admin', 'critical');
const mfaBob = finding('iam.user.console-without-mfa', 'user/bob', 'high');
const mfaCarol = finding('iam.user.console-without-mfa', 'user/carol', 'high');
const keyDave = finding('iam.user.access-key-age', 'user/dave', 'medium');
const roleOld = finding('iam.role.unused', 'role/old', 'low');

describe('diffReports', () => {
  it('matches findings by id into new, resolved and still open', () => {
    const previous = report([adminAlice, mfaBob, keyDave], { generatedAt: '2026-11-24T03:00:00.000Z' });
    const current = report([adminAlice, mfaCarol, roleOld], { passing: ['iam.user.access-key-age'] });
    const d = diffReports(previous, current);
    expect(d.new.map((f) => f.id)).toEqual([mfaCarol.id, roleOld.id]);
    expect(d.stillOpen.map((f) => f.id)).toEqual([adminAlice.id]);
    // bob's finding: same check (still failing for carol), bob no longer fails -> resolved; dave's check passed
    expect(d.resolved.map((f) => f.id)).toEqual([mfaBob.id, keyDave.id]);
    expect(d.previousGeneratedAt).toBe('2026-11-24T03:00:00.000Z');
    expect(d.counts.new).toEqual({ critical: 0, high: 1, medium: 0, low: 1, info: 0 });
    expect(d.counts.resolved).toEqual({ critical: 0, high: 1, medium: 1, low: 0, info: 0 });
    expect(d.counts.open).toEqual({ critical: 1, high: 1, medium: 0, low: 1, info: 0 });
    expect(d.counts.previousOpen).toEqual({ critical: 1, high: 1, medium: 1, low: 0, info: 0 });
    expect(d.unverified).toEqual([]);
  });

  it('sorts by severity, then check, then resource', () => {
    const d = diffReports(null, report([roleOld, mfaCarol, adminAlice, mfaBob]));
    expect(d.new.map((f) => f.resourceArn.split(':').pop())).toEqual(['policy/alice-admin', 'user/bob', 'user/carol', 'role/old']);
  });

  it('reports severity changes of still-open findings', () => {
    const escalated = { ...keyDave, severity: 'high' as const };
    const d = diffReports(report([keyDave]), report([escalated]));
    expect(d.new).toEqual([]);
    expect(d.severityChanged).toEqual([{ finding: escalated, from: 'medium', to: 'high' }]);
  });

  it('first run: no previous report, every open finding is new', () => {
    const d = diffReports(null, report([adminAlice, mfaBob]));
    expect(d.previousGeneratedAt).toBeNull();
    expect(d.new).toHaveLength(2);
    expect(d.counts.previousOpen).toBeNull();
  });

  it('treats a truthy `suppressed` as not open: newly suppressed is not resolved, and suppressed findings are never new', () => {
    const suppressedBob = { ...mfaBob, suppressed: { reason: 'break-glass user', entry: 0 } };
    const suppressedRole = { ...roleOld, suppressed: { reason: 'kept for DR', entry: 1 } };
    const d = diffReports(report([adminAlice, mfaBob]), report([adminAlice, suppressedBob, suppressedRole]));
    expect(d.suppressed.map((f) => f.id)).toEqual([mfaBob.id]);
    expect(d.resolved).toEqual([]);
    expect(d.new).toEqual([]);
    expect(d.counts.open.high).toBe(0);
    // un-suppressed again (the suppression expired): it is open, and new
    const back = diffReports(report([suppressedBob]), report([mfaBob]));
    expect(back.new.map((f) => f.id)).toEqual([mfaBob.id]);
    expect(isOpen(suppressedBob)).toBe(false);
    expect(openCounts(report([suppressedBob, adminAlice]))).toEqual({ critical: 1, high: 0, medium: 0, low: 0, info: 0 });
  });

  it('does not call a finding resolved when its check was not assessed (or not run) this time', () => {
    const previous = report([mfaBob, keyDave, roleOld]);
    const current = report([{ ...finding('iam.user.console-without-mfa', 'root', 'high'), status: 'NOT_ASSESSED' }], {
      notAssessed: ['iam.user.console-without-mfa'],
      passing: ['iam.user.access-key-age'],
    });
    const d = diffReports(previous, current);
    expect(d.unverified.map((f) => f.id)).toEqual([mfaBob.id, roleOld.id]); // role check excluded today: unknown too
    expect(d.resolved.map((f) => f.id)).toEqual([keyDave.id]);
    expect(d.new).toEqual([]); // NOT_ASSESSED is not an open finding
  });

  it('refuses to diff two accounts', () => {
    const other = { ...report([]), account: { id: '999999999999', partition: 'aws' } };
    expect(() => diffReports(other, report([]))).toThrow(/different accounts/);
  });

  it('is pure: same inputs, same output, inputs untouched', () => {
    const previous = report([adminAlice, mfaBob]);
    const current = report([mfaCarol]);
    const before = JSON.stringify([previous, current]);
    expect(JSON.stringify(diffReports(previous, current))).toBe(JSON.stringify(diffReports(previous, current)));
    expect(JSON.stringify([previous, current])).toBe(before);
  });
});

describe('parseDiffableReport', () => {
  it('accepts a JSON report (extra fields pass through) and names the first bad field otherwise', () => {
    const r = JSON.parse(JSON.stringify({ ...report([adminAlice]), compliance: { frameworks: [] } }));
    expect(parseDiffableReport(r).findings[0].id).toBe(adminAlice.id);
    expect(() => parseDiffableReport({ ...r, findings: [{ ...r.findings[0], severity: 'urgent' }] })).toThrow(/findings\.0\.severity/);
    expect(() => parseDiffableReport('nope')).toThrow(/not a hardening-audit JSON report/);
  });
});
