// SCP evaluation (allow lists intersect level by level, denies add up) and the organization checks, on hand-built
// organization parts.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../src/checks/index.js';
import { SCP_CHECKS, wantsOrgChecks } from '../../../src/checks/org/index.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { DEFAULT_THRESHOLDS } from '../../../src/vocabulary.js';
import { DESTRUCTIVE_ACTIONS, evaluateScps, productionOu, rootUserDenies } from '../../../src/org/scp.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { normalizePolicyDocument } from '../../../src/policy/normalize.js';
import { emptySnapshot, finalizeSnapshot, type AccountSnapshot, type OrganizationPart, type ScpLevel, type ScpPolicy } from '../../../src/snapshot/snapshot.js';
import { MGMT, organizationPart } from '../../fixtures/organization.js';

const ACCOUNT = '222222222222';
let ctx: CheckContext;
beforeAll(async () => {
  ctx = { now: '2026-11-25T00:00:00.000Z', thresholds: DEFAULT_THRESHOLDS, catalog: await loadActionCatalog() };
});

const FULL: ScpPolicy = {
  id: 'p-FullAWSAccess',
  arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
  name: 'FullAWSAccess',
  awsManaged: true,
  document: normalizePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
};
const scp = (name: string, statements: unknown[]): ScpPolicy => ({
  id: `p-${name.replace(/[^a-z0-9]/gi, '').padEnd(8, '0')}`,
  arn: `arn:aws:organizations::${MGMT}:policy/o-a1b2c3d4e5/service_control_policy/p-${name}`,
  name,
  awsManaged: false,
  document: normalizePolicyDocument({ Version: '2012-10-17', Statement: statements }),
});
const level = (targetType: ScpLevel['targetType'], targetName: string, policies: ScpPolicy[]): ScpLevel => ({
  targetId: targetType === 'ROOT' ? 'r-a1b2' : targetType === 'ACCOUNT' ? ACCOUNT : `ou-a1b2-${targetName.toLowerCase().padEnd(8, 'x')}`,
  targetName,
  targetType,
  policies,
});

const orgPart = (chain: ScpLevel[], overrides: Partial<OrganizationPart> = {}): OrganizationPart => ({ ...organizationPart(ACCOUNT, { chain }), ...overrides });

function snapshotWith(organization: OrganizationPart | undefined, gaps: AccountSnapshot['gaps'] = []): AccountSnapshot {
  return finalizeSnapshot({ ...emptySnapshot(ACCOUNT, 'live', '2026-11-25T00:00:00.000Z'), ...(organization ? { organization } : {}), gaps });
}

const run = (snap: AccountSnapshot, c: Partial<CheckContext> = {}) => runChecks(snap, SCP_CHECKS, { ...ctx, ...c });
const statusOf = (r: ReturnType<typeof run>, id: string) => r.outcomes.find((o) => o.id === id)!.status;

