// Security Hub Account.2: the account is part of an AWS Organizations organization. Judged from the snapshot's
// organization part, which org mode records for every member account it audits (its organization, management
// account, status and OU path). Without that part the answer is unknown, never PASS: a gap on it (e.g. the SCPs could
// not be read, so org mode recorded no part) or a snapshot collected without --org is NOT_ASSESSED. No collector
// records "not in an organization" today (DescribeOrganization's AWSOrganizationsNotInUseException), so this check
// cannot FAIL yet; see the README.
import type { Check } from '../types.js';
import { accountArn } from '../util/arn.js';
import { theAccount } from '../util/populations.js';
import { requireOrganization } from './util.js';

export const accountMember: Check = {
  id: 'org.account.member',
  title: 'The account is part of an AWS Organizations organization',
  severity: 'medium',
  needs: ['organization'],
  population: { ...theAccount, closed: true },
  remediation: 'Invite the account to your organization from the management account (aws organizations invite-account-to-organization --target Id=<account id>,Type=ACCOUNT) and accept the handshake in the account.',
  run: (snap) => {
    const org = requireOrganization(snap);
    const management = org.account.id === org.managementAccountId;
    return [
      {
        resourceArn: accountArn(snap),
        status: 'PASS',
        message: `The account is ${management ? 'the management account' : 'a member'} of organization ${org.id} (${org.account.ouPath}, status ${org.account.status}).`,
        evidence: { organization: org.id, managementAccountId: org.managementAccountId, accountStatus: org.account.status, ouPath: org.account.ouPath },
      },
    ];
  },
};
