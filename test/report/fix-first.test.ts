import { describe, expect, it } from 'vitest';
import { fixFirst } from '../../src/report/fix-first.js';
import type { ReportFinding } from '../../src/report/model.js';
import type { Severity } from '../../src/vocabulary.js';

const ACCOUNT = 'arn:aws:iam::111122223333';
let n = 0;
const finding = (checkId: string, severity: Severity, resource: string, extra: Partial<ReportFinding> = {}): ReportFinding => ({
  id: (n++).toString(16).padStart(16, '0'),
  checkId,
  title: checkId,
  severity,
  status: 'FAIL',
  resourceArn: `${ACCOUNT}:${resource}`,
  message: `${checkId} on ${resource}`,
  evidence: {},
  remediation: 'fix it',
  compliance: {},
  ...extra,
});

describe('fixFirst', () => {
  it('most severe first; within a severity the exposed checks lead, whatever their count', () => {
    const items = fixFirst([
      ...['a', 'b', 'c'].map((u) => finding('iam.user.access-key-age', 'high', `user/${u}`)),
      finding('iam.role.public-trust', 'high', 'role/open'),
      finding('iam.root.mfa', 'critical', 'root'),
      finding('iam.inline-policy', 'low', 'user/a'),
    ]);
    expect(items.map((i) => [i.checkId, i.exposure])).toEqual([
      ['iam.root.mfa', 'root without MFA'],
      ['iam.role.public-trust', 'anyone can assume the role'],
      ['iam.user.access-key-age', undefined],
      ['iam.inline-policy', undefined],
    ]);
    expect(items[2]!.count).toBe(3);
  });

  it('a user without MFA who is admin is exposed, and that user is the one shown', () => {
    const items = fixFirst([
      finding('iam.user.console-without-mfa', 'high', 'user/intern'),
      finding('iam.user.console-without-mfa', 'high', 'user/ops'),
      finding('iam.principal.privilege-escalation', 'high', 'user/ops'),
      ...['x', 'y', 'z'].map((u) => finding('iam.user.access-key-unused', 'high', `user/${u}`)),
    ]);
    const mfa = items.find((i) => i.checkId === 'iam.user.console-without-mfa')!;
    expect(mfa).toMatchObject({ exposure: 'privileged user without MFA', count: 2 });
    expect(mfa.finding.resourceArn).toBe(`${ACCOUNT}:user/ops`);
    expect(items.map((i) => i.checkId).indexOf('iam.user.console-without-mfa')).toBeLessThan(items.map((i) => i.checkId).indexOf('iam.user.access-key-unused'));
  });

  it('without the privilege finding the same user is not exposed; suppressed and info findings never count', () => {
    const items = fixFirst([
      finding('iam.user.console-without-mfa', 'high', 'user/ops'),
      finding('iam.principal.privilege-escalation', 'high', 'user/ops', { suppressed: { reason: 'accepted', entry: 0 } }),
      finding('iam.root.mfa', 'info', 'root'),
    ]);
    expect(items.map((i) => [i.checkId, i.exposure])).toEqual([['iam.user.console-without-mfa', undefined]]);
  });

  it('keeps at most max items, in a stable order', () => {
    const many = Array.from({ length: 8 }, (_, i) => finding(`iam.check-${i}`, 'medium', `user/u${i}`));
    expect(fixFirst(many, 3).map((i) => i.checkId)).toEqual(['iam.check-0', 'iam.check-1', 'iam.check-2']);
    expect(fixFirst([...many].reverse(), 3).map((i) => i.checkId)).toEqual(['iam.check-0', 'iam.check-1', 'iam.check-2']);
  });
});
