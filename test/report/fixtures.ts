// Hand-built AuditReport objects for the renderer tests.
import type { CheckOutcome } from '../../src/checks/run.js';
import { findingId } from '../../src/checks/run.js';
import { DEFAULT_THRESHOLDS, SEVERITIES, type Compliance, type Finding, type Severity } from '../../src/checks/types.js';
import { buildCompliance } from '../../src/compliance/index.js';
import { REPORT_VERSION, type AuditReport, type ReportFinding, type ReportSummary } from '../../src/report/model.js';
import type { Gap } from '../../src/snapshot.js';
import { applySuppressions, type Suppressions } from '../../src/suppressions.js';

export const ACCOUNT = '123456789012';
const arn = (resource: string) => `arn:aws:iam::${ACCOUNT}:${resource}`;
const ROOT = arn('root');

interface CheckDef {
  id: string;
  title: string;
  severity: Severity;
  compliance: Compliance;
  remediation: string;
}

export interface FailDef {
  resourceArn: string;
  message: string;
  detail?: string;
  severity?: Severity;
  evidence: Record<string, unknown>;
  remediation?: string;
}

export function fail(check: CheckDef, f: FailDef): Finding {
  return {
    id: findingId(check.id, f.resourceArn, f.detail),
    checkId: check.id,
    title: check.title,
    severity: f.severity ?? check.severity,
    status: 'FAIL',
    resourceArn: f.resourceArn,
    ...(f.detail !== undefined ? { detail: f.detail } : {}),
    message: f.message,
    evidence: f.evidence,
    remediation: f.remediation ?? check.remediation,
    compliance: check.compliance,
  };
}

/** The same shape runChecks() gives a check whose inputs are in a gap. */
export function notAssessed(check: CheckDef, gaps: Gap[]): { outcome: CheckOutcome; finding: Finding } {
  const reason = gaps.map((g) => `${g.api} failed: ${g.error}${g.message ? ` (${g.message})` : ''}`).join('; ');
  return {
    outcome: { ...base(check), status: 'NOT_ASSESSED', evaluated: 0, failed: 0, reason },
    finding: {
      id: findingId(check.id, ROOT, 'not-assessed'),
      checkId: check.id,
      title: check.title,
      severity: check.severity,
      status: 'NOT_ASSESSED',
      resourceArn: ROOT,
      message: `Not assessed: ${reason}`,
      evidence: { gaps },
      remediation: 'Grant the auditor the read permissions in policies/auditor-policy.json and run the audit again.',
      compliance: check.compliance,
    },
  };
}

const base = (c: CheckDef) => ({ id: c.id, title: c.title, severity: c.severity, compliance: c.compliance });

export function outcome(check: CheckDef, evaluated: number, failed: number): CheckOutcome {
  return { ...base(check), status: failed > 0 ? 'FAIL' : 'PASS', evaluated, failed };
}

export function summarize(checks: CheckOutcome[], findings: ReportFinding[]): ReportSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.status === 'FAIL' && !f.suppressed) bySeverity[f.severity]++;
  return {
    bySeverity,
    failed: findings.filter((f) => f.status === 'FAIL' && !f.suppressed).length,
    notAssessed: findings.filter((f) => f.status === 'NOT_ASSESSED' && !f.suppressed).length,
    suppressed: findings.filter((f) => f.suppressed).length,
    checks: {
      total: checks.length,
      passed: checks.filter((c) => c.status === 'PASS').length,
      failed: checks.filter((c) => c.status === 'FAIL').length,
      notAssessed: checks.filter((c) => c.status === 'NOT_ASSESSED').length,
      notApplicable: checks.filter((c) => c.status === 'NOT_APPLICABLE').length,
    },
  };
}

