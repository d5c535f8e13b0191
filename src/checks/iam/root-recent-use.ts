import type { Check } from '../types.js';
import { KEY_SLOTS, rootRow } from '../util/credential-report.js';
import { rootUser } from '../util/root.js';
import { daysBetween, latest, plural } from '../util/time.js';

/** Root events from CloudTrail event history within the window (when collected), for evidence and the verdict. */
function cloudTrailUse(snap: Parameters<Check['run']>[0], now: string, limit: number) {
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

export const rootRecentUse: Check = {
  id: 'iam.root.recent-use',
  title: 'The root user is not used for everyday tasks',
  severity: 'high',
  compliance: { cis: ['1.7'] },
  needs: ['credentialReport'],
  population: rootUser(),
  remediation:
    'Do daily work with IAM Identity Center users or roles; keep root for the few tasks that require it, and review why it was used (CloudTrail events with userIdentity.type = Root).',
  run: (snap, ctx) => {
    const row = rootRow(snap);
    if (!row) return [];
    const limit = ctx.thresholds.rootUsedDays;
    const uses = [
      { credential: 'password', lastUsed: row.passwordLastUsed },
      ...KEY_SLOTS.map((slot, i) => ({ credential: `access ${slot}`, lastUsed: row.accessKeys[i]!.lastUsed })),
    ];
    const recent = uses
      .filter((u): u is { credential: string; lastUsed: string } => u.lastUsed !== null)
      .map((u) => ({ ...u, daysAgo: daysBetween(u.lastUsed, ctx.now) }))
      .filter((u) => u.daysAgo <= limit);
    const ct = cloudTrailUse(snap, ctx.now, limit);
    const last = latest(...uses.map((u) => u.lastUsed), ct?.inWindow[0]?.eventTime);
    const evidence = { thresholdDays: limit, lastUsed: last, uses, ...(ct ? { cloudTrail: ct.evidence } : {}) };
    const ctText = ct?.inWindow.length
      ? `CloudTrail (${snap.rootActivity!.region}) records ${plural(ct.inWindow.length, 'root event')}, the latest ${ct.inWindow[0]!.eventName} ${plural(daysBetween(ct.inWindow[0]!.eventTime, ctx.now), 'day')} ago`
      : undefined;
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
