// How much of a control the checks that map to it verify. A control is PASS only when its checks verify every part of
// its requirement, at the control's own values, and held; otherwise the best it can be is PARTIAL (index.ts).
import type { Thresholds } from '../vocabulary.js';
import type { ReportFinding } from '../report/model.js';

/** A threshold a mapped check uses, and the value the control itself prescribes. */
export interface ControlThreshold {
  check: string;
  threshold: keyof Thresholds;
  /** The control's value. */
  required: number;
  /** Which way is stricter: 'higher' for a minimum (password length), 'lower' for a maximum (key age in days). */
  stricter: 'higher' | 'lower';
}

export interface ControlCoverage {
  /** What the mapped checks verify of the control. */
  checked: string;
  /** What of the control's requirement no mapped check verifies. Present: the control is at best PARTIAL. */
  notChecked?: string;
  /**
   * The control's own values for thresholds its checks take from the run. A run with a looser value proves only part
   * (PARTIAL when the check held); a stricter one proves a PASS but not a FAIL (NOT_ASSESSED when the check failed).
   */
  thresholds?: readonly ControlThreshold[];
  /** The control judges fewer resources than its checks: only the FAIL findings this accepts count against it. */
  inScope?: (finding: ReportFinding) => boolean;
  /** Which findings inScope leaves out, in words (for the reason). */
  outOfScope?: string;
}

// Scope predicates read the evidence the checks record. They leave a finding out only when its evidence says it is
// outside the control; a finding whose evidence does not say counts (unknown never turns a FAIL into a PASS).

type PolicyEvidence = { type?: unknown; awsManaged?: unknown } | undefined;

/** Not a finding on an AWS managed or inline policy (iam.policy.full-admin evidence: `policy: {type, awsManaged}`). */
export const notAwsManagedOrInline = (f: ReportFinding): boolean => {
  const p = f.evidence.policy as PolicyEvidence;
  return !(p?.awsManaged === true || p?.type === 'inline');
};

/** Not a finding on an inline policy (iam.policy.* evidence from policy-targets.ts: `policyType`). */
export const notInlinePolicy = (f: ReportFinding): boolean => f.evidence.policyType !== 'inline';

/** Not a finding on a policy attached to nothing (the unattached-policy findings carry attachmentCount 0). */
export const notUnattachedPolicy = (f: ReportFinding): boolean => f.evidence.attachmentCount !== 0;

/** How the run's threshold compares with the control's value. */
export function thresholdFit(t: ControlThreshold, run: Thresholds): 'same' | 'looser' | 'stricter' {
  const v = run[t.threshold];
  if (v === t.required) return 'same';
  const higher = v > t.required;
  return higher === (t.stricter === 'higher') ? 'stricter' : 'looser';
}
