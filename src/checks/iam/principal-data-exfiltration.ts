// Data exfiltration and credential exposure: users and roles that can read data or secrets on every resource ("*")
// or call actions whose response carries credentials (src/policy/risk-actions.ts). Effective permissions (boundary
// and explicit Denies applied, src/policy/effective.ts). Reads on named resources (or selected by resource tags) do
// not count.
//
// Severity: high for secrets (Secrets Manager, SSM parameters, kms:Decrypt) or credentials granted unconditionally on
// "*"; medium for other data reads (S3 objects, DynamoDB items); one level lower when every such grant needs a
// restricting condition. Principals with full administrative access are left to iam.policy.full-admin; service-linked
// roles are skipped.
import type { Check, CheckResult } from '../types.js';
import type { Severity } from '../../vocabulary.js';
import { lowerSeverity, maxSeverity, riskAnalysis, type ActionMatch, type PrincipalRisk } from '../../policy/principal-risk.js';
import {
  describePrincipal,
  documentJson,
  fullAdminPass,
  pass,
  grantingStatementsEvidence,
  memo,
  principalEvidence,
  putInlinePolicyDraft,
} from '../util/risk-findings.js';
import { riskCheckInputs } from '../util/populations.js';

const severityOf = (list: ActionMatch[], base: Severity): Severity | undefined =>
  list.length === 0 ? undefined : list.some((a) => a.grant === 'unconditional') ? base : lowerSeverity(base);

const names = (list: ActionMatch[]) => list.map((a) => a.action);

type Listed = { action: string; grant: string }[];
const templates = memo<object, { severity: Severity; tail: string; ids: number[]; lists: { secretReads: Listed; dataReads: Listed; credentials: Listed }; denyJson: string }>();
const listed = (list: ActionMatch[]): Listed => list.map((a) => ({ action: a.action, grant: a.grant }));

function template(r: PrincipalRisk) {
  const { secretReads, dataReads, credentials } = r;
  const severities = [severityOf(secretReads, 'high'), severityOf(credentials, 'high'), severityOf(dataReads, 'medium')].filter((s): s is Severity => s !== undefined);
  const parts = [
    secretReads.length && `read secrets (${names(secretReads).slice(0, 3).join(', ')})`,
    dataReads.length && `read data (${names(dataReads).slice(0, 3).join(', ')})`,
    credentials.length && `obtain credentials (${names(credentials).slice(0, 3).join(', ')})`,
  ].filter((p): p is string => typeof p === 'string');
  const all = [...secretReads, ...credentials, ...dataReads];
  const reads = [...names(secretReads), ...names(dataReads)];
  const statements: Record<string, unknown>[] = [];
  if (reads.length) statements.push({ Sid: 'LimitReadsToNamedResources', Effect: 'Deny', Action: reads, NotResource: ['<arn-of-each-bucket/*-secret-parameter-key-it-needs>'] });
  if (credentials.length) statements.push({ Sid: 'DenyCredentialIssuance', Effect: 'Deny', Action: names(credentials), Resource: '*' });
  return {
    severity: maxSeverity(severities, 'info'),
    tail: `can ${parts.join(', ')} on every resource${all.every((a) => a.grant !== 'unconditional') ? ', under a restricting condition' : ''}.`,
    ids: all.map((a) => a.id),
    lists: { secretReads: listed(secretReads), dataReads: listed(dataReads), credentials: listed(credentials) },
    denyJson: documentJson({ Version: '2012-10-17', Statement: statements }),
  };
}

export const principalDataExfiltration: Check = {
  id: 'iam.principal.data-exfiltration',
  title: 'Users and roles cannot read data, secrets or credentials on every resource',
  severity: 'medium',
  ...riskCheckInputs,
  remediation:
    'Scope data and secret reads (s3:GetObject, secretsmanager:GetSecretValue, ssm:GetParameter*, kms:Decrypt, ...) to the buckets, secrets, parameters and keys the principal needs; drop credential-issuing actions it does not use.',
  run: (snap, ctx) => {
    const { principals } = riskAnalysis(snap, ctx.catalog, ctx.now);
    return principals.map((r): CheckResult => {
      const arn = r.analysis.principal.entity.arn;
      if (r.fullAdmin) return fullAdminPass(r);
      if (r.secretReads.length + r.dataReads.length + r.credentials.length === 0) {
        return pass(r, 'Cannot read data, secrets or credentials on every resource.');
      }
      // The three lists come from one shared risk object: key the template on it.
      const t = templates(r.riskKey, () => template(r));
      const pe = principalEvidence(r);
      return {
        resourceArn: arn,
        status: 'FAIL',
        severity: t.severity,
        message: `The ${describePrincipal(r)} ${t.tail}`,
        evidence: {
          principal: pe.principal,
          secretReads: t.lists.secretReads,
          dataReads: t.lists.dataReads,
          credentials: t.lists.credentials,
          grantingStatements: grantingStatementsEvidence(r, t.ids),
          accessLevelCounts: pe.accessLevelCounts,
        },
        remediation: putInlinePolicyDraft(
          r,
          'limit-data-access',
          t.denyJson,
          'Preferred: scope the granting statements in the evidence. Until then, this Deny limits reads to the named resources (keep ecr:GetAuthorizationToken if the workload pulls container images):',
        ),
      };
    });
  },
};
