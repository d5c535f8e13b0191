// Reads a role's trust policy: who may assume the role, classified. Used by the iam.role.*-trust checks.
//
// Choices (documented here once, relied on by every trust check):
// - Only Allow statements covering an sts:AssumeRole* action (AssumeRole, AssumeRoleWithSAML,
//   AssumeRoleWithWebIdentity — via Action patterns such as "sts:*", or a NotAction that does not exclude them)
//   grant anything. sts:TagSession / sts:SetSourceIdentity alone do not let anyone in.
// - Allow + NotPrincipal means "everyone except these": it is classified as the public principal "*" (with the
//   exclusions in evidence), so an unrestricted one is caught by the public-trust check.
// - A Deny removes a principal only when it has no Condition, covers every assume action that principal was
//   allowed, and applies to it (its Principal names the same value or "*", or its NotPrincipal does not list it).
//   Conditional Denies are kept in evidence but not credited: whether they apply depends on the request.
// - The normalizer turns Principal "*" into {"AWS": ["*"]}; both mean anyone.
import type { PolicyDocument, PolicyStatement } from '../snapshot/snapshot.js';
import { cmp, statementRef } from './analysis.js';
import { accountIdOf } from './arn.js';
import { actionMatches } from './catalog.js';

export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] as const;

export type PrincipalClass =
  | 'same-account'
  | 'external-account'
  | 'public'
  | 'service'
  | 'saml'
  | 'oidc'
  | 'web-identity'
  | 'canonical-user'
  | 'unknown';

export type Condition = NonNullable<PolicyStatement['Condition']>;

export interface TrustEntry {
  statement: { index: number; sid?: string };
  /** Principal type as written: AWS, Service, Federated, CanonicalUser. */
  type: string;
  principal: string;
  class: PrincipalClass;
  /** For AWS principals that name an account. */
  accountId?: string;
  /** The assume actions this statement grants the principal (after unconditional Denies). */
  actions: string[];
  condition?: Condition;
  /** Allow + NotPrincipal: the principals excluded from "everyone". */
  notPrincipal?: Record<string, string[]>;
  /** Set when unconditional Deny statements remove every action this entry grants; the entry then grants nothing. */
  deniedBy?: { index: number; sid?: string }[];
}

export interface TrustAnalysis {
  /** Every principal an Allow statement names, classified; denied entries included (with deniedBy). */
  entries: TrustEntry[];
  /** Deny statements that cover an assume action, for evidence. */
  denies: { index: number; sid?: string; condition?: Condition }[];
}

export function classifyPrincipal(type: string, value: string, ownAccountId: string): { class: PrincipalClass; accountId?: string } {
  switch (type) {
    case 'AWS': {
      if (value === '*') return { class: 'public' };
      const accountId = accountIdOf(value);
      if (accountId === undefined) return { class: 'unknown' }; // e.g. AROA... unique id of a deleted principal
      return { class: accountId === ownAccountId ? 'same-account' : 'external-account', accountId };
    }
    case 'Service':
      return { class: 'service' };
    case 'Federated':
      if (value.includes(':saml-provider/')) return { class: 'saml' };
      if (value.includes(':oidc-provider/')) return { class: 'oidc' };
      return { class: 'web-identity' }; // cognito-identity.amazonaws.com, accounts.google.com, graph.facebook.com, www.amazon.com
    case 'CanonicalUser':
      return { class: 'canonical-user' };
    default:
      return { class: 'unknown' };
  }
}

function covers(st: PolicyStatement, action: string): boolean {
  if (st.Action) return st.Action.some((p) => actionMatches(p, action));
  if (st.NotAction) return !st.NotAction.some((p) => actionMatches(p, action));
  return false;
}

function assumeActions(st: PolicyStatement): string[] {
  return ASSUME_ACTIONS.filter((a) => covers(st, a));
}

function denyApplies(deny: PolicyStatement, type: string, value: string): boolean {
  if (deny.Principal) return (deny.Principal.AWS ?? []).includes('*') || (deny.Principal[type] ?? []).includes(value);
  if (deny.NotPrincipal) return !(deny.NotPrincipal[type] ?? []).includes(value);
  return false;
}

const hasCondition = (st: PolicyStatement) => st.Condition !== undefined && Object.keys(st.Condition).length > 0;

export function analyzeTrust(doc: PolicyDocument, ownAccountId: string): TrustAnalysis {
  const denies: TrustAnalysis['denies'] = [];
  const hardDenies: { st: PolicyStatement; ref: { index: number; sid?: string } }[] = [];
  doc.Statement.forEach((st, index) => {
    if (st.Effect !== 'Deny' || assumeActions(st).length === 0) return;
    denies.push({ ...statementRef(st, index), ...(st.Condition ? { condition: st.Condition } : {}) });
    if (!hasCondition(st)) hardDenies.push({ st, ref: statementRef(st, index) });
  });

  const entries: TrustEntry[] = [];
  doc.Statement.forEach((st, index) => {
    if (st.Effect !== 'Allow') return;
    const granted = assumeActions(st);
    if (granted.length === 0) return;
    const pairs: [string, string][] = st.Principal
      ? Object.entries(st.Principal).flatMap(([type, values]) => values.map((v): [string, string] => [type, v]))
      : st.NotPrincipal
        ? [['AWS', '*']]
        : [];
    for (const [type, value] of pairs) {
      const applicable = hardDenies.filter((d) => denyApplies(d.st, type, value));
      const actions = granted.filter((a) => !applicable.some((d) => covers(d.st, a)));
      const entry: TrustEntry = {
        statement: statementRef(st, index),
        type,
        principal: value,
        ...classifyPrincipal(type, value, ownAccountId),
        actions: actions.length ? actions : granted,
      };
      if (st.Condition) entry.condition = st.Condition;
      if (st.NotPrincipal) entry.notPrincipal = st.NotPrincipal;
      if (actions.length === 0) entry.deniedBy = applicable.map((d) => d.ref);
      entries.push(entry);
    }
  });
  return { entries, denies };
}

