import type { Severity } from '../../vocabulary.js';
import type { AuditReport, ReportFinding } from '../model.js';
import { complianceRefs } from '../compliance-refs.js';
import { arnPartition, arnRegion, resourceKind, type ResourceKind } from '../resource-type.js';

/**
 * ASFF (AWS Security Finding Format, SchemaVersion 2018-10-08), as Security Hub's BatchImportFindings accepts it: a
 * JSON array of AwsSecurityFinding, one per finding (FAIL and NOT_ASSESSED, suppressed ones included). The tool
 * never imports them itself; README.md gives the command, 100 findings per call.
 * - ProductArn: the account's own custom integration, arn:<partition>:securityhub:<region>:<account>:product/<account>/default.
 *   The report holds no region (IAM is global): the region is the partition's IAM home region (us-east-1,
 *   us-gov-west-1, cn-north-1) unless given; Security Hub takes a finding only in its ProductArn's region.
 * - Id: hardening-audit/<account>/<finding id>: stable, so importing the next run's file updates the same findings.
 * - Severity.Label from the severity; Compliance.Status FAILED (FAIL) or NOT_AVAILABLE (NOT_ASSESSED: the check
 *   could not run, never PASSED), RelatedRequirements from the compliance references; Workflow.Status NEW, or
 *   SUPPRESSED for a suppressed finding; RecordState ACTIVE.
 * - Title, Description and Recommendation.Text are cut to ASFF's limits (256, 1024, 512 characters) with a marker.
 */
export const ASFF_SCHEMA_VERSION = '2018-10-08';
export const ASFF_LIMITS = { title: 256, description: 1024, recommendation: 512, relatedRequirements: 32 } as const;

export interface AsffOptions {
  /** The Security Hub region of the ProductArn; default: the partition's IAM home region. */
  region?: string;
}

const HOME_REGION: Record<string, string> = { aws: 'us-east-1', 'aws-us-gov': 'us-gov-west-1', 'aws-cn': 'cn-north-1' };
const LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' };
const RESOURCE_TYPE: Record<ResourceKind, string> = {
  user: 'AwsIamUser',
  role: 'AwsIamRole',
  group: 'AwsIamGroup',
  policy: 'AwsIamPolicy',
  account: 'AwsAccount',
  trail: 'AwsCloudTrailTrail',
  organization: 'Other',
  other: 'Other',
};
const CUT = '… (truncated: see the JSON report)';

/** At most `max` characters (UTF-16 units, as the API counts), never splitting a surrogate pair; never blank. */
export function capText(text: string, max: number): string {
  const value = text.trim() === '' ? '-' : text;
  if (value.length <= max) return value;
  let cut = value.slice(0, max - CUT.length);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + CUT;
}

export function asffRegion(report: AuditReport, options: AsffOptions = {}): string {
  return options.region ?? HOME_REGION[report.account.partition] ?? 'us-east-1';
}

export function productArn(report: AuditReport, options: AsffOptions = {}): string {
  const { id, partition } = report.account;
  return `arn:${partition}:securityhub:${asffRegion(report, options)}:${id}:product/${id}/default`;
}

export function asffFinding(report: AuditReport, finding: ReportFinding, options: AsffOptions = {}) {
  const account = report.account.id;
  const requirements = complianceRefs(finding.compliance).map((r) => `${r.framework} ${r.id}`);
  const partition = arnPartition(finding.resourceArn);
  const region = arnRegion(finding.resourceArn);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: `hardening-audit/${account}/${finding.id}`,
    ProductArn: productArn(report, options),
    ProductName: 'hardening-audit',
    CompanyName: 'hardening-audit',
    GeneratorId: capText(`hardening-audit/${finding.checkId}`, 512),
    AwsAccountId: account,
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    FirstObservedAt: report.collectedAt,
    LastObservedAt: report.collectedAt,
    CreatedAt: report.generatedAt,
    UpdatedAt: report.generatedAt,
    Severity: { Label: LABEL[finding.severity], Original: finding.severity },
    Title: capText(finding.title, ASFF_LIMITS.title),
    Description: capText(finding.status === 'NOT_ASSESSED' ? `Not assessed (no evidence, not a pass): ${finding.message}` : finding.message, ASFF_LIMITS.description),
    Remediation: { Recommendation: { Text: capText(finding.remediation, ASFF_LIMITS.recommendation) } },
    ProductFields: {
      'hardening-audit/CheckId': capText(finding.checkId, 2048),
      'hardening-audit/FindingId': finding.id,
      'hardening-audit/Status': finding.status,
      ...(finding.suppressed ? { 'hardening-audit/SuppressedReason': capText(finding.suppressed.reason, 2048) } : {}),
    },
    Resources: [
      {
        Type: RESOURCE_TYPE[resourceKind(finding.resourceArn)],
        Id: finding.resourceArn,
        ...(partition ? { Partition: partition } : {}),
        ...(region ? { Region: region } : {}),
      },
    ],
    Compliance: {
      Status: finding.status === 'FAIL' ? 'FAILED' : 'NOT_AVAILABLE',
      ...(requirements.length ? { RelatedRequirements: requirements.slice(0, ASFF_LIMITS.relatedRequirements) } : {}),
    },
    Workflow: { Status: finding.suppressed ? 'SUPPRESSED' : 'NEW' },
    RecordState: 'ACTIVE',
  };
}

export function renderAsff(report: AuditReport, options: AsffOptions = {}): string {
  return [...renderAsffChunks(report, options)].join('');
}

/** A JSON array, one finding per piece (and per line). */
export function* renderAsffChunks(report: AuditReport, options: AsffOptions = {}): Generator<string> {
  if (report.findings.length === 0) {
    yield '[]\n';
    return;
  }
  for (let i = 0; i < report.findings.length; i++) {
    yield `${i ? ',' : '['}\n${JSON.stringify(asffFinding(report, report.findings[i]!, options))}`;
  }
  yield '\n]\n';
}
