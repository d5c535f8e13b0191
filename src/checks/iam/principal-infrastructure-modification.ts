// Infrastructure modification: users and roles that can perform Write or Permissions management actions on every
// resource ("*"), per their effective permissions (boundary and explicit Denies applied, src/policy/effective.ts).
// Left out (src/policy/risk-actions.ts): the log, metric and trace writes every workload needs on "*", and actions
// named like reads that AWS's reference classifies as Write. iam.policy.wildcard-resource-write judges each policy
// document; this check judges what each principal ends up with.
//
// Medium; low when every such grant needs a restricting condition. Principals with full administrative access are
// left to iam.policy.full-admin; service-linked roles are skipped.
import type { Check, CheckResult } from '../types.js';
import type { PermissionProfile } from '../../policy/effective.js';
import { riskAnalysis } from '../../policy/principal-risk.js';
import { describePrincipal, documentJson, fullAdminPass, pass, grantingStatementsEvidence, memo, principalEvidence } from '../util/risk-findings.js';
import { fileName, sh } from '../util/shell.js';
import { riskCheckInputs } from '../util/populations.js';

const templates = memo<PermissionProfile, { tail: string; ids: number[]; boundaryJson: string; evidence: Record<string, unknown> }>();
/** Boundary drafts by the services they name (many profiles share them). */
const boundaryDrafts = new Map<string, string>();

function boundaryJson(services: string[]): string {
  const key = services.join(',');
  let text = boundaryDrafts.get(key);
  if (text === undefined) {
    text = documentJson({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReadEverywhere', Effect: 'Allow', Action: services.flatMap((s) => [`${s}:Describe*`, `${s}:Get*`, `${s}:List*`]), Resource: '*' },
        { Sid: 'WriteOnManagedResources', Effect: 'Allow', Action: services.map((s) => `${s}:*`), Resource: ['<arn-of-each-resource-it-manages>'] },
      ],
    });
    if (boundaryDrafts.size < 10_000) boundaryDrafts.set(key, text);
  }
  return text;
}

export const principalInfrastructureModification: Check = {
  id: 'iam.principal.infrastructure-modification',
  title: 'Users and roles cannot modify every resource',
  severity: 'medium',
  ...riskCheckInputs,
  remediation:
    'Scope Write and Permissions management actions to the resources the principal manages; a permissions boundary can cap what it can ever be granted.',
  run: (snap, ctx) => {
    const { principals, index } = riskAnalysis(snap, ctx.catalog, ctx.now);
    return principals.map((r): CheckResult => {
      const arn = r.analysis.principal.entity.arn;
      if (r.fullAdmin) return fullAdminPass(r);
      const profile = r.analysis.profile;
      const w = profile.broadWrites;
      if (w.anyResource === 0) {
        return pass(r, 'Has no Write or Permissions management action on every resource.');
      }
      const t = templates(profile, () => {
        const pm = w.byLevel['Permissions management'];
        const services = [...new Set(w.sample.map((a) => a.slice(0, a.indexOf(':'))))];
        return {
          tail: `can modify every resource: ${w.byLevel.Write} Write${pm ? ` and ${pm} Permissions management` : ''} action${w.anyResource === 1 ? '' : 's'} on "*"${
            w.free === 0 ? ' under a restricting condition' : w.free < w.anyResource ? ` (${w.free} unconditionally)` : ''
          } (e.g. ${w.sample.slice(0, 3).join(', ')}).`,
          ids: w.sample.map((a) => index.id(a)!),
          boundaryJson: boundaryJson(services),
          evidence: { total: w.anyResource, unconditional: w.free, byLevel: w.byLevel, sample: w.sample },
        };
      });
      const { kind, entity } = r.analysis.principal;
      const boundaryName = `${entity.name}-boundary`;
      const file = `${fileName(boundaryName)}.json`;
      const boundaryArn = `arn:${snap.partition}:iam::${snap.accountId}:policy/${boundaryName}`;
      const pe = principalEvidence(r);
      return {
        resourceArn: arn,
        status: 'FAIL',
        severity: w.free > 0 ? 'medium' : 'low',
        message: `The ${describePrincipal(r)} ${t.tail}`,
        evidence: {
          principal: pe.principal,
          writesOnAnyResource: t.evidence,
          grantingStatements: grantingStatementsEvidence(r, t.ids),
          accessLevelCounts: pe.accessLevelCounts,
        },
        remediation: [
          '# Preferred: scope the granting statements in the evidence to named resources.',
          '# Or cap the principal with a permissions boundary: reads on "*", writes only on the resources it manages. Edit the ARNs, and add the',
          '# other services it uses (aws iam generate-service-last-accessed-details shows which):',
          `cat > ${sh(file)} <<'POLICY'`,
          t.boundaryJson,
          'POLICY',
          `aws iam create-policy --policy-name ${sh(boundaryName)} --policy-document ${sh(`file://${file}`)}`,
          `aws iam put-${kind}-permissions-boundary --${kind}-name ${sh(entity.name)} --permissions-boundary ${sh(boundaryArn)}`,
        ].join('\n'),
      };
    });
  },
};
