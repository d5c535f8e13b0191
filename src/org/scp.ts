// Service control policies, evaluated the way AWS does for a member account: the chain runs from the root through
// each OU to the account; at every level at least one attached SCP must Allow an action (allow lists intersect level
// by level) and a Deny anywhere wins (denies add up). SCPs never apply to the management account.
//
// Pure functions over the snapshot's organization part, shared by the org checks and (later) an `explain` command.
import type { OrganizationPart, PolicyStatement, ScpLevel, ScpPolicy } from '../snapshot/snapshot.js';
import { actionMatches, wildcardRegExp } from '../policy/catalog.js';

/** OU names that mark production accounts unless configured (--production-ous): case-insensitive globs. */
export const DEFAULT_PRODUCTION_OUS: readonly string[] = ['Prod*', '*-prod'];

/** Actions a production guardrail should deny: deleting data stores, keys and backups. */
export const DESTRUCTIVE_ACTIONS: readonly string[] = [
  'backup:DeleteBackupVault',
  'backup:DeleteRecoveryPoint',
  'dynamodb:DeleteTable',
  'kms:ScheduleKeyDeletion',
  'rds:DeleteDBCluster',
  'rds:DeleteDBInstance',
  's3:DeleteBucket',
];

export interface LevelRef {
  targetId: string;
  targetName: string;
  targetType: ScpLevel['targetType'];
}

export interface StatementRef extends LevelRef {
  policyId: string;
  policyName: string;
  statement: { index: number; sid?: string };
  /**
   * always: no condition; except-exemptions: only negated conditions (ArnNotLike aws:PrincipalArn <break-glass role>,
   * StringNotEquals aws:RequestedRegion ...), so it applies to everyone else; conditional: a positive condition picks
   * whom it applies to (e.g. only the root user), so it is no general guardrail for the action.
   */
  applies: 'always' | 'except-exemptions' | 'conditional';
  /** Present when the statement only applies under conditions (e.g. an exemption for a break-glass role). */
  condition?: PolicyStatement['Condition'];
  /** Present when the statement is limited to some resources (Resource other than "*", or NotResource). */
  resources?: { Resource?: string[]; NotResource?: string[] };
}

export interface ScpDecision {
  action: string;
  /**
   * denied: an unconditional Deny on every resource, or some level allows nothing of it;
   * partially-denied: only Denies with exemptions (negated conditions) or limited to some resources;
   * allowed: every level allows it, and nothing denies it except under positive conditions (see deniedBy).
   */
  effect: 'denied' | 'partially-denied' | 'allowed';
  /** Every Deny statement covering the action, including conditional ones that do not count as a guardrail. */
  deniedBy: StatementRef[];
  /** Levels where no Allow covers the action. */
  notAllowedAt: LevelRef[];
}

export function isFullAwsAccess(p: Pick<ScpPolicy, 'id' | 'name' | 'awsManaged'>): boolean {
  return p.id === 'p-FullAWSAccess' || (p.awsManaged && p.name === 'FullAWSAccess');
}

/** The statement's Action / NotAction covers the action. */
export function covers(st: PolicyStatement, action: string): boolean {
  if (st.Action) return st.Action.some((p) => actionMatches(p, action));
  if (st.NotAction) return !st.NotAction.some((p) => actionMatches(p, action));
  return false;
}

const hasCondition = (st: PolicyStatement) => st.Condition !== undefined && Object.keys(st.Condition).length > 0;
const onEveryResource = (st: PolicyStatement) => !st.NotResource && (st.Resource ?? ['*']).includes('*');

function levelRef(level: ScpLevel): LevelRef {
  return { targetId: level.targetId, targetName: level.targetName, targetType: level.targetType };
}

function applies(st: PolicyStatement): StatementRef['applies'] {
  if (!hasCondition(st)) return 'always';
  return Object.keys(st.Condition!).every((op) => /Not/.test(op)) ? 'except-exemptions' : 'conditional';
}

