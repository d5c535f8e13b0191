// CIS 1.17 / Security Hub IAM.18: some role has the AWS managed policy AWSSupportAccess, so that incidents can be
// handled with AWS Support without the root user or an administrator. Judged on the account: one such role is
// enough; when none is found but a role's policy list could not be read, that role might be it (NOT_ASSESSED).
import { accountArn } from '../util/arn.js';
import { theAccount } from '../util/populations.js';
import { draft, json } from '../util/shell.js';
import type { Check } from '../types.js';

const SUPPORT_POLICY = /^arn:[^:]+:iam::aws:policy\/AWSSupportAccess$/;

export const supportRole: Check = {
  id: 'iam.support-role',
  title: 'A role with AWSSupportAccess exists to manage incidents with AWS Support',
  severity: 'low',
  needs: ['roles'],
  reads: ['identity', 'permissions'],
  // Judged on the account; the roles' own gaps are weighed by run() (one readable support role is enough).
  population: { ...theAccount, closed: true },
  remediation: 'Create a role for AWS Support cases and attach arn:aws:iam::aws:policy/AWSSupportAccess to it.',
  run: (snap) => {
    const resourceArn = accountArn(snap);
    const supportRoles = snap.roles.filter((r) => r.attachedManagedPolicies.some((p) => SUPPORT_POLICY.test(p.arn))).map((r) => r.arn);
    const evidence = { policy: `arn:${snap.partition}:iam::aws:policy/AWSSupportAccess`, roles: supportRoles };
    if (supportRoles.length) {
      return [{ resourceArn, status: 'PASS', message: `AWSSupportAccess is attached to ${supportRoles.length === 1 ? 'the role' : `${supportRoles.length} roles, e.g.`} ${supportRoles[0]}.`, evidence }];
    }
    const unreadable = [...new Set(snap.gaps.filter((g) => g.part === 'roles' && g.resource !== undefined).map((g) => g.resource!))];
    if (unreadable.length) {
      return [{ resourceArn, status: 'NOT_ASSESSED', message: `No readable role has AWSSupportAccess, but ${unreadable.length} role(s) could not be read in full (e.g. ${unreadable[0]}).`, evidence: { ...evidence, unreadable } }];
    }
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${snap.partition}:iam::${snap.accountId}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
    return [
      {
        resourceArn,
        status: 'FAIL',
        message: 'No role has AWSSupportAccess: opening and managing AWS Support cases needs the root user or broader access.',
        evidence,
        remediation: draft(
          '# A role for AWS Support cases, assumable with MFA by principals of this account that are allowed sts:AssumeRole on it:',
          `cat > aws-support-trust.json <<'EOF'\n${json(trust)}\nEOF`,
          'aws iam create-role --role-name aws-support --assume-role-policy-document file://aws-support-trust.json',
          `aws iam attach-role-policy --role-name aws-support --policy-arn arn:${snap.partition}:iam::aws:policy/AWSSupportAccess`,
        ),
      },
    ];
  },
};
