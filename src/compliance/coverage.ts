// How much of a control the checks that decide it verify. A control is PASS only when its checks verify every part
// of its requirement, at the control's own values, and held; otherwise the best it can be is PARTIAL (index.ts).
import type { Thresholds } from '../vocabulary.js';
import type { ReportFinding } from '../report/model.js';
import type { ControlThreshold, ScopeName } from './catalogue.js';

// Scope predicates read the evidence the checks record. They leave a finding out only when its evidence says it is
// outside the control; a finding whose evidence does not say counts (unknown never turns a FAIL into a PASS).

type PolicyEvidence = { type?: unknown; awsManaged?: unknown } | undefined;

export const SCOPES: Readonly<Record<ScopeName, (finding: ReportFinding) => boolean>> = {
  /** Not a finding on an AWS managed or inline policy (iam.policy.full-admin evidence: `policy: {type, awsManaged}`). */
  'not-aws-managed-or-inline': (f) => {
    const p = f.evidence.policy as PolicyEvidence;
    return !(p?.awsManaged === true || p?.type === 'inline');
  },
  /** Not a finding on an inline policy (iam.policy.* evidence from policy-targets.ts: `policyType`). */
  'not-inline-policy': (f) => f.evidence.policyType !== 'inline',
  /** Not a finding on a policy attached to nothing (the unattached-policy findings carry attachmentCount 0). */
  'not-attached-to-nothing': (f) => f.evidence.attachmentCount !== 0,
  /** Customer managed policies: not a finding the evidence places on an inline or AWS managed policy (either shape). */
  'customer-managed-policy': (f) => {
    const p = f.evidence.policy as PolicyEvidence;
    return !(f.evidence.policyType === 'inline' || p?.type === 'inline' || p?.awsManaged === true);
  },
  /** Inline policies: not a finding the evidence places on a managed policy (either shape). */
  'inline-policy': (f) => {
    const p = f.evidence.policy as PolicyEvidence;
    return !(f.evidence.policyType === 'customer-managed' || p?.type === 'managed');
  },
};

/** How the run's threshold compares with the control's value. */
export function thresholdFit(t: ControlThreshold, run: Thresholds): 'same' | 'looser' | 'stricter' {
  const v = run[t.threshold];
  if (v === t.required) return 'same';
  const higher = v > t.required;
  return higher === (t.stricter === 'higher') ? 'stricter' : 'looser';
}