function statementRef(level: ScpLevel, policy: ScpPolicy, st: PolicyStatement, index: number): StatementRef {
  return {
    ...levelRef(level),
    policyId: policy.id,
    policyName: policy.name,
    statement: st.Sid !== undefined ? { index, sid: st.Sid } : { index },
    applies: applies(st),
    ...(hasCondition(st) ? { condition: st.Condition } : {}),
    ...(!onEveryResource(st)
      ? { resources: { ...(st.Resource ? { Resource: st.Resource } : {}), ...(st.NotResource ? { NotResource: st.NotResource } : {}) } }
      : {}),
  };
}

/** What the chain does to one action. */
export function evaluateScps(chain: readonly ScpLevel[], action: string): ScpDecision {
  const deniedBy: StatementRef[] = [];
  const notAllowedAt: LevelRef[] = [];
  for (const level of chain) {
    let allowed = false;
    for (const policy of level.policies) {
      policy.document.Statement.forEach((st, index) => {
        if (!covers(st, action)) return;
        if (st.Effect === 'Deny') deniedBy.push(statementRef(level, policy, st, index));
        else allowed = true;
      });
    }
    if (!allowed) notAllowedAt.push(levelRef(level));
  }
  const hard = deniedBy.some((d) => d.applies === 'always' && !d.resources);
  const partial = deniedBy.some((d) => d.applies !== 'conditional');
  const effect = hard || notAllowedAt.length > 0 ? 'denied' : partial ? 'partially-denied' : 'allowed';
  return { action, effect, deniedBy, notAllowedAt };
}

/** Every distinct SCP in force, root first. */
export function policiesInForce(chain: readonly ScpLevel[]): ScpPolicy[] {
  const seen = new Map<string, ScpPolicy>();
  for (const level of chain) for (const p of level.policies) if (!seen.has(p.id)) seen.set(p.id, p);
  return [...seen.values()];
}

/** "Root: FullAWSAccess; Workloads: FullAWSAccess, deny-leave; 111122223333: FullAWSAccess" for messages and reports. */
export function describeChain(chain: readonly ScpLevel[]): string {
  return chain.map((l) => `${l.targetName}: ${l.policies.map((p) => p.name).join(', ') || '(none)'}`).join('; ');
}

/** The account's OUs (names, root excluded) matched against the production globs; the first match, if any. */
export function productionOu(org: OrganizationPart, patterns: readonly string[]): { ou: string; pattern: string } | undefined {
  for (const level of org.scpChain.length ? org.scpChain : []) {
    if (level.targetType !== 'ORGANIZATIONAL_UNIT') continue;
    const pattern = patterns.find((p) => wildcardRegExp(p).test(level.targetName));
    if (pattern) return { ou: level.targetName, pattern };
  }
  // Without a chain (SCPs disabled), fall back to the OU path.
  if (!org.scpChain.length) {
    for (const name of org.account.ouPath.split('/').slice(1)) {
      const pattern = patterns.find((p) => wildcardRegExp(p).test(name));
      if (pattern) return { ou: name, pattern };
    }
  }
  return undefined;
}

/** Deny statements conditioned on the root user's ARN (aws:PrincipalArn like arn:aws:iam::*:root). */
export function rootUserDenies(chain: readonly ScpLevel[]): StatementRef[] {
  const out: StatementRef[] = [];
  for (const level of chain) {
    for (const policy of level.policies) {
      policy.document.Statement.forEach((st, index) => {
        if (st.Effect !== 'Deny' || !st.Condition) return;
        const names = Object.entries(st.Condition).flatMap(([op, block]) =>
          /^(ForAnyValue:)?(StringLike|StringEquals|ArnLike|ArnEquals)$/i.test(op)
            ? Object.entries(block).filter(([key]) => key.toLowerCase() === 'aws:principalarn').flatMap(([, v]) => v)
            : [],
        );
        if (names.some((v) => /^arn:aws[a-z-]*:iam::(\*|\d{12}):root$/i.test(v))) out.push(statementRef(level, policy, st, index));
      });
    }
  }
  return out;
}
