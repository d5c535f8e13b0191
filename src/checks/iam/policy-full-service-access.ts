// Customer managed and inline policies that allow every action of AWS KMS or AWS CloudTrail on every resource: with
// kms:* a principal can change key policies and schedule keys for deletion (making the data they protect unreadable);
// with cloudtrail:* it can stop logging and delete trails, erasing the record of what it does next. Judged on the
// actions the document really grants (through "kms:*", "*", "kms:*Key*" + the rest, or NotAction), as IAM evaluates the
// document alone (everyResourceGrants in policy-assume-role-any.ts: inert statements and the policy's own Denies take
// grants back; a full-admin "*" statement is left to iam.policy.full-admin). iam.policy.wildcard-actions reports the
// "kms:*" spelling for every service; this check reports the outcome, however spelled, for these two.
import type { Check, CheckResult } from '../types.js';
import { actionIndex } from '../../policy/action-index.js';
import { cancellationEvidence } from '../../policy/document-denies.js';
import { describeTarget, judgedPolicies, replacementDraft, targetEvidence } from '../util/policy-targets.js';
import { judgedPolicyPopulation } from '../util/populations.js';
import { everyResourceGrants, scopedDraftDocument } from '../util/every-resource-grants.js';

export const FULL_ACCESS_SERVICES = ['kms', 'cloudtrail'] as const;

export const policyFullServiceAccess: Check = {
  id: 'iam.policy.full-service-access',
  title: 'Policies do not allow every AWS KMS or AWS CloudTrail action on every resource',
  severity: 'high',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'permissions'],
  population: judgedPolicyPopulation,
  remediation:
    'Grant only the KMS (e.g. kms:Decrypt, kms:GenerateDataKey) or CloudTrail (e.g. cloudtrail:LookupEvents) actions the principal needs, on the keys or trails it needs; keep key and trail administration with a few administrator roles.',
  run: (snap, ctx) => {
    const index = actionIndex(ctx.catalog);
    return judgedPolicies(snap).map((t): CheckResult => {
      const base = { resourceArn: t.resourceArn, ...(t.detail !== undefined ? { detail: t.detail } : {}) };
      const full = FULL_ACCESS_SERVICES.flatMap((service) => {
        const all = [...index.pattern(`${service}:*`).ids()].map((id) => index.name(id));
        const g = everyResourceGrants(t.document, index, ctx.now, all);
        const granted = new Set(g.grants.flatMap((s) => s.actions));
        return all.length > 0 && granted.size === all.length ? [{ service, actions: all.length, grants: g }] : [];
      });
      if (full.length === 0) {
        return { ...base, status: 'PASS', message: `${describeTarget(t)} allows neither every KMS nor every CloudTrail action on every resource.`, evidence: targetEvidence(t) };
      }
      const flagged = new Set(full.flatMap((f) => f.grants.grants.map((s) => s.index)));
      const names = full.map((f) => (f.service === 'kms' ? 'AWS KMS' : 'AWS CloudTrail'));
      return {
        ...base,
        status: 'FAIL',
        ...(t.severity ? { severity: t.severity } : {}),
        message: `${describeTarget(t)} allows every ${names.join(' and every ')} action on every resource.`,
        evidence: {
          ...targetEvidence(t),
          services: full.map((f) => ({ service: f.service, actions: f.actions, statements: f.grants.grants.map((s) => ({ index: s.index, ...(s.sid !== undefined ? { sid: s.sid } : {}), ...(s.condition ? { condition: s.condition } : {}) })) })),
          ...cancellationEvidence(full[0]!.grants.denies, []),
        },
        remediation: replacementDraft(
          t,
          scopedDraftDocument(t.document, flagged, '<key or trail ARN>'),
          'Draft: replace the wildcards with the actions and the key or trail ARNs the principal needs.',
        ),
      };
    });
  },
};
