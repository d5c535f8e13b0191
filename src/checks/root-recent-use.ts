import type { Check } from './types.js';
import { KEY_SLOTS, rootRow } from './util/credential-report.js';
import { daysBetween, latest, plural } from './util/time.js';

export const rootRecentUse: Check = {
  id: 'iam.root.recent-use',
  title: 'The root user is not used for everyday tasks',
  severity: 'high',
  compliance: { cis: ['1.7'] },
  needs: ['credentialReport'],
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
    const last = latest(...uses.map((u) => u.lastUsed));
    const evidence = { thresholdDays: limit, lastUsed: last, uses };
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
          .join(', ')}).`,
        evidence,
        remediation:
          `# Find out who used root and why (CloudTrail, last 90 days of management events):\n` +
          `aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50\n` +
          '# Then move that task to an IAM Identity Center permission set or a role.',
      },
    ];
  },
};