describe('evaluateScps', () => {
  it('intersects allow lists level by level: an action one level does not allow is denied', () => {
    const chain = [
      level('ROOT', 'Root', [FULL]),
      level('ORGANIZATIONAL_UNIT', 'Sandbox', [scp('allow-some', [{ Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*' }])]),
      level('ACCOUNT', 'workload', [scp('allow-s3', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])]),
    ];
    expect(evaluateScps(chain, 's3:GetObject').effect).toBe('allowed');
    const ec2 = evaluateScps(chain, 'ec2:RunInstances');
    expect(ec2.effect).toBe('denied');
    expect(ec2.notAllowedAt.map((l) => l.targetName)).toEqual(['workload']);
    expect(evaluateScps(chain, 'iam:CreateUser').notAllowedAt.map((l) => l.targetName)).toEqual(['Sandbox', 'workload']);
  });

  it('adds denies up across levels; exemptions still count, positive conditions and scoped resources are told apart', () => {
    const chain = [
      level('ROOT', 'Root', [FULL, scp('deny-leave', [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }])]),
      level('ORGANIZATIONAL_UNIT', 'Prod', [
        FULL,
        scp('prod', [
          { Sid: 'Exempt', Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/break-glass' } } },
          { Sid: 'OnlyRoot', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } },
          { Sid: 'OneBucket', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::logs' },
        ]),
      ]),
      level('ACCOUNT', 'workload', [FULL]),
    ];
    const leave = evaluateScps(chain, 'organizations:LeaveOrganization');
    expect(leave.effect).toBe('denied');
    expect(leave.deniedBy.map((d) => [d.targetName, d.policyName, d.applies])).toEqual([
      ['Root', 'deny-leave', 'always'],
      ['Prod', 'prod', 'conditional'],
    ]);
    expect(evaluateScps(chain, 'kms:ScheduleKeyDeletion').effect).toBe('partially-denied');
    expect(evaluateScps(chain, 's3:DeleteBucket').effect).toBe('partially-denied');
    expect(evaluateScps(chain, 's3:DeleteBucket').deniedBy.find((d) => d.statement.sid === 'OneBucket')!.resources).toEqual({ Resource: ['arn:aws:s3:::logs'] });
    // Only the root user is denied everything: no guardrail for anyone else.
    expect(evaluateScps(chain, 'dynamodb:DeleteTable').effect).toBe('allowed');
    expect(rootUserDenies(chain).map((d) => d.statement.sid)).toEqual(['OnlyRoot']);
  });

  it('NotAction denies cover everything they do not list', () => {
    const chain = [level('ROOT', 'Root', [FULL, scp('regions', [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }])])];
    expect(evaluateScps(chain, 'ec2:RunInstances').effect).toBe('denied');
    expect(evaluateScps(chain, 'iam:CreateRole').effect).toBe('allowed');
  });

  it('finds production OUs by case-insensitive globs anywhere on the path', () => {
    const part = orgPart([level('ROOT', 'Root', [FULL]), level('ORGANIZATIONAL_UNIT', 'Workloads', [FULL]), level('ORGANIZATIONAL_UNIT', 'payments-PROD', [FULL]), level('ACCOUNT', 'w', [FULL])]);
    expect(productionOu(part, ['Prod*', '*-prod'])).toEqual({ ou: 'payments-PROD', pattern: '*-prod' });
    expect(productionOu(part, ['Staging'])).toBeUndefined();
    expect(productionOu(orgPart([], { scpEnabled: false, account: { ...part.account, ouPath: 'Root/Production' } }), ['prod*'])).toEqual({ ou: 'Production', pattern: 'prod*' });
  });
});

describe('organization checks', () => {
  it('fail with drafts when only FullAWSAccess applies', () => {
    const snap = snapshotWith(orgPart([level('ROOT', 'Root', [FULL]), level('ORGANIZATIONAL_UNIT', 'Prod', [FULL]), level('ACCOUNT', 'workload', [FULL])]));
    const r = run(snap);
    for (const c of SCP_CHECKS) expect(statusOf(r, c.id), c.id).toBe('FAIL');
    const leave = r.findings.find((f) => f.checkId === 'org.scp.deny-leave-organization')!;
    expect(leave.remediation).toContain('aws organizations create-policy --type SERVICE_CONTROL_POLICY --name deny-leave-organization');
    expect(leave.remediation).toContain('--target-id r-a1b2');
    const prod = r.findings.find((f) => f.checkId === 'org.scp.production-destructive-actions')!;
    expect(prod.message).toContain(DESTRUCTIVE_ACTIONS.join(', '));
    expect(prod.remediation).toContain('--target-id ou-a1b2-prodxxxx');
  });

  it('pass with guardrails at the root; a non-production account is not judged for destructive actions', () => {
    const guard = scp('guardrails', [
      { Effect: 'Deny', Action: ['organizations:LeaveOrganization', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] } } },
    ]);
    const snap = snapshotWith(orgPart([level('ROOT', 'Root', [FULL, guard]), level('ORGANIZATIONAL_UNIT', 'Dev', [FULL]), level('ACCOUNT', 'workload', [FULL])]));
    const r = run(snap);
    expect(r.outcomes.map((o) => [o.id, o.status, o.evaluated])).toEqual([
      ['org.scp.only-full-aws-access', 'PASS', 1],
      ['org.scp.deny-leave-organization', 'PASS', 1],
      ['org.scp.protect-cloudtrail', 'PASS', 1],
      ['org.scp.deny-root-user', 'PASS', 1],
      ['org.scp.production-destructive-actions', 'NOT_APPLICABLE', 0],
    ]);
    // A custom glob makes Dev production.
    expect(statusOf(run(snap, { productionOuPatterns: ['dev'] }), 'org.scp.production-destructive-actions')).toBe('FAIL');
  });

  it('SCPs disabled: every guardrail fails and says so', () => {
    const r = run(snapshotWith(orgPart([], { scpEnabled: false })));
    const messages = r.findings.map((f) => f.message);
    expect(messages.filter((m) => m.startsWith('Service control policies are not enabled'))).toHaveLength(4);
  });

  it('the management account is not judged (SCPs never apply to it)', () => {
    const part = orgPart([level('ROOT', 'Root', [FULL]), level('ACCOUNT', 'mgmt', [FULL])]);
    const r = run(snapshotWith({ ...part, account: { ...part.account, id: MGMT } }));
    expect(r.findings).toEqual([]);
    expect(r.outcomes.every((o) => o.status === 'NOT_APPLICABLE' && o.evaluated === 0)).toBe(true);
  });

  it('NOT_ASSESSED when the SCPs could not be read (a gap), never PASS', () => {
    const snap = snapshotWith(undefined, [{ part: 'organization', api: 'organizations:ListPolicies', error: 'AccessDeniedException', message: 'denied' }]);
    expect(wantsOrgChecks(snap)).toBe(true);
    const r = run(snap);
    expect(r.outcomes.every((o) => o.status === 'NOT_ASSESSED')).toBe(true);
    expect(r.outcomes[0]!.reason).toContain('organizations:ListPolicies failed: AccessDeniedException');
  });

  it('are not part of a single-account audit', () => {
    expect(ALL_CHECKS.some((c) => c.id.startsWith('org.'))).toBe(false);
    expect(wantsOrgChecks(snapshotWith(undefined))).toBe(false);
  });
});
