// CIS 1.2 (v7.0.0: 2.3) / Security Hub Account.1: a security alternate contact is registered, so that AWS security
// notifications reach the team that can act on them rather than only the account's root email address.
import type { Check } from '../types.js';
import { accountArn } from '../util/arn.js';
import { draft } from '../util/shell.js';
import { theAccount } from '../util/populations.js';

export const accountSecurityContact: Check = {
  id: 'iam.account.security-contact',
  title: 'Security contact information is registered for the account',
  severity: 'medium',
  needs: ['securityContact'],
  population: theAccount,
  remediation: 'Register a security alternate contact (aws account put-alternate-contact --alternate-contact-type SECURITY ...).',
  run: (snap) => {
    const resourceArn = accountArn(snap);
    if (snap.securityContact === undefined) throw new Error('the snapshot has no security contact information (collected by a live audit of this version)');
    const contact = snap.securityContact;
    if (contact?.emailAddress) {
      return [{ resourceArn, status: 'PASS', message: `The security contact is ${contact.name ? `${contact.name} <${contact.emailAddress}>` : contact.emailAddress}.`, evidence: { name: contact.name ?? null, emailAddress: contact.emailAddress } }];
    }
    return [
      {
        resourceArn,
        status: 'FAIL',
        message: contact
          ? 'The security alternate contact has no email address: AWS security notifications cannot reach it.'
          : 'No security alternate contact is registered: AWS security notifications go only to the account email address.',
        evidence: { securityContact: contact ? { name: contact.name ?? null } : null },
        remediation: draft(
          '# Use a distribution list that more than one person reads (from the management account, add --account-id <id> for a member):',
          "aws account put-alternate-contact --alternate-contact-type SECURITY --email-address security@example.com --name 'Security team' --title 'Security' --phone-number '+1-555-0100'",
        ),
      },
    ];
  },
};
