// Does a statement's Condition really restrict who can use the grant? The risk checks ask this of every Allow: one
// that only works from the corporate network, inside the organization or with MFA is reported as "conditional" (one
// severity lower), not as an unconditional grant. The question is asked from an attacker's side: someone holding
// the principal's credentials, calling from anywhere, without MFA.
//
// A condition restricts when at least one of its terms does. A term does NOT restrict when:
// - its key is one any caller controls or that says nothing about who calls (NON_RESTRICTING_KEYS: transport,
//   region, time, user agent, referer);
// - its operator is negated (StringNotEquals, NotIpAddress, ArnNotLike, ...): it excludes some callers, the rest of
//   the world still matches;
// - it passes when the key is absent: ...IfExists, ForAllValues:..., Null "true";
// - Bool "false" (e.g. aws:MultiFactorAuthPresent false: exactly the stolen-access-key case);
// - every value is only wildcards ("*").
// Everything else (aws:SourceIp, aws:SourceVpc(e), aws:PrincipalOrgID, aws:MultiFactorAuthPresent true, Null
// "false" on aws:MultiFactorAuthAge, aws:ResourceTag/..., iam:PassedToService, service-specific keys, ...) restricts.
// A condition whose only restricting terms are on resource tags (aws:ResourceTag/...: attribute-based access
// control) selects resources rather than callers: conditionScope() calls it 'resources', and effective.ts treats
// such a statement as scoped to specific resources, not as conditional.
// Conditions are classified, not evaluated: evaluate.ts evaluates them against a concrete request.
import type { PolicyStatement } from '../snapshot/snapshot.js';

export type Condition = NonNullable<PolicyStatement['Condition']>;

export interface ConditionTerm {
  operator: string;
  key: string;
  values: string[];
}

/** Keys any caller satisfies (or that do not identify the caller). Compared case-insensitively. */
export const NON_RESTRICTING_KEYS: readonly string[] = [
  'aws:SecureTransport',
  'aws:RequestedRegion',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:UserAgent',
  'aws:Referer',
];

const nonRestrictingKeys = new Set(NON_RESTRICTING_KEYS.map((k) => k.toLowerCase()));

export function termRestricts(t: ConditionTerm): boolean {
  if (nonRestrictingKeys.has(t.key.toLowerCase())) return false;
  const op = t.operator;
  if (/Not/.test(op) || /IfExists$/.test(op) || /^ForAllValues:/i.test(op)) return false;
  const base = op.replace(/^ForAnyValue:/i, '');
  if (/^Null$/i.test(base)) return t.values.some((v) => v.toLowerCase() === 'false');
  if (/^Bool$/i.test(base)) return t.values.some((v) => v.toLowerCase() === 'true');
  return t.values.some((v) => !/^[*?]*$/.test(v));
}

/** The terms of a condition that restrict (empty: the statement applies as if it had no condition). */
export function restrictingTerms(condition: Condition | undefined): ConditionTerm[] {
  if (!condition) return [];
  const out: ConditionTerm[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    for (const [key, values] of Object.entries(block)) {
      const term = { operator, key, values };
      if (termRestricts(term)) out.push(term);
    }
  }
  return out;
}

export function conditionRestricts(condition: Condition | undefined): boolean {
  return restrictingTerms(condition).length > 0;
}

/** aws:ResourceTag/<key> and service keys like ec2:ResourceTag/<key>: they select resources, not callers. */
const RESOURCE_TAG_KEY = /^[a-z0-9-]+:ResourceTag\//i;

/**
 * How a statement's Condition limits it: 'none' (no restricting term), 'resources' (every restricting term is on a
 * resource tag: attribute-based scoping, which selects resources like a Resource ARN does, so the statement counts
 * as scoped rather than conditional), or 'caller' (some term restricts who may call or how).
 */
export function conditionScope(condition: Condition | undefined): 'none' | 'resources' | 'caller' {
  const terms = restrictingTerms(condition);
  if (terms.length === 0) return 'none';
  return terms.every((t) => RESOURCE_TAG_KEY.test(t.key)) ? 'resources' : 'caller';
}
