// Shared plumbing of the role trust checks.
import type { AccountSnapshot, IamRole, PolicyDocument, PolicyStatement } from '../../snapshot/snapshot.js';
import { analyzeTrust, effectiveEntries, entriesEvidence, type TrustAnalysis, type TrustEntry } from '../../policy/trust.js';
import { isServiceLinkedRole } from './arn.js';
import { draft, fileName, json, sh } from './shell.js';

export interface RoleTrust {
  role: IamRole;
  analysis: TrustAnalysis;
  /** Entries that grant something (not removed by an unconditional Deny). */
  effective: TrustEntry[];
}

// Memo keyed by the object it was computed from: safe across calls and runs because snapshots (and what is built from
// them) are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const analysed = new WeakMap<AccountSnapshot, RoleTrust[]>();

/**
 * Every role except service-linked ones (AWS writes and owns their trust policies), with its trust analysed. Computed
 * once per snapshot and shared by the trust checks (checks never modify the snapshot or these results).
 */
export function roleTrusts(snapshot: AccountSnapshot): RoleTrust[] {
  let trusts = analysed.get(snapshot);
  if (!trusts) {
    trusts = snapshot.roles
      .filter((role) => !isServiceLinkedRole(role))
      .map((role) => {
        const analysis = analyzeTrust(role.assumeRolePolicy, snapshot.accountId);
        return { role, analysis, effective: effectiveEntries(analysis) };
      });
    analysed.set(snapshot, trusts);
  }
  return trusts;
}

// Memo, as above.
const baseEvidence = new WeakMap<RoleTrust, Record<string, unknown>>();

/**
 * Evidence common to all trust findings: every principal classified, plus the Deny statements seen. Without extras,
 * one object per role, shared by the trust checks (10,000 roles x several checks, mostly PASS).
 */
export function trustEvidence(t: RoleTrust, extra?: Record<string, unknown>): Record<string, unknown> {
  if (extra) return { ...extra, ...trustEvidence(t) };
  let evidence = baseEvidence.get(t);
  if (!evidence) {
    evidence = {
      principals: entriesEvidence(t.analysis.entries),
      ...(t.analysis.denies.length ? { denyStatements: t.analysis.denies } : {}),
    };
    baseEvidence.set(t, evidence);
  }
  return evidence;
}

/** Key of one principal in one statement, to pick entries out of a document. */
const entryKey = (index: number, type: string, value: string) => `${index}\u0000${type}\u0000${value}`;

/** The trust document with the given principals removed (statements left without any principal are dropped). */
export function withoutPrincipals(doc: PolicyDocument, remove: readonly TrustEntry[]): PolicyDocument {
  const keys = new Set(remove.map((e) => entryKey(e.statement.index, e.type, e.principal)));
  const Statement = doc.Statement.flatMap((st, index): PolicyStatement[] => {
    if (!st.Principal) return [st];
    const principal: Record<string, string[]> = {};
    for (const [type, values] of Object.entries(st.Principal)) {
      const kept = values.filter((v) => !keys.has(entryKey(index, type, v)));
      if (kept.length) principal[type] = kept;
    }
    return Object.keys(principal).length ? [{ ...st, Principal: principal }] : [];
  });
  return { ...doc, Statement };
}

/** The trust document with `condition` merged into the statements at `indexes`. */
export function withCondition(
  doc: PolicyDocument,
  indexes: ReadonlySet<number>,
  condition: Record<string, Record<string, string[]>>,
): PolicyDocument {
  return {
    ...doc,
    Statement: doc.Statement.map((st, index) => {
      if (!indexes.has(index)) return st;
      const merged: Record<string, Record<string, string[]>> = { ...(st.Condition ?? {}) };
      for (const [op, block] of Object.entries(condition)) merged[op] = { ...(merged[op] ?? {}), ...block };
      return { ...st, Condition: merged };
    }),
  };
}

/** update-assume-role-policy with the proposed document. */
export function trustPolicyDraft(roleName: string, doc: PolicyDocument, comment: string): string {
  const file = `${fileName(roleName)}-trust.json`;
  if (doc.Statement.length === 0) {
    // IAM rejects a trust policy without statements: nobody else would trust the role, so deleting it is the fix.
    return draft(
      `# Nothing else trusts ${roleName}: if these principals should not have it, delete the role instead`,
      '# (detach/delete its policies and remove it from instance profiles first):',
      `aws iam delete-role --role-name ${sh(roleName)}`,
    );
  }
  return draft(
    `# ${comment}`,
    `cat > ${sh(file)} <<'POLICY'`,
    json(doc),
    'POLICY',
    `aws iam update-assume-role-policy --role-name ${sh(roleName)} --policy-document ${sh(`file://${file}`)}`,
  );
}