export function assemble(checks: CheckOutcome[], findings: ReportFinding[], gaps: Gap[], extra: Partial<AuditReport> = {}): AuditReport {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const sorted = [...findings].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || a.checkId.localeCompare(b.checkId) || a.resourceArn.localeCompare(b.resourceArn),
  );
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'hardening-audit', version: '0.1.0' },
    generatedAt: '2025-11-24T09:15:02.118Z',
    account: { id: ACCOUNT, partition: 'aws', callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/SecurityAuditor/ci-audit` },
    source: 'live',
    collectedAt: '2025-11-24T09:14:41.503Z',
    credentialReportGeneratedAt: '2025-11-24T08:02:17.000Z',
    thresholds: { ...DEFAULT_THRESHOLDS },
    summary: summarize(checks, sorted),
    checks,
    findings: sorted,
    gaps,
    compliance: buildCompliance({ checks, findings: sorted }),
    ...extra,
  };
}

// ----------------------------------------------------------------------------------------------------------------
// A realistic report: findings of every severity, a passing check, and checks NOT_ASSESSED because the credential
// report could not be generated (AccessDenied).

export const C = {
  rootKeys: {
    id: 'iam.root.access-keys',
    title: 'Root user has no access keys',
    severity: 'critical',
    compliance: { cis: ['1.4'], securityHub: ['IAM.4'] },
    remediation: 'Sign in as root, open Security credentials and delete the root access keys.',
  },
  adminPolicy: {
    id: 'iam.policy.full-admin',
    title: 'No customer policy grants full "*:*" administrative privileges',
    severity: 'critical',
    compliance: { cis: ['1.16'], securityHub: ['IAM.1'] },
    remediation: 'Replace "Action": "*" on "Resource": "*" with the actions the principals need.',
  },
  trustAny: {
    id: 'iam.role.trust-any-principal',
    title: 'Role trust policies do not allow any principal',
    severity: 'high',
    compliance: { securityHub: ['IAM.21'] },
    remediation: 'Restrict the Principal of the trust policy to named accounts or roles and add conditions.',
  },
  agentEscalation: {
    id: 'agent.role.privilege-escalation',
    title: 'AI agent roles cannot escalate their own privileges',
    severity: 'high',
    compliance: {},
    remediation: 'Remove iam:PassRole, iam:PutRolePolicy and iam:AttachRolePolicy from the agent role.',
  },
  consoleMfa: {
    id: 'iam.user.console-without-mfa',
    title: 'Console users have MFA',
    severity: 'high',
    compliance: { cis: ['1.10'], securityHub: ['IAM.5'] },
    remediation: 'Enable a virtual or hardware MFA device for the user, or remove the console password.',
  },
  keyRotation: {
    id: 'iam.user.access-key-rotation',
    title: 'Access keys are rotated every 90 days',
    severity: 'medium',
    compliance: { cis: ['1.14'], securityHub: ['IAM.3'] },
    remediation: 'Create a new access key, switch the workload to it, then deactivate and delete the old key.',
  },
  userPolicies: {
    id: 'iam.user.direct-policies',
    title: 'Users receive permissions only through groups',
    severity: 'medium',
    compliance: { cis: ['1.15'], securityHub: ['IAM.2'] },
    remediation: 'Move the permissions to a group and add the user to it.',
  },
  passwordPolicy: {
    id: 'iam.account.password-policy',
    title: 'The password policy meets CIS length and reuse requirements',
    severity: 'medium',
    compliance: { cis: ['1.8', '1.9'], securityHub: ['IAM.15', 'IAM.16'] },
    remediation: 'aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24',
  },
  unusedRoles: {
    id: 'iam.role.unused',
    title: 'Roles unused for 90 days are removed',
    severity: 'low',
    compliance: {},
    remediation: 'Confirm the role is not needed, then delete it.',
  },
  emptyGroups: {
    id: 'iam.group.empty',
    title: 'Groups have members',
    severity: 'low',
    compliance: {},
    remediation: 'Delete groups without members.',
  },
  unattached: {
    id: 'iam.policy.unattached',
    title: 'Customer managed policies are attached',
    severity: 'info',
    compliance: {},
    remediation: 'Delete customer managed policies that nothing uses.',
  },
  rootMfa: {
    id: 'iam.root.mfa',
    title: 'Root user has MFA',
    severity: 'critical',
    compliance: { cis: ['1.5'], securityHub: ['IAM.9'] },
    remediation: 'Enable MFA for the root user.',
  },
  supportRole: {
    id: 'iam.account.support-role',
    title: 'A support role exists for incident management',
    severity: 'low',
    compliance: { cis: ['1.17'], securityHub: ['IAM.18'] },
    remediation: 'Create a role with the AWSSupportAccess managed policy.',
  },
} satisfies Record<string, CheckDef>;

export const CREDENTIAL_REPORT_GAP: Gap = {
  part: 'credentialReport',
  api: 'iam:GenerateCredentialReport',
  error: 'AccessDenied',
  message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/SecurityAuditor/ci-audit is not authorized to perform: iam:GenerateCredentialReport`,
};

