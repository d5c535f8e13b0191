// Security Hub KMS.1 (customer managed policies) and KMS.2 (inline policies of users, groups and roles): no policy
// allows kms:Decrypt or kms:ReEncryptFrom on all KMS keys (the AWS Config rules iam-customer-policy-blocked-kms-actions
// and iam-inline-policy-blocked-kms-actions, blocked actions kms:Decrypt and kms:ReEncryptFrom; policies used only as
// permissions boundaries are excluded, as the controls' excludePermissionBoundaryPolicy parameter does). "All keys"
// is Resource "*", an ARN pattern covering every key of some or every region and account ("arn:aws:kms:*:*:key/*"),
// or NotResource. Unlike the Config
// rules, which read Resource alone, statements are judged as IAM evaluates the document (everyResourceGrants in
// policy-assume-role-any.ts): a Condition that can never hold, or the policy's own unconditional Deny, takes the
// grant back; a full-admin "*" statement is left to iam.policy.full-admin.
import type { Check, CheckResult } from '../types.js';
import { actionIndex } from '../../policy/action-index.js';
import { cancellationEvidence } from '../../policy/document-denies.js';
import { describeTarget, judgedPolicies, replacementDraft, targetEvidence } from '../util/policy-targets.js';
import { judgedPolicyPopulation } from '../util/populations.js';
import { everyResourceGrants, scopedDraftDocument } from '../util/every-resource-grants.js';

export const DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'] as const;
/** Every key (of every, or one, region and account): the only resource type both actions act on. */
const EVERY_KEY = /^arn:[^:]*:kms:[^:]*:[^:]*:key\/\*+$/;

export const policyKmsDecryptAllKeys: Check = {
  id: 'iam.policy.kms-decrypt-all-keys',
  title: 'Policies do not allow decryption on all KMS keys',
  severity: 'medium',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'permissions'],
  population: judgedPolicyPopulation,
  remediation: 'Allow kms:Decrypt and kms:ReEncryptFrom only on the ARNs of the keys the principal needs (or use a kms:ViaService condition with scoped keys).',
  run: (snap, ctx) => {
    const index = actionIndex(ctx.catalog);
    return judgedPolicies(snap).map((t): CheckResult => {
      const g = everyResourceGrants(t.document, index, ctx.now, DECRYPT_ACTIONS, EVERY_KEY);
      const base = { resourceArn: t.resourceArn, ...(t.detail !== undefined ? { detail: t.detail } : {}) };
      const extra = { ...cancellationEvidence(g.denies, []), ...(g.leftToFullAdmin.length ? { leftToFullAdmin: g.leftToFullAdmin } : {}) };
      if (g.grants.length === 0) {
        return { ...base, status: 'PASS', message: `${describeTarget(t)} allows no KMS decryption on all keys${g.leftToFullAdmin.length ? ' other than through a full-admin statement (judged by iam.policy.full-admin)' : ''}.`, evidence: Object.keys(extra).length ? { ...targetEvidence(t), ...extra } : targetEvidence(t) };
      }
      const actions = DECRYPT_ACTIONS.filter((a) => g.grants.some((s) => s.actions.includes(a)));
      return {
        ...base,
        status: 'FAIL',
        ...(t.severity ? { severity: t.severity } : {}),
        message: `${describeTarget(t)} allows ${actions.join(' and ')} on all KMS keys.`,
        evidence: { ...targetEvidence(t), actions, statements: g.grants, ...extra },
        remediation: replacementDraft(
          t,
          scopedDraftDocument(t.document, new Set(g.grants.map((s) => s.index)), `arn:${snap.partition}:kms:<region>:${snap.accountId}:key/<key-id>`, EVERY_KEY),
          'Draft: name the keys this principal decrypts with (a statement granting other actions too may need splitting).',
        ),
      };
    });
  },
};
