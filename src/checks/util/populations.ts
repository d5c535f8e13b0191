// The common populations (Population in src/checks/types.ts): who a check judges, drawn from the inventory, not from the
// evidence, so that a member without evidence shows up as NOT_ASSESSED instead of silently missing.
import { agentCandidates, DEFAULT_AGENT_SELECTOR } from '../../agents/select.js';
import { riskAnalysis } from '../../policy/principal-risk.js';
import { allPrincipals } from '../../policy/reachable.js';
import type { AccountSnapshot, CredentialReportRow, IamUser } from '../../snapshot/snapshot.js';
import type { Check, CheckContext, Population } from '../types.js';
import { agentsOf } from './agents.js';
import { accountArn, isServiceLinkedRole } from './arn.js';
import { requireCloudTrail } from './cloudtrail.js';
import { requireCredentialReport } from './credential-report.js';
import { judgedPolicies } from './policy-targets.js';
import { roleTrusts } from './trust.js';

const unique = (arns: readonly string[]): string[] => [...new Set(arns)];

/** The account itself (account-level settings: password policy, CloudTrail). Never empty. */
export const theAccount: Population = { noun: 'account', members: (snap) => [accountArn(snap)] };

/** Every IAM user of the inventory. */
export const iamUsers: Population = { noun: 'IAM users', kinds: ['users'], members: (snap) => snap.users.map((u) => u.arn) };

/** Every role of the inventory. */
export const iamRoles: Population = { noun: 'IAM roles', kinds: ['roles'], members: (snap) => snap.roles.map((r) => r.arn) };

/** Users, groups and roles, without service-linked roles (AWS owns their policies). */
export const customerPrincipals: Population = {
  noun: 'IAM users, groups or roles (other than service-linked roles)',
  kinds: ['users', 'groups', 'roles'],
  members: (snap) => allPrincipals(snap).filter((p) => !(p.kind === 'role' && isServiceLinkedRole(p.entity))).map((p) => p.entity.arn),
};

/** Every customer managed policy. */
export const customerManagedPolicies: Population = {
  noun: 'customer managed policies',
  kinds: ['policies'],
  members: (snap) => snap.policies.filter((p) => !p.awsManaged).map((p) => p.arn),
};

/** A population drawn by a check's own selector (the resources it iterates), so that an empty one is NOT_APPLICABLE. */
export function populationOf(noun: string, members: (snapshot: AccountSnapshot, context: CheckContext) => readonly string[]): Population {
  return { noun, members: (snap, ctx) => unique(members(snap, ctx)) };
}

function rowsByArn(snapshot: AccountSnapshot): Map<string, CredentialReportRow> {
  return new Map(requireCredentialReport(snapshot).rows.filter((r) => !r.isRoot).map((r) => [r.arn, r]));
}

/**
 * IAM users of the inventory judged from their credential report row: every user whose row puts it in scope, and
 * every user without a row (unknown, so a member: NOT_ASSESSED, never a silent PASS). Throws without a report.
 */
export function credentialReportUsers(noun: string, inScope: (row: CredentialReportRow, user: IamUser) => boolean = () => true): Population {
  return {
    noun,
    kinds: ['users', 'credentialReport'],
    membershipReads: ['identity', 'credentials'],
    members: (snap) => {
      const rows = rowsByArn(snap);
      return snap.users.filter((u) => {
        const row = rows.get(u.arn);
        return !row || inScope(row, u);
      }).map((u) => u.arn);
    },
    noEvidence: (snap, arn) =>
      snap.credentialReport?.rows.some((r) => r.arn === arn)
        ? `the credential report row of ${arn} does not say (N/A or not_supported where a value is needed)`
        : `${arn} has no credential report row (a user created after the report was generated has none)`,
  };
}

/** The AI agent principals context.agents selects (users and roles; or only one kind). */
export function agentPrincipals(kind?: 'user' | 'role'): Population {
  const noun = kind === 'user' ? 'AI agent IAM users' : kind === 'role' ? 'AI agent roles' : 'AI agent principals';
  return {
    noun,
    // Tags and names select agents: a principal whose tags could not be read might be one.
    kinds: ['users', 'roles'],
    membershipReads: ['identity', 'tags'],
    members: (snap, ctx) => agentsOf(snap, ctx).filter((a) => !kind || a.principal.kind === kind).map((a) => a.principal.entity.arn),
  };
}

/**
 * The full-admin check: principals with a policy of their own, and customer managed policies attached to nothing. A
 * principal whose every policy document is missing from the snapshot gets no verdict: NOT_ASSESSED, not skipped.
 */
export const fullAdminPopulation: Population = {
  ...populationOf('IAM principals with policies or unattached customer managed policies', (snap) => [
  ...allPrincipals(snap)
    .filter((p) => !(p.kind === 'role' && isServiceLinkedRole(p.entity)))
    .filter((p) => p.entity.attachedManagedPolicies.length + p.entity.inlinePolicies.length > 0)
    .map((p) => p.entity.arn),
  ...snap.policies.filter((p) => !p.awsManaged && p.attachmentCount === 0).map((p) => p.arn),
  ]),
  kinds: ['users', 'groups', 'roles', 'policies'],
  membershipReads: ['identity', 'permissions'],
  noEvidence: (_snap, arn) => `the documents of the policies attached to ${arn} are not in the snapshot`,
};

/** The per-policy checks: customer managed policies and the principals holding inline policies (judgedPolicies). */
export const judgedPolicyPopulation: Population = {
  ...populationOf('customer managed or inline policies', (snap) => judgedPolicies(snap).map((t) => t.resourceArn)),
  kinds: ['users', 'groups', 'roles', 'policies'],
  membershipReads: ['identity', 'permissions'],
};

/** Roles whose trust policy the customer writes (service-linked roles excluded). */
export const trustedRoles: Population = { ...populationOf('IAM roles (other than service-linked roles)', (snap) => roleTrusts(snap).map((t) => t.role.arn)), kinds: ['roles'] };

/** Every trail; the account itself when there is none (no trail is then the account's failure). Throws without the part. */
export const trailsOrAccount = populationOf('CloudTrail trails', (snap) => {
  const ct = requireCloudTrail(snap);
  return ct.trails.length ? ct.trails.map((t) => t.arn) : [accountArn(snap)];
});

/** The principals of the risk analysis (src/policy/principal-risk.ts). */
export const riskPrincipals: Population = {
  ...populationOf('IAM principals', (snap, ctx) => riskAnalysis(snap, ctx.catalog, ctx.now).principals.map((r) => r.analysis.principal.entity.arn)),
  kinds: ['users', 'roles'],
};

/** What the iam.principal.* risk checks read and whom they judge: every principal of the risk analysis, by its policies. */
export const riskCheckInputs: Pick<Check, 'needs' | 'reads' | 'population'> = {
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'permissions'],
  population: riskPrincipals,
};

/** Principals named like AI agents that no selector picks (agent.candidates). */
export const agentLookalikes: Population = {
  ...populationOf('principals that look like AI agents without being selected as agents', (snap, ctx) =>
    agentCandidates(snap, ctx.agents ?? DEFAULT_AGENT_SELECTOR).map((e) => e.arn),
  ),
  kinds: ['users', 'roles'],
  membershipReads: ['identity', 'tags'],
};

/** Roles picked by what their trust policy admits: a role whose trust policy could not be read might be one. */
export function rolesByTrust(noun: string, members: (snapshot: AccountSnapshot) => readonly string[]): Population {
  return { ...populationOf(noun, members), kinds: ['roles'], membershipReads: ['identity', 'trust'] };
}