/** Entries that actually grant something (not removed by an unconditional Deny). */
export function effectiveEntries(analysis: TrustAnalysis): TrustEntry[] {
  return analysis.entries.filter((e) => !e.deniedBy);
}

// ---- conditions -------------------------------------------------------------------------------------------------

export interface ConditionTerm {
  operator: string;
  key: string;
  values: string[];
}

/**
 * Condition terms that can only narrow who matches: a positive operator (StringEquals, StringLike, ArnLike,
 * ForAnyValue:..., ...), not a negated one (…Not…), not …IfExists (passes when the key is absent), not
 * ForAllValues:… (true for an empty key), not Null/Bool; and at least one value that is not just wildcards.
 */
export function narrowingTerms(condition: Condition | undefined): ConditionTerm[] {
  if (!condition) return [];
  const out: ConditionTerm[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (/Not|IfExists$|^ForAllValues:|^Null$|^Bool/i.test(operator)) continue;
    for (const [key, values] of Object.entries(block)) {
      if (values.some((v) => !/^[*?]*$/.test(v))) out.push({ operator, key, values });
    }
  }
  return out;
}

/** Condition keys that tie a public ("*") trust to specific accounts, organizations, callers or a shared secret. */
export const RESTRICTING_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'sts:ExternalId',
] as const;

/** Narrowing terms on one of the given keys (case-insensitive, as IAM compares condition keys). */
export function termsOn(condition: Condition | undefined, keys: readonly string[]): ConditionTerm[] {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return narrowingTerms(condition).filter((t) => wanted.has(t.key.toLowerCase()));
}

// ---- federated (OIDC / web identity) scoping ----------------------------------------------------------------------

/**
 * Identity providers shared by many tenants: anyone can get a token from them, so a trust that does not pin the
 * claim naming the tenant (repository, project, workspace, app or identity pool) lets strangers in.
 */
export const SHARED_ISSUERS: readonly { issuer: string; claim: string; name: string }[] = [
  { issuer: 'token.actions.githubusercontent.com', claim: 'sub', name: 'GitHub Actions' },
  { issuer: 'gitlab.com', claim: 'sub', name: 'GitLab.com CI/CD' },
  { issuer: 'app.terraform.io', claim: 'sub', name: 'HCP Terraform' },
  { issuer: 'cognito-identity.amazonaws.com', claim: 'aud', name: 'Amazon Cognito identity pools' },
  { issuer: 'accounts.google.com', claim: 'aud', name: 'Google' },
  { issuer: 'graph.facebook.com', claim: 'app_id', name: 'Facebook' },
  { issuer: 'www.amazon.com', claim: 'app_id', name: 'Login with Amazon' },
];

/** The issuer a Federated principal names: the host/path after oidc-provider/, or the provider name itself. */
export function issuerOf(federated: string): string {
  const i = federated.indexOf(':oidc-provider/');
  return i >= 0 ? federated.slice(i + ':oidc-provider/'.length) : federated;
}

export function sharedIssuer(issuer: string): (typeof SHARED_ISSUERS)[number] | undefined {
  const lower = issuer.toLowerCase();
  // GitHub Enterprise Cloud can use token.actions.githubusercontent.com/<enterprise>: same claims.
  return SHARED_ISSUERS.find((s) => lower === s.issuer || lower.startsWith(`${s.issuer}/`));
}

/**
 * A claim value that does not pin a tenant: only wildcards, or a wildcard right after the claim's leading
 * "kind:" prefix ("repo:*", "project_path:*", "organization:*...").
 */
export function isUnscopedClaimValue(value: string): boolean {
  return /^([A-Za-z_]+:)?[*?]/.test(value) || /^[*?]*$/.test(value);
}

/** Narrowing terms on `<issuer>:<claim>` whose values all pin a tenant. */
export function scopedClaimTerms(condition: Condition | undefined, issuer: string, claim: string): ConditionTerm[] {
  return termsOn(condition, [`${issuer}:${claim}`]).filter((t) => t.values.every((v) => !isUnscopedClaimValue(v)));
}

/** Narrowing terms on any `<issuer>:...` key. */
export function issuerTerms(condition: Condition | undefined, issuer: string): ConditionTerm[] {
  const prefix = `${issuer.toLowerCase()}:`;
  return narrowingTerms(condition).filter((t) => t.key.toLowerCase().startsWith(prefix));
}

/** Evidence form of the entries: compact, stable order. */
export function entriesEvidence(entries: readonly TrustEntry[]): Record<string, unknown>[] {
  return [...entries]
    .sort((a, b) => a.statement.index - b.statement.index || cmp(a.type, b.type) || cmp(a.principal, b.principal))
    .map((e) => ({
      statement: e.statement,
      type: e.type,
      principal: e.principal,
      class: e.class,
      ...(e.accountId ? { accountId: e.accountId } : {}),
      actions: e.actions,
      ...(e.condition ? { condition: e.condition } : {}),
      ...(e.notPrincipal ? { notPrincipal: e.notPrincipal } : {}),
      ...(e.deniedBy ? { deniedBy: e.deniedBy } : {}),
    }));
}
