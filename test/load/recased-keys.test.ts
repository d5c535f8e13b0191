// A field AWS omits when empty (UserPolicyList, PermissionsBoundary, Tags) that is present under another case is not
// "none": it is unreadable, a gap for that entity, so its verdicts become NOT_ASSESSED instead of PASS (found by the
// full mutation run: MUTATION_SAMPLE=100000, test/load/mutation.test.ts).
import { describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../src/pipeline/audit.js';
import { loadOfflineInputs } from '../../src/load/offline.js';
import { DEFAULT_THRESHOLDS } from '../../src/vocabulary.js';
import { AT, readExport, reportFor, writeTemp } from '../helpers/auth-details.js';

const load = (pages: unknown, csv: string) =>
  loadOfflineInputs({ authDetailsFiles: [writeTemp('auth.json', JSON.stringify(pages))], credentialReportFile: writeTemp('cr.csv', csv), collectedAt: AT });

describe('recased keys of fields that are absent when empty', () => {
  it('userPolicyList instead of UserPolicyList: a gap naming both, and the user NOT_ASSESSED where it failed', async () => {
    const exp = readExport('example-authz-details.json');
    const users = exp.UserDetailList as Record<string, unknown>[];
    const i = users.findIndex((u) => Array.isArray(u.UserPolicyList) && (u.UserPolicyList as unknown[]).length > 0);
    const { UserPolicyList, ...rest } = users[i]!;
    const mutated = { ...exp, UserDetailList: users.map((u, k) => (k === i ? { ...rest, userPolicyList: UserPolicyList } : u)) };
    const csv = reportFor(exp);
    const audit = async (pages: unknown) => {
      const { snapshot } = await load(pages, csv);
      return { snapshot, report: await auditSnapshot(snapshot, { thresholds: DEFAULT_THRESHOLDS, now: AT }) };
    };
    const before = await audit(exp);
    const after = await audit(mutated);
    const arn = users[i]!.Arn as string;
    expect(after.snapshot.gaps.filter((g) => g.resource === arn)).toEqual([
      expect.objectContaining({ field: 'UserPolicyList', error: 'Unreadable', message: expect.stringContaining('present only as userPolicyList') }),
    ]);
    const failedBefore = before.report.findings.filter((f) => f.resourceArn === arn && f.status === 'FAIL' && f.checkId === 'iam.inline-policy');
    expect(failedBefore.length).toBeGreaterThan(0);
    const inlineAfter = after.report.findings.filter((f) => f.resourceArn === arn && f.checkId === 'iam.inline-policy').map((f) => f.status);
    expect(inlineAfter).toEqual(['NOT_ASSESSED']);
  });
});
