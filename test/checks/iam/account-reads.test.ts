// The checks of the account-level reads as pure functions of snapshot fixtures, at their boundaries:
// iam.server-certificate.expired, iam.account.identity-federation, iam.account.security-contact,
// iam.access-analyzer.enabled and iam.access-analyzer.tagged.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessAnalyzerEnabled,
  accessAnalyzerTagged,
  accountIdentityFederation,
  accountSecurityContact,
  serverCertificateExpired,
} from '../../../src/checks/iam/index.js';
import { runChecks } from '../../../src/checks/run.js';
import type { Check, CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot, Analyzer } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, NOW, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const judge = (check: Check, snap: AccountSnapshot) => {
  const { outcomes, findings } = runChecks(snap, [check], ctx);
  return { outcome: outcomes[0]!, findings };
};
const cert = (name: string, expiration?: string) => ({ name, id: `ASCA${name}`, arn: `arn:aws:iam::${ACCOUNT}:server-certificate/${name}`, path: '/', ...(expiration ? { expiration } : {}) });
const analyzer = (name: string, region: string, extra: Partial<Analyzer> = {}): Analyzer => ({
  arn: `arn:aws:access-analyzer:${region}:${ACCOUNT}:analyzer/${name}`,
  name,
  type: 'ACCOUNT',
  status: 'ACTIVE',
  region,
  tags: { owner: 'sec' },
  ...extra,
});

describe('iam.server-certificate.expired', () => {
  it('expiring exactly now is expired; a millisecond later is still valid', () => {
    const later = new Date(Date.parse(NOW) + 1).toISOString();
    const r = judge(serverCertificateExpired, snapshot().set('serverCertificates', [cert('now', NOW), cert('later', later)]).build());
    expect(r.outcome).toMatchObject({ status: 'FAIL', evaluated: 2, failed: 1 });
    expect(r.findings.map((f) => f.resourceArn)).toEqual([`arn:aws:iam::${ACCOUNT}:server-certificate/now`]);
    expect(r.findings[0]!.evidence).toMatchObject({ expiration: NOW, daysExpired: 0 });
  });

  it('a certificate without an expiration is NOT_ASSESSED, never valid; an old snapshot without the part too', () => {
    expect(judge(serverCertificateExpired, snapshot().set('serverCertificates', [cert('unknown')]).build()).outcome.status).toBe('NOT_ASSESSED');
    expect(judge(serverCertificateExpired, snapshot().set('serverCertificates', undefined).build()).outcome).toMatchObject({
      status: 'NOT_ASSESSED',
      reason: expect.stringContaining('the snapshot has no IAM server certificates'),
    });
  });

  it('a quoted remediation for a name the shell would split', () => {
    const r = judge(serverCertificateExpired, snapshot().set('serverCertificates', [cert("a b'c", '2020-01-01T00:00:00Z')]).build());
    expect(r.findings[0]!.remediation).toContain(`--server-certificate-name 'a b'\\''c'`);
  });
});

describe('iam.account.identity-federation', () => {
  const fed = (saml: string[] | undefined, oidc: string[] | undefined) =>
    judge(
      accountIdentityFederation,
      snapshot()
        .set('samlProviders', saml?.map((n) => ({ arn: `arn:aws:iam::${ACCOUNT}:saml-provider/${n}` })))
        .set('openIdConnectProviders', oidc?.map((i) => ({ arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${i}` })))
        .build(),
    );

  it('names IAM Identity Center when its AWSSSO_ provider is there, else the SAML providers', () => {
    expect(fed(['Okta', 'AWSSSO_abc_DO_NOT_DELETE'], []).findings).toEqual([]);
    const okta = runChecks(snapshot().set('samlProviders', [{ arn: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` }]).build(), [accountIdentityFederation], ctx);
    expect(okta.outcomes[0]!.status).toBe('PASS');
  });

  it('EKS and CI issuers do not count; another OIDC issuer does', () => {
    expect(fed([], ['oidc.eks.eu-west-1.amazonaws.com/id/ABC', 'gitlab.com']).outcome.status).toBe('FAIL');
    expect(fed([], ['login.example.com']).outcome.status).toBe('PASS');
  });

  it('FAIL is informational; an unknown list without a gap is NOT_ASSESSED, not FAIL', () => {
    const none = fed([], []);
    expect(none.findings[0]).toMatchObject({ status: 'FAIL', severity: 'info' });
    const unknown = fed([], undefined);
    expect(unknown.outcome.status).toBe('NOT_ASSESSED');
    expect(unknown.findings[0]!.message).toContain('the snapshot has no OpenID Connect provider list');
  });
});

