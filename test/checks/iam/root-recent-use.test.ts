// iam.root.recent-use without a usable <root_account> row: a root event in CloudTrail event history is evidence of use
// (FAIL); no event is no evidence of non-use (NOT_ASSESSED, saying what was searched and what it does not cover).
import { beforeAll, describe, expect, it } from 'vitest';
import { rootRecentUse } from '../../../src/checks/index.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { credentialReportCoverageGaps } from '../../../src/load/credential-report-coverage.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot, RootActivity } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, daysAgo, NOW, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const SINCE = daysAgo(90);

function activity(...events: { name: string; days: number }[]): RootActivity {
  return {
    region: 'us-east-1',
    since: SINCE,
    until: NOW,
    events: events.map((e, i) => ({ eventId: `e${i}`, eventTime: daysAgo(e.days), eventName: e.name, eventSource: 'signin.amazonaws.com' })),
    truncated: false,
  };
}

/** A report without the root row, as the loaders record it (with the coverage gap), and this root activity. */
function noRootRow(ct?: RootActivity): AccountSnapshot {
  const snap = snapshot().user('alice').build();
  snap.credentialReport!.rows = snap.credentialReport!.rows.filter((r) => !r.isRoot);
  snap.gaps.push(...credentialReportCoverageGaps(snap, 'iam:GetCredentialReport'));
  if (ct) snap.rootActivity = ct;
  return snap;
}

function judge(snap: AccountSnapshot) {
  const { outcomes, findings } = runChecks(snap, [rootRecentUse], ctx);
  expect(findings).toHaveLength(1);
  return { outcome: outcomes[0]!, finding: findings[0]! };
}

describe('iam.root.recent-use without a <root_account> row', () => {
  it('a root event within the threshold -> FAIL, with the CloudTrail evidence', () => {
    const { outcome, finding } = judge(noRootRow(activity({ name: 'ConsoleLogin', days: 4 })));
    expect(outcome).toMatchObject({ status: 'FAIL', evaluated: 1, failed: 1 });
    expect(finding).toMatchObject({ resourceArn: ROOT, status: 'FAIL' });
    expect(finding.message).toBe('The root user was used within the last 30 days: CloudTrail (us-east-1) records 1 root event, the latest ConsoleLogin 4 days ago.');
    expect(finding.evidence).toMatchObject({
      lastUsed: daysAgo(4),
      credentialReport: 'no usable <root_account> row',
      cloudTrail: { region: 'us-east-1', searchedSince: SINCE, eventsInWindow: 1 },
    });
  });

  it('no root event -> NOT_ASSESSED, naming the missing row, the region and date searched, and what it does not cover', () => {
    const { outcome, finding } = judge(noRootRow(activity()));
    expect(outcome.status).toBe('NOT_ASSESSED');
    expect(finding).toMatchObject({ resourceArn: ROOT, status: 'NOT_ASSESSED' });
    expect(finding.message).toContain('the credential report has no <root_account> row');
    expect(finding.message).toContain(`CloudTrail event history in us-east-1 since ${SINCE.slice(0, 10)} shows no root event,`);
    expect(finding.message).toContain('not every region or credential, so it is no proof that root was not used');
    // the runner still names the coverage gap
    expect(finding.message).toContain('iam:GetCredentialReport failed: NoRow');
  });

  it('only root events older than the threshold -> NOT_ASSESSED (not PASS), naming the latest', () => {
    const { finding } = judge(noRootRow(activity({ name: 'GetAccountSummary', days: 45 }, { name: 'ConsoleLogin', days: 60 })));
    expect(finding.status).toBe('NOT_ASSESSED');
    expect(finding.message).toContain(`shows no root event within the threshold (the latest, GetAccountSummary, on ${daysAgo(45).slice(0, 10)})`);
  });

  it('no CloudTrail event history either -> NOT_ASSESSED saying so', () => {
    const { finding } = judge(noRootRow());
    expect(finding.status).toBe('NOT_ASSESSED');
    expect(finding.message).toContain('the credential report has no <root_account> row, and no CloudTrail event history of the root user was collected');
  });
});

describe('iam.root.recent-use when the report or the row cannot be read', () => {
  it('the report denied as a whole: a root event still FAILs; without one NOT_ASSESSED naming the denial', () => {
    const withEvent = snapshot().gap('credentialReport').build();
    withEvent.rootActivity = activity({ name: 'CreateAccessKey', days: 2 });
    expect(judge(withEvent).finding).toMatchObject({ status: 'FAIL', resourceArn: ROOT });

    const without = snapshot().gap('credentialReport').build();
    without.rootActivity = activity();
    const { finding } = judge(without);
    expect(finding.status).toBe('NOT_ASSESSED');
    expect(finding.message).toContain('no credential report; CloudTrail event history in us-east-1');
    expect(finding.message).toContain('iam:GenerateCredentialReport failed: AccessDenied');
    expect(finding.remediation).toContain('Allow iam:GenerateCredentialReport');
  });

  it('the report and LookupEvents both denied: NOT_ASSESSED with both gaps', () => {
    const snap = snapshot().gap('credentialReport').gap('rootActivity', 'AccessDeniedException', 'cloudtrail:LookupEvents').build();
    const { outcome } = judge(snap);
    expect(outcome.status).toBe('NOT_ASSESSED');
    expect(outcome.reason).toContain('iam:GenerateCredentialReport failed: AccessDenied');
    expect(outcome.reason).toContain('cloudtrail:LookupEvents failed: AccessDeniedException');
  });

  it('a report with a missing column, or a root row read in part, is no PASS', () => {
    const column = snapshot().build();
    column.gaps.push({ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'MissingColumn', message: 'report.csv: the credential report has no column password_last_used', field: 'password_last_used' });
    column.rootActivity = activity();
    expect(judge(column).finding.status).toBe('NOT_ASSESSED');

    const row = snapshot().build();
    row.gaps.push({ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'Unreadable', message: 'report.csv line 2, column password_last_used: expected a date, got "x"', resource: ROOT, field: 'password_last_used' });
    const { finding } = judge(row);
    expect(finding.status).toBe('NOT_ASSESSED');
    expect(finding.message).toContain('the credential report <root_account> row could not be read in full');
    expect(finding.message).toContain('iam:GetCredentialReport failed: Unreadable');
  });

  it('a readable row with no use and a quiet CloudTrail still passes', () => {
    const snap = snapshot().build();
    snap.rootActivity = activity();
    expect(runChecks(snap, [rootRecentUse], ctx).outcomes[0]!.status).toBe('PASS');
  });
});
