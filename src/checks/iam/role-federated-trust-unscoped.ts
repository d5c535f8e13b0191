// Federated trust (SAML, OIDC, web identity) scoped to a tenant. SAML providers and private OIDC issuers are created
// by the account and belong to it; shared issuers (GitHub Actions, GitLab.com, HCP Terraform, Cognito, Google...) mint
// tokens for anyone, so a trust that does not pin the tenant claim (GitHub's `sub` = repo:org/repo:...) lets any of
// their users assume the role. SAML is classified and passes.
import type { Check, CheckResult } from '../types.js';
import type { TrustEntry } from '../../policy/trust.js';
import { issuerOf, issuerTerms, scopedClaimTerms, sharedIssuer } from '../../policy/trust.js';
import { roleTrusts, trustEvidence, trustPolicyDraft, withCondition } from '../util/trust.js';
import { rolesByTrust } from '../util/populations.js';

interface Verdict {
  entry: TrustEntry;
  issuer: string;
  provider?: string;
  problem?: string;
  severity?: 'high' | 'medium';
  claim?: string;
}

function judge(e: TrustEntry): Verdict {
  const issuer = issuerOf(e.principal);
  if (e.class === 'saml') return { entry: e, issuer };
  const shared = sharedIssuer(issuer);
  if (shared) {
    const verdict = { entry: e, issuer, provider: shared.name, claim: shared.claim };
    return scopedClaimTerms(e.condition, issuer, shared.claim).length > 0
      ? verdict
      : { ...verdict, severity: 'high', problem: `no condition pins ${issuer}:${shared.claim} to your ${shared.claim === 'sub' ? 'repository/project' : 'application'}` };
  }
  return issuerTerms(e.condition, issuer).length > 0
    ? { entry: e, issuer }
    : { entry: e, issuer, severity: 'medium', problem: `no condition on any ${issuer}: claim (sub, aud...)`, claim: 'sub' };
}

function draftCondition(v: Verdict): Record<string, Record<string, string[]>> {
  if (v.provider === 'GitHub Actions') {
    return {
      StringEquals: { [`${v.issuer}:aud`]: ['sts.amazonaws.com'] },
      StringLike: { [`${v.issuer}:sub`]: ['repo:<org>/<repo>:ref:refs/heads/<branch>'] },
    };
  }
  const claim = v.claim ?? 'sub';
  return { StringEquals: { [`${v.issuer}:${claim}`]: [`<your-${claim}>`] } };
}

export const roleFederatedTrustUnscoped: Check = {
  id: 'iam.role.federated-trust-unscoped',
  title: 'Federated (OIDC / web identity) trust is scoped to your tenant',
  severity: 'high',
  needs: ['roles'],
  reads: ['identity', 'trust'],
  population: rolesByTrust('roles with a federated trust', (snap) => roleTrusts(snap).filter((t) => t.effective.some((e) => e.type === 'Federated')).map((t) => t.role.arn)),
  remediation:
    'Add a condition on the provider\'s subject claim, e.g. {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:<org>/<repo>:*"}} and {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}.',
  run: (snap) =>
    roleTrusts(snap)
      .filter((t) => t.effective.some((e) => e.type === 'Federated'))
      .map((t): CheckResult => {
        const verdicts = t.effective.filter((e) => e.type === 'Federated').map(judge);
        const federated = verdicts.map((v) => ({
          statement: v.entry.statement,
          principal: v.entry.principal,
          class: v.entry.class,
          issuer: v.issuer,
          ...(v.provider ? { sharedProvider: v.provider } : {}),
          scoped: !v.problem,
          ...(v.problem ? { problem: v.problem } : {}),
        }));
        const bad = verdicts.filter((v) => v.problem);
        if (bad.length === 0) {
          return {
            resourceArn: t.role.arn,
            status: 'PASS',
            message: `${t.role.name}'s federated trust is limited to the account's own identity provider or a pinned tenant.`,
            evidence: trustEvidence(t, { federated }),
          };
        }
        const proposed = bad.reduce(
          (doc, v) => withCondition(doc, new Set([v.entry.statement.index]), draftCondition(v)),
          t.role.assumeRolePolicy,
        );
        return {
          resourceArn: t.role.arn,
          status: 'FAIL',
          severity: bad.some((v) => v.severity === 'high') ? 'high' : 'medium',
          message: `${t.role.name} trusts ${bad.map((v) => v.provider ?? v.issuer).join(', ')} with ${bad.map((v) => v.problem).join('; ')}.`,
          evidence: trustEvidence(t, { federated }),
          remediation: trustPolicyDraft(
            t.role.name,
            proposed,
            'Draft: pin the token claims to your repository/branch (or app/project); fill in the placeholders.',
          ),
        };
      }),
};