describe('iam.account.security-contact', () => {
  it('PASS names the contact; a contact without an email address fails; no contact fails', () => {
    expect(judge(accountSecurityContact, snapshot().build()).outcome.status).toBe('PASS');
    expect(judge(accountSecurityContact, snapshot().set('securityContact', { name: 'Sec' }).build()).findings[0]!.message).toContain('has no email address');
    const none = judge(accountSecurityContact, snapshot().set('securityContact', null).build());
    expect(none.findings[0]).toMatchObject({ status: 'FAIL', resourceArn: `arn:aws:iam::${ACCOUNT}:root`, evidence: { securityContact: null } });
  });

  it('a gap of the part is NOT_ASSESSED with its cause', () => {
    const snap = snapshot().set('securityContact', undefined).gap('securityContact', 'AccessDeniedException', 'account:GetAlternateContact').build();
    expect(judge(accountSecurityContact, snap).outcome).toMatchObject({ status: 'NOT_ASSESSED', reason: expect.stringContaining('account:GetAlternateContact failed: AccessDeniedException') });
  });
});

describe('iam.access-analyzer.enabled and .tagged', () => {
  const part = (regions: string[], analyzers: Analyzer[]) => snapshot().set('accessAnalyzer', { regions, analyzers });

  it('only ACCOUNT and ORGANIZATION analyzers that are ACTIVE count; finding ids differ per region', () => {
    const snap = part(['eu-west-1', 'us-east-1', 'us-west-2'], [
      analyzer('unused', 'eu-west-1', { type: 'ACCOUNT_UNUSED_ACCESS' }),
      analyzer('org', 'us-east-1', { type: 'ORGANIZATION' }),
      analyzer('creating', 'us-west-2', { status: 'CREATING' }),
    ]).build();
    const r = judge(accessAnalyzerEnabled, snap);
    expect(r.outcome).toMatchObject({ status: 'FAIL', evaluated: 3, failed: 2 });
    expect(r.findings.map((f) => f.detail)).toEqual(['eu-west-1', 'us-west-2']);
    expect(r.findings[0]!.message).toContain('it has only analyzers of other types (unused: ACCOUNT_UNUSED_ACCESS)');
    expect(r.findings[1]!.message).toContain('is not active (creating: CREATING)');
    expect(new Set(r.findings.map((f) => f.id)).size).toBe(2);
  });

  it('tags: aws: system tags alone do not count', () => {
    const snap = part(['us-east-1'], [analyzer('a', 'us-east-1', { tags: { 'aws:createdBy': 'x' } }), analyzer('b', 'us-east-1', { tags: { Owner: 'sec' } })]).build();
    const r = judge(accessAnalyzerTagged, snap);
    expect(r.findings.map((f) => [f.resourceArn, f.message])).toEqual([[`arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/a`, 'The analyzer a in us-east-1 has no tag other than system (aws:) tags.']]);
  });

  it('without the part (an old snapshot) both are NOT_ASSESSED', () => {
    const snap = snapshot().set('accessAnalyzer', undefined).build();
    expect(judge(accessAnalyzerEnabled, snap).outcome.status).toBe('NOT_ASSESSED');
    expect(judge(accessAnalyzerTagged, snap).outcome.status).toBe('NOT_ASSESSED');
  });
});
