import type { Check } from './types.js';
import { KEY_SLOTS, rootRow } from './util/credential-report.js';
import { draft } from './util/shell.js';

export const rootAccessKeys: Check = {
  id: 'iam.root.access-keys',
  title: 'The root user has no active access keys',
  severity: 'critical',
  compliance: { cis: ['1.4'], securityHub: ['IAM.4'] },
  needs: ['credentialReport'],
  remediation: 'Delete the root user access keys; use IAM roles or IAM Identity Center for programmatic access.',
  run: (snap) => {
    const row = rootRow(snap);
    if (!row) return [];
    const keys = KEY_SLOTS.map((slot, i) => ({ slot, ...row.accessKeys[i]! }));
    const active = keys.filter((k) => k.active);
    const evidence = { keys };
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
        remediation: draft(
          '# Root access keys can only be removed by the root user (console):',
          `# 1. Sign in as the root user of account ${snap.accountId}`,
          '# 2. Account menu > Security credentials > Access keys: first Deactivate, check nothing breaks (CloudTrail:',
          `#    events with userIdentity.type = Root and an accessKeyId), then Delete ${active.map((k) => k.slot).join(' and ')}.`,
          '# Move any automation that used them to an IAM role.',
        ),
      },
    ];
  },
};
