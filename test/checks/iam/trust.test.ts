import { beforeAll, describe, expect, it } from 'vitest';
import {
  roleCrossAccountWithoutExternalId,
  roleExternalTrust,
  roleFederatedTrustUnscoped,
  rolePublicTrust,
} from '../../../src/checks/index.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { analyzeTrust } from '../../../src/policy/trust.js';
import { normalizePolicyDocument } from '../../../src/policy/normalize.js';
import { ACCOUNT, context, OTHER_ACCOUNT, snapshot } from '../../fixtures/snapshot-builder.js';
import { fails, resultFor, run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const trust = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements.length === 1 ? statements[0] : statements });
const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

describe('trust classification', () => {
  it('classifies every principal type in evidence', () => {
    const doc = normalizePolicyDocument(
      trust(
        allow({
          AWS: [`arn:aws:iam::${ACCOUNT}:role/admin`, `arn:aws:iam::${OTHER_ACCOUNT}:root`, '777755556666', 'AROAEXAMPLEDELETED00'],
          Service: 'lambda.amazonaws.com',
        }),
        { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` }, Action: 'sts:AssumeRoleWithSAML' },
        { Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'sts:TagSession' },
      ),
    );
    const a = analyzeTrust(doc, ACCOUNT);
    expect(a.entries.map((e) => [e.principal.replace(/^arn:aws:iam::/, ''), e.class, e.accountId])).toEqual([
      [`${ACCOUNT}:role/admin`, 'same-account', ACCOUNT],
      [`${OTHER_ACCOUNT}:root`, 'external-account', OTHER_ACCOUNT],
      ['777755556666', 'external-account', '777755556666'],
      ['AROAEXAMPLEDELETED00', 'unknown', undefined],
      ['lambda.amazonaws.com', 'service', undefined],
      [`${ACCOUNT}:saml-provider/Okta`, 'saml', undefined],
      ['cognito-identity.amazonaws.com', 'web-identity', undefined],
    ]);
  });

  it('lets an unconditional Deny remove a principal but not a conditional one', () => {
    const doc = normalizePolicyDocument(
      trust(
        allow({ AWS: [`arn:aws:iam::${OTHER_ACCOUNT}:root`, '999988887777'] }),
        { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'sts:*' },
        { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ),
    );
    const a = analyzeTrust(doc, ACCOUNT);
    expect(a.entries.map((e) => [e.principal, e.deniedBy ?? null])).toEqual([
      [`arn:aws:iam::${OTHER_ACCOUNT}:root`, [{ index: 1 }]],
      ['999988887777', null],
    ]);
    expect(a.denies).toHaveLength(2);
  });

  it('treats Deny + NotPrincipal as denying everyone not listed', () => {
    const doc = normalizePolicyDocument(
      trust(allow({ AWS: ['999988887777', OTHER_ACCOUNT] }), {
        Effect: 'Deny',
        NotPrincipal: { AWS: OTHER_ACCOUNT },
        Action: 'sts:AssumeRole',
      }),
    );
    expect(analyzeTrust(doc, ACCOUNT).entries.map((e) => [e.principal, !!e.deniedBy])).toEqual([
      ['999988887777', true],
      [OTHER_ACCOUNT, false],
    ]);
  });
});

describe('iam.role.external-trust', () => {
  it('fails a role trusted by another account (ARN or bare id), with a draft removing it', () => {
    const snap = snapshot()
      .role('vendor', { trust: trust(allow({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, { Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } })) })
      .role('bare', { trust: trust(allow({ AWS: OTHER_ACCOUNT })) })
      .role('local', { trust: trust(allow({ AWS: `arn:aws:iam::${ACCOUNT}:root` })) })
      .role('svc')
      .build();
    const r = run(roleExternalTrust, snap, ctx);
    expect(r.map((x) => [x.resourceArn.split('/').pop(), x.status])).toEqual([
      ['vendor', 'FAIL'],
      ['bare', 'FAIL'],
      ['local', 'PASS'],
      ['svc', 'PASS'],
    ]);
    const vendor = resultFor(r, 'role/vendor');
    expect(vendor.evidence.externalAccounts).toEqual([OTHER_ACCOUNT]);
    // vendor trusts nobody else: an empty trust policy is invalid, so the draft deletes the role instead.
    expect(vendor.remediation).toContain('aws iam delete-role --role-name vendor');
    expect(vendor.remediation).not.toContain('update-assume-role-policy');
    // The Service principal is classified as such, not flagged.
    expect(resultFor(r, 'role/svc').evidence.principals).toEqual([
      { statement: { index: 0 }, type: 'Service', principal: 'ec2.amazonaws.com', class: 'service', actions: ['sts:AssumeRole'] },
    ]);
  });

  it('drafts a trust policy that keeps the same-account and service principals', () => {
    const snap = snapshot()
      .role('mixed', { trust: trust(allow({ AWS: [`arn:aws:iam::${ACCOUNT}:role/ci`, `arn:aws:iam::${OTHER_ACCOUNT}:root`], Service: 'ec2.amazonaws.com' })) })
      .build();
    const [r] = run(roleExternalTrust, snap, ctx);
    expect(r!.remediation).toContain('aws iam update-assume-role-policy --role-name mixed --policy-document file://mixed-trust.json');
    const json = r!.remediation!.slice(r!.remediation!.indexOf('{'), r!.remediation!.lastIndexOf('}') + 1);
    expect(JSON.parse(json).Statement[0].Principal).toEqual({ AWS: [`arn:aws:iam::${ACCOUNT}:role/ci`], Service: ['ec2.amazonaws.com'] });
  });

  it('skips service-linked roles (AWS owns their trust)', () => {
    const snap = snapshot().serviceLinkedRole('AWSServiceRoleForSupport', 'support.amazonaws.com').build();
    expect(run(roleExternalTrust, snap, ctx)).toEqual([]);
  });
});

describe('iam.role.public-trust', () => {
  it('fails Principal "*" given as a plain string, with no condition', () => {
    const snap = snapshot().role('open', { trust: JSON.stringify(trust(allow('*'))) }).build();
    const [r] = run(rolePublicTrust, snap, ctx);
    expect(r).toMatchObject({ status: 'FAIL' });
    expect(r!.evidence.principals).toEqual([
      { statement: { index: 0 }, type: 'AWS', principal: '*', class: 'public', actions: ['sts:AssumeRole'] },
    ]);
    expect(r!.remediation).toContain('"aws:PrincipalOrgID"');
  });

  it('passes Principal "*" restricted by aws:PrincipalOrgID', () => {
    const snap = snapshot()
      .role('org', { trust: trust(allow({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })) })
      .build();
    const [r] = run(rolePublicTrust, snap, ctx);
    expect(r!.status).toBe('PASS');
    expect(r!.evidence.restrictingConditions).toEqual([
      { statement: { index: 0 }, terms: [{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-abc123'] }] },
    ]);
  });

  it('does not accept conditions that do not restrict: negated, IfExists, wildcard-only values, unrelated keys', () => {
    const cases = [
      { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } },
      { StringLike: { 'aws:PrincipalArn': '*' } },
      { Bool: { 'aws:SecureTransport': 'true' } },
    ];
    const b = snapshot();
    cases.forEach((Condition, i) => {
      b.role(`r${i}`, { trust: trust(allow('*', { Condition })) });
    });
    expect(run(rolePublicTrust, b.build(), ctx).map((r) => r.status)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL']);
  });

  it('treats Allow + NotPrincipal as everyone-but and an unconditional Deny as closing it', () => {
    const snap = snapshot()
      .role('notprincipal', { trust: trust({ Effect: 'Allow', NotPrincipal: { AWS: OTHER_ACCOUNT }, Action: 'sts:AssumeRole' }) })
      .role('denied', { trust: trust(allow('*'), { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }) })
      .build();
    const r = run(rolePublicTrust, snap, ctx);
    expect(resultFor(r, 'role/notprincipal').status).toBe('FAIL');
    expect(resultFor(r, 'role/notprincipal').evidence.principals).toMatchObject([{ principal: '*', notPrincipal: { AWS: [OTHER_ACCOUNT] } }]);
    expect(resultFor(r, 'role/denied').status).toBe('PASS');
  });

  it('ignores statements that grant no assume action', () => {
    const snap = snapshot()
      .role('tag-only', { trust: trust({ Effect: 'Allow', Principal: '*', Action: 'sts:TagSession' }) })
      .build();
    expect(run(rolePublicTrust, snap, ctx)[0]!.status).toBe('PASS');
  });
});

describe('iam.role.cross-account-without-external-id', () => {
  it('fails external principals without sts:ExternalId and passes those with it', () => {
    const snap = snapshot()
      .role('no-id', { trust: trust(allow({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/deployer` })) })
      .role('with-id', { trust: trust(allow({ AWS: OTHER_ACCOUNT }, { Condition: { StringEquals: { 'sts:ExternalId': 'f00' } } })) })
      .role('local', { trust: trust(allow({ AWS: ACCOUNT })) })
      .build();
    const r = run(roleCrossAccountWithoutExternalId, snap, ctx);
    expect(r.map((x) => [x.resourceArn.split('/').pop(), x.status])).toEqual([
      ['no-id', 'FAIL'],
      ['with-id', 'PASS'],
    ]);
    const f = fails(r)[0]!;
    expect(f.message).toBe(`no-id trusts ${OTHER_ACCOUNT} without requiring an sts:ExternalId.`);
    expect(f.remediation).toContain('"sts:ExternalId": [\n');
  });
});

