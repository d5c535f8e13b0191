// Evidence and remediation drafts shared by the iam.principal.* checks (what a user or role can do).
//
// Thousands of principals share the same risk (same actions, same grants): what depends on the risk alone
// (severity, the message's tail, action lists, the draft policy's JSON) is built once per risk (memo()) and shared;
// per principal only the name, the granting statements and the draft's command line are new.
import type { CheckResult } from '../types.js';
import { grantingStatements, type GrantQuality, type GrantRef } from '../../policy/effective.js';
import type { PrincipalRisk } from '../../policy/principal-risk.js';
import { fileName, json, sh } from './shell.js';

/** How many statements the evidence names per finding. */
export const STATEMENTS_PER_FINDING = 5;

export function describePrincipal(r: PrincipalRisk): string {
  return `${r.analysis.principal.kind} ${r.analysis.principal.entity.name}`;
}

/** A per-check memo of things derived from a shared object (a risk list) only. */
export function memo<K extends object, T>(): (key: K, build: () => T) => T {
  const cache = new WeakMap<K, T>();
  return (key, build) => {
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = build()));
    return v;
  };
}

// Memo keyed by the object it was computed from: safe across calls and runs because snapshots (and what is built from
// them) are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const refCache = new WeakMap<GrantRef, Record<string, unknown>[]>();

/** Where a grant comes from, compactly: policy, how it reaches the principal, statement Sid or index, and whether
 * the grant is conditional or scoped. Evidence objects are shared between findings (the refs of managed policies are
 * shared between principals). */
export function refEvidence(ref: GrantRef, quality: Partial<GrantQuality> = {}): Record<string, unknown> {
  const slot = (quality.conditional ? 1 : 0) + (quality.scoped ? 2 : 0);
  let cached = refCache.get(ref);
  if (!cached) refCache.set(ref, (cached = []));
  return (cached[slot] ??= {
    policy: ref.policyName,
    policyType: ref.policyType,
    ...(ref.policyArn ? { policyArn: ref.policyArn } : {}),
    ...(ref.viaGroup !== undefined ? { viaGroup: ref.viaGroup } : {}),
    statement: ref.sid ?? ref.index,
    ...(quality.conditional ? { conditional: true } : {}),
    ...(quality.scoped ? { scoped: true } : {}),
  });
}

/** The statements to fix: those that allow any of the actions (best grants first, at most STATEMENTS_PER_FINDING). */
export function grantingStatementsEvidence(r: PrincipalRisk, ids: readonly number[]): Record<string, unknown>[] {
  return grantingStatements(r.analysis, ids, STATEMENTS_PER_FINDING).map((g) => refEvidence(g.ref, g));
}

export interface PrincipalEvidence {
  /** Who: type, name, permissions boundary (and whether its document was found), policies not in the snapshot. */
  principal: Record<string, unknown>;
  /** What it can do by access level: identity policies alone, effective (boundary and Denies applied), and the
   * effective actions allowed unconditionally on "*". */
  accessLevelCounts: Record<string, unknown>;
}

// Memo, as above.
const principalCache = new WeakMap<PrincipalRisk, PrincipalEvidence>();

/** One pair of objects per principal, shared by the findings of the four iam.principal.* checks. */
export function principalEvidence(r: PrincipalRisk): PrincipalEvidence {
  let e = principalCache.get(r);
  if (!e) {
    const { principal, boundary, unresolved, profile } = r.analysis;
    e = {
      principal: {
        type: principal.kind,
        name: principal.entity.name,
        permissionsBoundary: boundary ? { arn: boundary.arn, resolved: boundary.resolved } : null,
        ...(unresolved.length ? { unresolvedPolicies: unresolved } : {}),
      },
      accessLevelCounts: {
        identityPolicies: profile.identity.all,
        effective: profile.effective.all,
        effectiveUnconditionalOnAnyResource: profile.effective.free,
      },
    };
    principalCache.set(r, e);
  }
  return e;
}

const NO_EVIDENCE: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const FULL_ADMIN_EVIDENCE: Record<string, unknown> = Object.freeze({ fullAdmin: true }) as Record<string, unknown>;

/**
 * A PASS result. The runner keeps only FAIL results, so the 15,000 PASS results of a large account share their
 * message and evidence objects (the message says what was verified; the resource ARN says for whom).
 */
export function pass(r: PrincipalRisk, message: string): CheckResult {
  return { resourceArn: r.analysis.principal.entity.arn, status: 'PASS', message, evidence: NO_EVIDENCE };
}

/** PASS result for a principal with full administrative access: iam.policy.full-admin reports it. */
export function fullAdminPass(r: PrincipalRisk): CheckResult {
  return {
    resourceArn: r.analysis.principal.entity.arn,
    status: 'PASS',
    message: 'Not reported separately: the principal has full administrative access (see iam.policy.full-admin).',
    evidence: FULL_ADMIN_EVIDENCE,
  };
}

/** The JSON text of a draft policy document (pretty-printed, for a heredoc). */
export const documentJson = (document: unknown): string => json(document);

/** Puts an inline policy (its JSON text already rendered) on the principal, a user or a role. */
export function putInlinePolicyDraft(r: PrincipalRisk, policyName: string, documentText: string, comment: string): string {
  const { kind, entity } = r.analysis.principal;
  const file = `${fileName(`${entity.name}-${policyName}`)}.json`;
  return `# ${comment}\ncat > ${sh(file)} <<'POLICY'\n${documentText}\nPOLICY\naws iam put-${kind}-policy --${kind}-name ${sh(entity.name)} --policy-name ${sh(policyName)} --policy-document ${sh(`file://${file}`)}`;
}
