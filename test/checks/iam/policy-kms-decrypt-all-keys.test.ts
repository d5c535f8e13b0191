// iam.policy.kms-decrypt-all-keys (Security Hub KMS.1 customer managed, KMS.2 inline): kms:Decrypt / kms:ReEncryptFrom
// on all keys.
import { beforeAll, describe, expect, it } from 'vitest';
import { policyKmsDecryptAllKeys } from '../../../src/checks/iam/policy-kms-decrypt-all-keys.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const judge = (snap: AccountSnapshot) => {
  const { outcomes, findings } = runChecks(snap, [policyKmsDecryptAllKeys], ctx);
  return { outcome: outcomes[0]!, findings };
};
const withPolicy = (document: unknown) => snapshot().managedPolicy('Keys', document).role('app', { managed: ['Keys'] }).build();

describe('iam.policy.kms-decrypt-all-keys', () => {
  it.each([['kms:Decrypt', '*'], ['kms:ReEncrypt*', '*'], ['kms:*', 'arn:aws:kms:*:*:key/*'], ['kms:Decrypt', `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`]])(
    'fails %s on %s',
    (action, resource) => {
      const r = judge(withPolicy(doc({ Effect: 'Allow', Action: action, Resource: resource })));
      expect(r.outcome.status).toBe('FAIL');
      expect(r.findings[0]!.evidence.policyType).toBe('customer-managed');
      expect(r.findings[0]!.remediation).toContain(`arn:aws:kms:<region>:${ACCOUNT}:key/<key-id>`);
    },
  );

  it('names which decryption actions are allowed', () => {
    const r = judge(withPolicy(doc({ Effect: 'Allow', Action: ['kms:ReEncryptFrom', 'kms:Encrypt'], Resource: '*' })));
    expect(r.findings[0]!.message).toContain('allows kms:ReEncryptFrom on all KMS keys');
    expect(r.findings[0]!.evidence.actions).toEqual(['kms:ReEncryptFrom']);
  });

  it('passes keys named by ARN, encryption-only grants, and decryption the policy denies on every key', () => {
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }))).outcome.status).toBe('PASS');
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: '*' }))).outcome.status).toBe('PASS');
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: ['kms:Decrypt', 'kms:ReEncryptFrom'], Resource: '*' }))).outcome.status).toBe('PASS');
  });

  it('judges inline policies (KMS.2) on their principal', () => {
    const r = judge(snapshot().group('ops', { inline: { Unseal: doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) } }).build());
    expect(r.findings[0]).toMatchObject({ resourceArn: `arn:aws:iam::${ACCOUNT}:group/ops`, detail: 'Unseal', evidence: { policyType: 'inline' } });
  });

  it('is NOT_APPLICABLE without customer managed or inline policies, NOT_ASSESSED when the policies could not be read', () => {
    expect(judge(snapshot().role('app').build()).outcome.status).toBe('NOT_APPLICABLE');
    expect(judge(snapshot().managedPolicy('Keys', doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' })).gap('policies', 'AccessDenied', 'iam:GetAccountAuthorizationDetails').build()).outcome.status).toBe('NOT_ASSESSED');
  });
});