describe('iam.role.federated-trust-unscoped', () => {
  const gha = (condition?: unknown) =>
    trust({
      Effect: 'Allow',
      Principal: { Federated: GITHUB },
      Action: 'sts:AssumeRoleWithWebIdentity',
      ...(condition ? { Condition: condition } : {}),
    });

  it('fails a GitHub OIDC trust without a sub condition (aud alone is not enough), at high', () => {
    const snap = snapshot()
      .role('gha', { trust: gha({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }) })
      .build();
    const [r] = run(roleFederatedTrustUnscoped, snap, ctx);
    expect(r).toMatchObject({ status: 'FAIL', severity: 'high' });
    expect(r!.message).toContain('GitHub Actions');
    expect(r!.evidence.federated).toEqual([
      {
        statement: { index: 0 },
        principal: GITHUB,
        class: 'oidc',
        issuer: 'token.actions.githubusercontent.com',
        sharedProvider: 'GitHub Actions',
        scoped: false,
        problem: 'no condition pins token.actions.githubusercontent.com:sub to your repository/project',
      },
    ]);
    expect(r!.remediation).toContain('"token.actions.githubusercontent.com:sub": [\n');
  });

  it('fails a sub pinned to any repository ("repo:*") and passes one pinned to a repository', () => {
    const snap = snapshot()
      .role('any-repo', { trust: gha({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } }) })
      .role('pinned', { trust: gha({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' } }) })
      .build();
    const r = run(roleFederatedTrustUnscoped, snap, ctx);
    expect(resultFor(r, 'role/any-repo').status).toBe('FAIL');
    expect(resultFor(r, 'role/pinned').status).toBe('PASS');
  });

  it('classifies SAML as the account\'s own provider (pass) and judges private OIDC issuers by any claim condition', () => {
    const eks = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123`;
    const snap = snapshot()
      .role('saml', { trust: trust({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }) })
      .role('eks-open', { trust: trust({ Effect: 'Allow', Principal: { Federated: eks }, Action: 'sts:AssumeRoleWithWebIdentity' }) })
      .role('eks-scoped', { trust: trust({ Effect: 'Allow', Principal: { Federated: eks }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub': 'system:serviceaccount:app:web' } } }) })
      .role('no-federation')
      .build();
    const r = run(roleFederatedTrustUnscoped, snap, ctx);
    expect(r.map((x) => [x.resourceArn.split('/').pop(), x.status, x.severity])).toEqual([
      ['saml', 'PASS', undefined],
      ['eks-open', 'FAIL', 'medium'],
      ['eks-scoped', 'PASS', undefined],
    ]);
  });

  it('fails a Cognito identity pool trust without an aud condition', () => {
    const snap = snapshot()
      .role('cognito', { trust: trust({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }) })
      .build();
    expect(run(roleFederatedTrustUnscoped, snap, ctx)[0]).toMatchObject({ status: 'FAIL', severity: 'high' });
  });
});