export function sampleReport(): AuditReport {
  const findings: Finding[] = [
    fail(C.rootKeys, {
      resourceArn: ROOT,
      message: 'The root user has an active access key (last used 3 days ago).',
      evidence: { accessKey1Active: true, accessKey1LastUsed: '2025-11-21T17:40:00Z', lastUsedService: 'ec2' },
    }),
    fail(C.adminPolicy, {
      resourceArn: arn('policy/LegacyAdmins'),
      message: 'Policy LegacyAdmins allows every action on every resource (statement "AllowAll").',
      detail: 'AllowAll',
      evidence: {
        attachmentCount: 3,
        statement: { Sid: 'AllowAll', Effect: 'Allow', Action: ['*'], Resource: ['*'] },
      },
      remediation: [
        'aws iam create-policy-version --policy-arn arn:aws:iam::123456789012:policy/LegacyAdmins --set-as-default \\',
        '  --policy-document file://least-privilege.json',
      ].join('\n'),
    }),
    fail(C.adminPolicy, {
      resourceArn: arn('policy/ci/DeployEverything'),
      message: 'Policy DeployEverything allows every action on every resource (statement "Deploy").',
      detail: 'Deploy',
      evidence: { attachmentCount: 1, statement: { Sid: 'Deploy', Effect: 'Allow', Action: ['*'], Resource: ['*'] } },
    }),
    fail(C.trustAny, {
      resourceArn: arn('role/cross-account-readonly'),
      message: 'Role cross-account-readonly can be assumed by any AWS principal ("Principal": {"AWS": "*"}) without conditions.',
      evidence: {
        statement: { Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['sts:AssumeRole'] },
      },
      remediation: JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::210987654321:root' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': 'REPLACE-ME' } },
            },
          ],
        },
        null,
        2,
      ),
    }),
    fail(C.trustAny, {
      resourceArn: arn('role/service-role/legacy-webhook'),
      message: 'Role legacy-webhook trusts every principal in any account through "Principal": "*".',
      evidence: { statement: { Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['sts:AssumeRole'] } },
    }),
    fail(C.agentEscalation, {
      resourceArn: arn('role/bedrock-agent-ops'),
      message: 'Agent role bedrock-agent-ops can attach any managed policy to itself (iam:AttachRolePolicy on *).',
      evidence: { actions: ['iam:AttachRolePolicy', 'iam:PassRole'], tags: { 'ai-agent': 'true', team: 'platform' } },
    }),
    fail(C.userPolicies, {
      resourceArn: arn('user/alice'),
      message: 'User alice has an inline policy (s3-debug) instead of group permissions.',
      detail: 's3-debug',
      evidence: { inlinePolicies: ['s3-debug'] },
    }),
    fail(C.userPolicies, {
      resourceArn: arn('user/build-bot'),
      message: 'User build-bot has the managed policy AmazonS3FullAccess attached directly.',
      detail: 'AmazonS3FullAccess',
      evidence: { attachedManagedPolicies: [{ name: 'AmazonS3FullAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }] },
    }),
    fail(C.passwordPolicy, {
      resourceArn: ROOT,
      message: 'The password policy requires 8 characters (CIS: 14) and remembers no previous passwords (CIS: 24).',
      evidence: { minimumPasswordLength: 8, passwordReusePrevention: null },
    }),
    fail(C.unusedRoles, {
      resourceArn: arn('role/old-migration'),
      message: 'Role old-migration was last used 412 days ago.',
      evidence: { lastUsedDate: '2024-10-08T11:00:00Z', createDate: '2022-02-01T09:00:00Z' },
    }),
    fail(C.unusedRoles, {
      resourceArn: arn('role/test-sandbox'),
      message: 'Role test-sandbox has never been used and is 230 days old.',
      evidence: { lastUsedDate: null, createDate: '2025-04-08T10:20:00Z' },
    }),
    fail(C.emptyGroups, {
      resourceArn: arn('group/contractors-2023'),
      message: 'Group contractors-2023 has no members.',
      evidence: { members: 0 },
    }),
    fail(C.unattached, {
      resourceArn: arn('policy/tmp-debug-access'),
      message: 'Customer managed policy tmp-debug-access is not attached to anything.',
      evidence: { attachmentCount: 0, updateDate: '2024-01-15T12:00:00Z' },
    }),
    fail(C.unattached, {
      resourceArn: arn('policy/OldLambdaExec'),
      message: 'Customer managed policy OldLambdaExec is not attached to anything.',
      evidence: { attachmentCount: 0, updateDate: '2023-06-02T08:30:00Z' },
    }),
  ];
  const gaps = [CREDENTIAL_REPORT_GAP];
  const na1 = notAssessed(C.consoleMfa, gaps);
  const na2 = notAssessed(C.keyRotation, gaps);
  const count = (c: CheckDef) => findings.filter((f) => f.checkId === c.id).length;
  const checks: CheckOutcome[] = [
    outcome(C.rootKeys, 1, count(C.rootKeys)),
    outcome(C.rootMfa, 1, 0),
    outcome(C.adminPolicy, 14, count(C.adminPolicy)),
    outcome(C.trustAny, 21, count(C.trustAny)),
    outcome(C.agentEscalation, 3, count(C.agentEscalation)),
    na1.outcome,
    na2.outcome,
    outcome(C.userPolicies, 9, count(C.userPolicies)),
    outcome(C.passwordPolicy, 1, count(C.passwordPolicy)),
    outcome(C.unusedRoles, 21, count(C.unusedRoles)),
    outcome(C.emptyGroups, 5, count(C.emptyGroups)),
    outcome(C.unattached, 14, count(C.unattached)),
    outcome(C.supportRole, 1, 0),
  ];
  return assemble(checks, [...findings, na1.finding, na2.finding], gaps);
}

// ----------------------------------------------------------------------------------------------------------------
// A hostile report: account-controlled strings (user names, tag values, policy Sids, messages quoting them) carry
// markup, quotes, ampersands and spreadsheet formulas.

export const XSS = {
  script: '<script>window.__pwned=1</script>',
  img: '"><img src=x onerror="window.__pwned=2">',
  svg: "'><svg onload=window.__pwned=3>",
  alert: `<script>alert(1)</script>"'&`,
  quotes: `O'Brien & "Sons" <ops@example.com>`,
  mustache: '{{constructor.constructor "window.__pwned=5"}}',
} as const;

export const SAFE_ARN = arn('user/ordinary-user');

export function hostileReport(): AuditReport {
  const hostileCheck: CheckDef = {
    id: `iam.tags"><img src=x onerror="window.__pwned=4">`,
    title: `Tagged ${XSS.script}`,
    severity: 'critical',
    compliance: { cis: ['1.1'], securityHub: ['IAM.1'] },
    remediation: XSS.alert,
  };
  const findings: Finding[] = [
    fail(C.rootKeys, {
      resourceArn: arn(`user/${XSS.script}`),
      message: `User ${XSS.script} has an active access key.`,
      evidence: { userName: XSS.script, tags: { owner: XSS.quotes, note: XSS.img } },
    }),
    fail(C.adminPolicy, {
      resourceArn: arn('policy/evil'),
      detail: XSS.img,
      message: `Statement ${XSS.img} allows *:*.`,
      evidence: { statement: { Sid: XSS.img, Effect: 'Allow', Action: ['*'], Resource: ['*'] } },
      remediation: `aws iam delete-policy --policy-arn "${XSS.svg}"`,
    }),
    fail(hostileCheck, {
      resourceArn: arn(`role/${XSS.svg}`),
      message: `Tag value ${XSS.quotes} ${XSS.mustache}`,
      evidence: { tags: { [XSS.script]: XSS.svg } },
    }),
    fail(C.trustAny, {
      resourceArn: SAFE_ARN,
      message: `User ${XSS.alert} can be assumed by anyone.`,
      evidence: { userName: XSS.alert },
    }),
    fail(C.userPolicies, {
      resourceArn: arn('user/=HYPERLINK("http://evil.example","x")'),
      detail: '+cmd|" /C calc"!A0',
      message: '-2+3 is the user name',
      evidence: { name: '@SUM(1+1)' },
      remediation: '\tleading tab',
    }),
    fail(C.unusedRoles, {
      resourceArn: arn('role/quiet'),
      detail: '\rleading CR',
      message: 'A message, with a comma and a "quote"\r\nand a CRLF line break',
      evidence: {},
    }),
  ];
  const gaps: Gap[] = [
    { part: 'virtualMfaDevices', api: 'iam:ListVirtualMFADevices', error: XSS.img, message: XSS.script },
  ];
  const na = notAssessed(C.consoleMfa, [{ ...gaps[0], part: 'credentialReport' }]);
  const count = (c: CheckDef) => findings.filter((f) => f.checkId === c.id).length;
  const checks = [C.rootKeys, C.adminPolicy, hostileCheck, C.trustAny, C.userPolicies, C.unusedRoles].map((c) =>
    outcome(c, 5, count(c)),
  );
  checks.push(na.outcome);
  return assemble(checks, [...findings, na.finding], gaps, {
    source: `auth-details: ${XSS.quotes} ${XSS.script}`,
    account: { id: ACCOUNT, partition: 'aws', callerArn: arn(`user/${XSS.img}`) },
    tool: { name: 'hardening-audit', version: `0.1.0${XSS.svg}` },
  });
}

// ----------------------------------------------------------------------------------------------------------------
// The sample report with suppressions applied (src/suppressions.ts): a live glob entry, an exact entry, an expired
// entry and a glob entry that cannot cover a NOT_ASSESSED finding (so it matches nothing).

export const SUPPRESSIONS: Suppressions = {
  source: 'suppressions.yaml',
  entries: [
    { checkId: 'iam.role.unused', resource: arn('role/test-*'), reason: 'Sandbox roles are removed by the quarterly cleanup', expires: '2026-03-31' },
    { checkId: 'iam.user.*', resource: arn('user/alice'), reason: 'Break-glass admin, reviewed monthly' },
    { checkId: 'iam.user.direct-policies', resource: arn('user/build-bot'), reason: 'Legacy CI user, migration planned', expires: '2025-01-31' },
    // The check is NOT_ASSESSED in the sample: without `notAssessed: true` the entry covers nothing.
    { checkId: 'iam.user.console-without-mfa', resource: '*', reason: 'Break-glass users sign in with hardware keys', expires: '2025-12-31T00:00:00Z' },
    { checkId: 'iam.root.access-keys', resource: ROOT, reason: 'Root key of the payment integration, removal scheduled', expires: '2026-01-15' },
  ],
};

export function suppressedReport(): AuditReport {
  const base = sampleReport();
  const applied = applySuppressions(base.findings, SUPPRESSIONS, base.generatedAt);
  return assemble(base.checks, applied.findings, base.gaps, { suppressions: applied.section });
}
