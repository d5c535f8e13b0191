import type { Severity } from '../../vocabulary.js';
import type { AuditReport, ReportFinding } from '../model.js';
import { complianceRefs } from '../compliance-refs.js';
import { arnRegion, resourceKind, type ResourceKind } from '../resource-type.js';

/**
 * OCSF 1.8.0 Detection Finding (class_uid 2004, category 2 Findings), with the `cloud` profile: a JSON array, one
 * event per finding (FAIL and NOT_ASSESSED, suppressed ones included), for a SIEM or Amazon Security Lake.
 * - activity Create (type_uid 200401); time = the report's generatedAt (epoch ms);
 * - finding_info: uid = finding id, title = check title, desc = the message, analytic = the check (type Rule),
 *   tags = the compliance references (name = framework, value = id);
 * - severity_id: info 1, low 2, medium 3, high 4, critical 5;
 * - status_id: 1 New for an open FAIL, 3 Suppressed for a suppressed finding (status_detail = the reason), 99 Other
 *   with status "Not Assessed" for NOT_ASSESSED (no evidence: never reported as resolved);
 * - resources: the ARN (uid), its CloudFormation type, the partition; cloud: provider AWS, account uid and type;
 *   region only when the ARN has one (IAM is global, so usually none);
 * - remediation.desc = the finding's remediation draft; unmapped: the check id, status, detail and evidence.
 */
export const OCSF_VERSION = '1.8.0';
const CLASS_UID = 2004;
const ACTIVITY_CREATE = 1;

const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<Severity, string> = { info: 'Informational', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
const RESOURCE_TYPE: Record<ResourceKind, string> = {
  user: 'AWS::IAM::User',
  role: 'AWS::IAM::Role',
  group: 'AWS::IAM::Group',
  policy: 'AWS::IAM::ManagedPolicy',
  account: 'AWS::Account',
  trail: 'AWS::CloudTrail::Trail',
  organization: 'AWS::Organizations::Organization',
  other: 'Other',
};

function status(finding: ReportFinding): { status_id: number; status: string; status_detail?: string } {
  if (finding.suppressed) return { status_id: 3, status: 'Suppressed', status_detail: finding.suppressed.reason };
  if (finding.status === 'NOT_ASSESSED') return { status_id: 99, status: 'Not Assessed', status_detail: 'The check could not be assessed: no evidence, not a pass.' };
  return { status_id: 1, status: 'New' };
}

export function ocsfFinding(report: AuditReport, finding: ReportFinding) {
  const time = Date.parse(report.generatedAt);
  const region = arnRegion(finding.resourceArn);
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Detection Finding',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Detection Finding: Create',
    time,
    severity_id: SEVERITY_ID[finding.severity],
    severity: SEVERITY_NAME[finding.severity],
    ...status(finding),
    message: finding.message,
    is_alert: finding.status === 'FAIL' && !finding.suppressed,
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      product: { name: report.tool.name, vendor_name: report.tool.name, version: report.tool.version },
      uid: finding.id,
      original_time: report.collectedAt,
    },
    finding_info: {
      uid: finding.id,
      title: finding.title,
      desc: finding.message,
      created_time: time,
      analytic: { uid: finding.checkId, name: finding.title, type_id: 1, type: 'Rule' },
      tags: complianceRefs(finding.compliance).map((r) => ({ name: r.framework, value: r.id })),
    },
    resources: [
      {
        uid: finding.resourceArn,
        type: RESOURCE_TYPE[resourceKind(finding.resourceArn)],
        cloud_partition: report.account.partition,
        ...(region ? { region } : {}),
        ...(finding.detail !== undefined ? { name: finding.detail } : {}),
      },
    ],
    cloud: {
      provider: 'AWS',
      account: { uid: report.account.id, type_id: 10, type: 'AWS Account' },
      cloud_partition: report.account.partition,
      ...(region ? { region } : {}),
    },
    remediation: { desc: finding.remediation },
    unmapped: {
      checkId: finding.checkId,
      status: finding.status,
      ...(finding.detail !== undefined ? { detail: finding.detail } : {}),
      evidence: finding.evidence,
    },
  };
}

export function renderOcsf(report: AuditReport): string {
  return [...renderOcsfChunks(report)].join('');
}

/** A JSON array, one event per piece (and per line). */
export function* renderOcsfChunks(report: AuditReport): Generator<string> {
  if (report.findings.length === 0) {
    yield '[]\n';
    return;
  }
  for (let i = 0; i < report.findings.length; i++) {
    yield `${i ? ',' : '['}\n${JSON.stringify(ocsfFinding(report, report.findings[i]!))}`;
  }
  yield '\n]\n';
}
