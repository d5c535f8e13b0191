import type { AccountSnapshot } from '../../snapshot/snapshot.js';
import type { Check, Population } from '../types.js';
import { accountArn } from '../util/arn.js';
import { KEY_SLOTS, rootRow } from '../util/credential-report.js';
import { rootUser } from '../util/root.js';
import { daysBetween, latest, plural } from '../util/time.js';

/** Root events from CloudTrail event history within the window (when collected), for evidence and the verdict. */
function cloudTrailUse(snap: AccountSnapshot, now: string, limit: number) {
  const ct = snap.rootActivity;
  if (!ct) return undefined;
  const inWindow = ct.events.filter((e) => daysBetween(e.eventTime, now) <= limit);
  return {
    inWindow,
    evidence: {
      region: ct.region,
      searchedSince: ct.since,
      eventsInWindow: inWindow.length,
      ...(ct.truncated ? { truncated: true } : {}),
      events: inWindow.slice(0, 20),
    },
  };
}

/**
 * The `<root_account>` row when it can be judged: a report gap of the root row (none, unreadable, duplicated) or of
 * the whole report (denied, a column missing) leaves no row-based verdict.
 */
function judgeableRootRow(snap: AccountSnapshot) {
  const root = accountArn(snap);
  if (snap.gaps.some((g) => g.part === 'credentialReport' && (g.resource === undefined || g.resource === root))) return undefined;
  // rootRow throws on an older snapshot without a report and without a gap: the runner reports why.
  return rootRow(snap);
}

/**
 * Why there is no verdict (the runner calls it only when run() returned none): no row to judge, and CloudTrail event
 * history, if collected, has no root event within the threshold. Its silence is not proof of non-use.
 */
function rootRecentUsePopulation(): Population {
  return {
    ...rootUser(),
    sources: ['credentialReport', 'rootActivity'],
    noEvidence: (snap) => {
      const report = !snap.credentialReport
        ? 'no credential report'
        : snap.credentialReport.rows.some((r) => r.isRoot)
          ? 'the credential report <root_account> row could not be read in full'
          : 'the credential report has no <root_account> row';
      const ct = snap.rootActivity;
      if (!ct) return `${report}, and no CloudTrail event history of the root user was collected`;
      const last = ct.events[0];
      const found = last
        ? `shows no root event within the threshold (the latest, ${last.eventName}, on ${last.eventTime.slice(0, 10)})`
        : 'shows no root event';
      return (
        `${report}; CloudTrail event history in ${ct.region} since ${ct.since.slice(0, 10)} ${found}, but it covers one ` +
        'region and only the calls CloudTrail records there, not every region or credential, so it is no proof that root was not used'
      );
    },
  };
}

export const rootRecentUse: Check = {
  id: 'iam.root.recent-use',
  title: 'The root user is not used for everyday tasks',
  severity: 'high',
  // The row's last-used dates, or CloudTrail root events: an event is evidence of use even without the row; no event is
  // no evidence of non-use, so without the row the check has no PASS.
  needs: [],
  population: rootRecentUsePopulation(),
  remediation:
    'Do daily work with IAM Identity Center users or roles; keep root for the few tasks that require it, and review why it was used (CloudTrail events with userIdentity.type = Root).',
  run: (snap, ctx) => {
    const limit = ctx.thresholds.rootUsedDays;
    const ct = cloudTrailUse(snap, ctx.now, limit);
    const ctText = ct?.inWindow.length
      ? `CloudTrail (${snap.rootActivity!.region}) records ${plural(ct.inWindow.length, 'root event')}, the latest ${ct.inWindow[0]!.eventName} ${plural(daysBetween(ct.inWindow[0]!.eventTime, ctx.now), 'day')} ago`
      : undefined;
    const row = ctText && !snap.credentialReport ? undefined : judgeableRootRow(snap);
    if (!row) {
      if (!ctText) return []; // no evidence: the runner reports NOT_ASSESSED with population.noEvidence and the gaps
      return [
        {
          resourceArn: accountArn(snap),
          status: 'FAIL',
          message: `The root user was used within the last ${limit} days: ${ctText}.`,
          evidence: { thresholdDays: limit, lastUsed: ct!.inWindow[0]!.eventTime, credentialReport: 'no usable <root_account> row', cloudTrail: ct!.evidence },
        },
      ];
    }
    const uses = [
      { credential: 'password', lastUsed: row.passwordLastUsed },
      ...KEY_SLOTS.map((slot, i) => ({ credential: `access ${slot}`, lastUsed: row.accessKeys[i]!.lastUsed })),
    ];
    const recent = uses
      .filter((u): u is { credential: string; lastUsed: string } => u.lastUsed !== null)
      .map((u) => ({ ...u, daysAgo: daysBetween(u.lastUsed, ctx.now) }))
      .filter((u) => u.daysAgo <= limit);
    const last = latest(...uses.map((u) => u.lastUsed), ct?.inWindow[0]?.eventTime);
    const evidence = { thresholdDays: limit, lastUsed: last, uses, ...(ct ? { cloudTrail: ct.evidence } : {}) };
    if (recent.length === 0 && ctText) {
      return [
        {
          resourceArn: row.arn,
          status: 'FAIL',
          message: `The root user was used within the last ${limit} days: ${ctText}.`,
          evidence,
        },
      ];
    }
    if (recent.length === 0) {
      return [
        {
          resourceArn: row.arn,
          status: 'PASS',
          message: last ? `The root user was last used ${plural(daysBetween(last, ctx.now), 'day')} ago.` : 'The root user has no recorded use.',
          evidence,
        },
      ];
    }
    return [
      {
        resourceArn: row.arn,
        status: 'FAIL',
        message: `The root user was used within the last ${limit} days (${recent
          .map((u) => `${u.credential} ${plural(u.daysAgo, 'day')} ago`)
          .join(', ')})${ctText ? `; ${ctText}` : ''}.`,
        evidence,
        remediation:
          `# Find out who used root and why (CloudTrail, last 90 days of management events):\n` +
          `aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50\n` +
          '# Then move that task to an IAM Identity Center permission set or a role.',
      },
    ];
  },
};
