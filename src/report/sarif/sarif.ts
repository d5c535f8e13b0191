import type { CheckOutcome } from '../../checks/run.js';
import type { Severity } from '../../vocabulary.js';
import type { AuditReport, ReportFinding } from '../model.js';
import { complianceRefs } from '../compliance-refs.js';

/**
 * SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF viewers:
 * - one run; tool.driver.rules: one rule per check of the report (id = check id, name and shortDescription = the
 *   title, help = the check's remediation, properties: severity, GitHub's `security-severity` score, tags with the
 *   compliance references as `<framework>:<id>`);
 * - results: one per FAIL finding (level from the severity) and one per NOT_ASSESSED finding (kind `review`, level
 *   `none`: it needs a person, it is not a pass); a suppressed finding keeps its result with a SARIF suppression
 *   (kind external, status accepted, the reason), so a viewer shows it as dismissed instead of resolved;
 * - partialFingerprints `hardeningAuditFindingId/v1` = the finding id (check id + resource + detail), stable run
 *   after run, so alerts are tracked across uploads;
 * - the resource ARN is a logical location (kind `resource`). GitHub code scanning also requires a physical location
 *   with `artifactLocation.uri` on every result: there is no source file, so each result points at
 *   `aws-account/<account-id>` (line 1), one stable pseudo-path per account.
 */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'hardeningAuditFindingId/v1';

export interface SarifOptions {
  /** A check's generic remediation (rule help); default: the remediation of its first finding, else its title. */
  remediationOf?: (checkId: string) => string | undefined;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning rejects a SARIF file with more than 20 tags on a rule. */
const MAX_TAGS = 20;
/** GitHub maps security-severity > 9.0 to critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

function rule(check: CheckOutcome, help: string) {
  return {
    id: check.id,
    name: check.title,
    shortDescription: { text: check.title },
    fullDescription: { text: check.title },
    help: { text: help },
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      severity: check.severity,
      'security-severity': SECURITY_SEVERITY[check.severity],
      tags: ['security', ...complianceRefs(check.compliance).map((r) => `${r.framework}:${r.id}`)].slice(0, MAX_TAGS),
    },
  };
}

function result(finding: ReportFinding, ruleIndex: number | undefined, artifactUri: string) {
  const assessed = finding.status === 'FAIL';
  return {
    ruleId: finding.checkId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    kind: assessed ? 'fail' : 'review',
    level: assessed ? LEVEL[finding.severity] : 'none',
    message: { text: assessed ? finding.message : `Not assessed (no evidence, not a pass): ${finding.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: artifactUri }, region: { startLine: 1 } },
        logicalLocations: [{ fullyQualifiedName: finding.resourceArn, kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.id },
    ...(finding.suppressed
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: finding.suppressed.reason }] }
      : {}),
    properties: {
      findingId: finding.id,
      status: finding.status,
      severity: finding.severity,
      resourceArn: finding.resourceArn,
      ...(finding.detail !== undefined ? { detail: finding.detail } : {}),
      remediation: finding.remediation,
      evidence: finding.evidence,
    },
  };
}

export function renderSarif(report: AuditReport, options: SarifOptions = {}): string {
  return [...renderSarifChunks(report, options)].join('');
}

/** The SARIF log in pieces, one result per piece: no string holds a whole large report. */
export function* renderSarifChunks(report: AuditReport, options: SarifOptions = {}): Generator<string> {
  const firstRemediation = new Map<string, string>();
  for (const f of report.findings) if (!firstRemediation.has(f.checkId)) firstRemediation.set(f.checkId, f.remediation);
  const checks = [...report.checks];
  // A finding whose check is not listed still needs its rule (a report edited by hand, an org check).
  const listed = new Set(checks.map((c) => c.id));
  for (const f of report.findings) {
    if (listed.has(f.checkId)) continue;
    listed.add(f.checkId);
    checks.push({ id: f.checkId, title: f.title, severity: f.severity, compliance: f.compliance, status: f.status, evaluated: 0, failed: 0 });
  }
  const rules = checks.map((c) => rule(c, options.remediationOf?.(c.id) ?? firstRemediation.get(c.id) ?? c.title));
  const ruleIndex = new Map(checks.map((c, i) => [c.id, i]));
  const artifactUri = `aws-account/${report.account.id}`;
  const driver = {
    name: report.tool.name,
    version: report.tool.version,
    informationUri: 'https://www.npmjs.com/package/hardening-audit',
    rules,
  };
  const head = { $schema: SARIF_SCHEMA_URI, version: '2.1.0' };
  const run = {
    tool: { driver },
    automationDetails: { id: `hardening-audit/${report.account.id}/` },
    invocations: [{ executionSuccessful: report.summary.notAssessed === 0 && report.gaps.length === 0, endTimeUtc: report.generatedAt }],
    properties: { accountId: report.account.id, partition: report.account.partition, source: report.source, collectedAt: report.collectedAt },
  };
  yield `${JSON.stringify(head).slice(0, -1)},"runs":[${JSON.stringify(run).slice(0, -1)},"results":[`;
  for (let i = 0; i < report.findings.length; i++) {
    const f = report.findings[i]!;
    yield `${i ? ',' : ''}\n${JSON.stringify(result(f, ruleIndex.get(f.checkId), artifactUri))}`;
  }
  yield ']}]}\n';
}
