// An organization for the org-mode tests: a management account and three members, one of which refuses AssumeRole.
//
//   Root                         FullAWSAccess
//   ├── 111111111111 management  (default CloudTrail: a logging multi-region trail with validation)
//   ├── 444444444444 legacy      refuses AssumeRole
//   └── Workloads                FullAWSAccess
//       ├── Dev                  FullAWSAccess only
//       │   └── 222222222222 dev       no CloudTrail trail at all; roles trusting the management account (same
//       │                              org), Datadog (known vendor) and an unknown account
//       └── Prod                 FullAWSAccess + prod-guardrails (deny leave org, stop/delete CloudTrail, root user,
//           │                    s3:DeleteBucket)
//           └── 333333333333 prod      organization trail without log file validation; root signed in on 2026-11-22
import { configureCloudTrail, FakeAccount, FakeOrganization } from '../aws-endpoint/index.js';

export const NOW = '2026-11-25T00:00:00Z';
export const MGMT = '111111111111';
export const DEV = '222222222222';
export const PROD = '333333333333';
export const LEGACY = '444444444444';
export const DATADOG = '464622532012';
export const UNKNOWN = '999988887777';
export const ROLE = 'HardeningAudit';
export const ORG_ID = 'o-a1b2c3d4e5';

const trust = (principal: string, condition?: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
});

export const PROD_GUARDRAILS = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'DenyLeave', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
    { Sid: 'ProtectTrail', Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' },
    { Sid: 'DenyRoot', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } },
    { Sid: 'KeepBuckets', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
  ],
};

function member(id: string): FakeAccount {
  return new FakeAccount(id, { now: NOW, created: '2022-01-01T00:00:00Z' })
    .passwordPolicy({ minimumPasswordLength: 14, passwordReusePrevention: 24, requireSymbols: true })
    .root({ mfa: 'hardware', passwordLastUsed: 'no_information' })
    .role(ROLE, { trust: trust(`arn:aws:iam::${MGMT}:root`), attached: ['SecurityAudit'], lastUsed: '2026-11-24T00:00:00Z' });
}

export function organization(options: ConstructorParameters<typeof FakeOrganization>[1] = {}) {
  const mgmt = member(MGMT);
  const dev = member(DEV)
    .role('vendor-monitoring', { trust: trust(`arn:aws:iam::${DATADOG}:root`, { StringEquals: { 'sts:ExternalId': 'dd-ext' } }), lastUsed: '2026-11-20T00:00:00Z' })
    .role('stranger', { trust: trust(`arn:aws:iam::${UNKNOWN}:root`), lastUsed: '2026-11-20T00:00:00Z' });
  const prod = member(PROD).root({ mfa: 'hardware', passwordLastUsed: 'no_information' });
  const legacy = member(LEGACY);
  configureCloudTrail(dev, { trails: [] });
  configureCloudTrail(prod, {
    trails: [{ name: 'org-trail', multiRegion: true, logging: true, logFileValidation: false, organizationTrail: true, ownerAccountId: MGMT }],
    events: [
      { time: '2026-11-22T08:00:00Z', name: 'ConsoleLogin', source: 'signin.amazonaws.com' },
      { time: '2026-11-10T08:00:00Z', name: 'GetObject', source: 's3.amazonaws.com', username: 'alice', userType: 'IAMUser' },
    ],
  });
  const org = new FakeOrganization(mgmt, { id: ORG_ID, auditRole: ROLE, credentialReport: { pollsUntilReady: 0 }, ...options })
    .ou('Workloads')
    .ou('Workloads/Dev')
    .ou('Workloads/Prod')
    .account(dev, { name: 'dev', ou: 'Workloads/Dev' })
    .account(prod, { name: 'prod', ou: 'Workloads/Prod' })
    .account(legacy, { name: 'legacy', refuseAssumeRole: true })
    .scp('prod-guardrails', PROD_GUARDRAILS, { targets: ['Workloads/Prod'], description: 'Production guardrails' });
  return { org, mgmt, dev, prod, legacy };
}
