import type { Check } from '../types.js';
import { accountArn } from '../util/arn.js';
import { KEY_SLOTS } from '../util/credential-report.js';
import { CREDENTIAL_REPORT_SOURCE, rootRowIfAny, rootUser, SUMMARY_SOURCE, summaryFlag } from '../util/root.js';
import { draft } from '../util/shell.js';

const deleteDraft = (accountId: string, slots: string) =>
  draft(
    '# Root access keys can only be removed by the root user (console):',
    `# 1. Sign in as the root user of account ${accountId}`,
    '# 2. Account menu > Security credentials > Access keys: first Deactivate, check nothing breaks (CloudTrail:',
    `#    events with userIdentity.type = Root and an accessKeyId), then Delete ${slots}.`,
    '# Move any automation that used them to an IAM role.',
  );

export const rootAccessKeys: Check = {
  id: 'iam.root.access-keys',
  title: 'The root user has no active access keys',
  severity: 'critical',
  // The row, else GetAccountSummary: both are alternative sources (population.sources), neither is required alone.
  needs: [],
  population: rootUser('AccountAccessKeysPresent'),
  remediation: 'Delete the root user access keys; use IAM roles or IAM Identity Center for programmatic access.',
  run: (snap) => {
    const row = rootRowIfAny(snap, ['access_key_1_active', 'access_key_2_active']);
    if (!row) {
      // GetAccountSummary counts root keys whatever their status: CIS 1.4 and IAM.4 ask that none exists at all.
      const present = summaryFlag(snap, 'AccountAccessKeysPresent');
      if (present === undefined) return []; // no evidence: the runner reports NOT_ASSESSED naming both sources
      const evidence = { source: SUMMARY_SOURCE, AccountAccessKeysPresent: snap.accountSummary!.AccountAccessKeysPresent };
      const resourceArn = accountArn(snap);
      return present
        ? [{ resourceArn, status: 'FAIL', message: `The root user has an access key (${SUMMARY_SOURCE}: AccountAccessKeysPresent = 1; the summary does not say whether it is active).`, evidence, remediation: deleteDraft(snap.accountId, 'each root access key') }]
        : [{ resourceArn, status: 'PASS', message: `The root user has no access keys (${SUMMARY_SOURCE}: AccountAccessKeysPresent = 0).`, evidence }];
    }
    const keys = KEY_SLOTS.map((slot, i) => ({ slot, ...row.accessKeys[i]! }));
    const active = keys.filter((k) => k.active);
    const evidence = { source: CREDENTIAL_REPORT_SOURCE, keys };
    if (active.length === 0) {
      return [{ resourceArn: row.arn, status: 'PASS', message: 'The root user has no active access keys.', evidence }];
    }
    return [
      {
        resourceArn: row.arn,
        status: 'FAIL',
        message: `The root user has ${active.length === 1 ? 'an active access key' : '2 active access keys'} (${active
          .map((k) => k.slot)
          .join(', ')}), which cannot be limited by any policy.`,
        evidence,
        remediation: deleteDraft(snap.accountId, active.map((k) => k.slot).join(' and ')),
      },
    ];
  },
};
