// CIS Amazon Web Services Foundations Benchmark v3.0.0 (2024-01-31), section 1 "Identity and Access Management":
// every recommendation with its published title, whether CIS classifies it as Automated or Manual, and its profile
// level. Titles follow the benchmark text (as reproduced by AWS Security Hub / AWS Config mappings and the prowler
// compliance catalogue); a check maps to these ids through `compliance.cis` (e.g. ['1.10']).
//
// Assessment status in v3.0.0: 1.6 (hardware MFA for root), 1.7 (root use) and 1.11 (no access keys at user setup)
// are Manual in this version, although earlier versions and some tools list them as Automated.
//
// `coverage` (src/compliance/coverage.ts) says, for each recommendation a check maps to, which parts of it the checks
// verify and which they do not: the compliance view gives PASS only when nothing is left unchecked, else PARTIAL.
// The requirements are read from the benchmark's audit procedures (CIS AWS Foundations Benchmark v3.0.0, section 1
// and 3), as summarised in public compliance catalogues (e.g. Steampipe's aws_compliance mod, prowler).
//
// Recommendations of other sections (3 Logging, ...) are listed under `extraControls`: the compliance view shows them
// only when a check maps to them, so the report does not claim a whole section it does not try to cover.

import { notUnattachedPolicy, type ControlCoverage } from './coverage.js';

export type AssessmentStatus = 'Automated' | 'Manual';

export interface ControlDefinition {
  /** The framework's control id: "1.10" for CIS, "IAM.5" for Security Hub. */
  id: string;
  title: string;
  /** CIS only: whether the benchmark says the recommendation can be assessed by a program. */
  assessment?: AssessmentStatus;
  /** CIS only: profile level 1 or 2. */
  level?: 1 | 2;
  /** Which parts of the control the mapped checks verify (required for every control a check maps to). */
  coverage?: ControlCoverage;
}

export interface FrameworkDefinition {
  /** The key in a check's `compliance` object. */
  key: 'cis' | 'securityHub';
  name: string;
  version: string;
  /** What the report lists: `controls` always; `extraControls` only when a check maps to them. */
  scope: string;
  controls: readonly ControlDefinition[];
  extraControls?: readonly ControlDefinition[];
}

export const CIS_AWS_FOUNDATIONS_V3: FrameworkDefinition = {
  key: 'cis',
  name: 'CIS AWS Foundations Benchmark',
  version: '3.0.0',
  scope: 'Section 1, Identity and Access Management: every recommendation. Other sections: the recommendations a check maps to.',
  controls: [
    { id: '1.1', title: 'Maintain current contact details', assessment: 'Manual', level: 1 },
    {
      id: '1.2',
      title: 'Ensure security contact information is registered',
      assessment: 'Manual',
      level: 1,
      coverage: {
        checked: 'iam.account.security-contact: account:GetAlternateContact returns a SECURITY alternate contact with an email address.',
        notChecked: 'Whether that address reaches a team that reads it (the benchmark asks for a monitored distribution list) is not checked.',
      },
    },
    { id: '1.3', title: 'Ensure security questions are registered in the AWS account', assessment: 'Manual', level: 1 },
    {
      id: '1.4',
      title: "Ensure no 'root' user account access key exists",
      assessment: 'Automated',
      level: 1,
      coverage: {
        checked: "iam.root.access-keys: neither access key slot of the credential report's root row is active.",
      },
    },
    {
      id: '1.5',
      title: "Ensure MFA is enabled for the 'root' user account",
      assessment: 'Automated',
      level: 1,
      coverage: { checked: "iam.root.mfa: the credential report's root row has mfa_active true." },
    },
    {
      id: '1.6',
      title: "Ensure hardware MFA is enabled for the 'root' user account",
      assessment: 'Manual',
      level: 2,
      coverage: {
        checked:
          "iam.root.hardware-mfa: the root user has MFA (credential report row, else GetAccountSummary) and no virtual MFA device is assigned to it (ListVirtualMFADevices).",
      },
    },
    {
      id: '1.7',
      title: "Eliminate use of the 'root' user for administrative and daily tasks",
      assessment: 'Manual',
      level: 1,
      coverage: {
        checked: 'iam.root.recent-use: the root password and access keys were not used within rootUsedDays (credential report, and CloudTrail root events when collected).',
        notChecked:
          'Manual recommendation: whether any use of root was for one of the few tasks that require it, and how root is used over a longer time, needs a human review.',
      },
    },
    {
      id: '1.8',
      title: 'Ensure IAM password policy requires minimum length of 14 or greater',
      assessment: 'Automated',
      level: 1,
      coverage: {
        checked: 'iam.password-policy.min-length: a password policy exists and its MinimumPasswordLength is at least 14.',
        thresholds: [{ check: 'iam.password-policy.min-length', threshold: 'passwordMinLength', required: 14, stricter: 'higher' }],
      },
    },
    {
      id: '1.9',
      title: 'Ensure IAM password policy prevents password reuse',
      assessment: 'Automated',
      level: 1,
      coverage: {
        checked: 'iam.password-policy.reuse: a password policy exists and PasswordReusePrevention is at least 24 (the value the benchmark prescribes).',
        thresholds: [{ check: 'iam.password-policy.reuse', threshold: 'passwordReusePrevention', required: 24, stricter: 'higher' }],
      },
    },
    {
      id: '1.10',
      title: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
      assessment: 'Automated',
      level: 1,
      coverage: { checked: 'iam.user.console-without-mfa: every user whose credential report row has password_enabled true has mfa_active true.' },
    },
    {
      id: '1.11',
      title: 'Do not setup access keys during initial user setup for all IAM users that have a console password',
      assessment: 'Manual',
      level: 1,
      // The benchmark's audit procedure, which reads only the credential report: a console user's active key with
      // no last-used date.
      coverage: { checked: 'iam.user.access-key-at-setup: no user with a console password has an active access key that was never used.' },
    },
    {
      id: '1.12',
      title: 'Ensure credentials unused for 45 days or greater are disabled',
      assessment: 'Automated',
      level: 1,
      coverage: {
        checked:
          'iam.user.password-unused and iam.user.access-key-unused: no console password and no active access key unused (or, never used, older) than 45 days.',
        thresholds: [
          { check: 'iam.user.password-unused', threshold: 'passwordUnusedDays', required: 45, stricter: 'lower' },
          { check: 'iam.user.access-key-unused', threshold: 'accessKeyUnusedDays', required: 45, stricter: 'lower' },
        ],
      },
    },
    {
      id: '1.13',
      title: 'Ensure there is only one active access key available for any single IAM user',
      assessment: 'Automated',
      level: 1,
      coverage: { checked: 'iam.user.multiple-active-keys: no user has both access key slots active.' },
    },
    {
      id: '1.14',
      title: 'Ensure access keys are rotated every 90 days or less',
      assessment: 'Automated',
      level: 1,
      coverage: {
        checked: 'iam.user.access-key-age: no active access key was created (last rotated) more than 90 days ago.',
        thresholds: [{ check: 'iam.user.access-key-age', threshold: 'accessKeyMaxAgeDays', required: 90, stricter: 'lower' }],
      },
    },
    {
      id: '1.15',
      title: 'Ensure IAM Users Receive Permissions Only Through Groups',
      assessment: 'Automated',
      level: 1,
      coverage: { checked: 'iam.user.direct-policies: no user has a managed or inline policy attached directly.' },
    },
    {
      id: '1.16',
      title: 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
      assessment: 'Automated',
      level: 1,
      coverage: {
        // Read as IAM evaluates it (the project's rule): an attached "*:*" policy whose grant explicit Denies or a
        // permissions boundary take back for every principal it reaches grants no full admin, so it does not fail here,
        // where a reading of the attached document alone would flag it.
        checked:
          'iam.policy.full-admin: no principal has full "*:*" access through a policy attached to it (inline, customer or AWS managed), judged with explicit Denies and permissions boundaries.',
        inScope: notUnattachedPolicy,
        outOfScope: 'customer managed policies attached to nothing (the recommendation is about attached policies)',
      },
    },
    {
      id: '1.17',
      title: 'Ensure a support role has been created to manage incidents with AWS Support',
      assessment: 'Automated',
      level: 1,
      coverage: { checked: 'iam.support-role: the AWS managed policy AWSSupportAccess is attached to at least one role.' },
    },
    { id: '1.18', title: 'Ensure IAM instance roles are used for AWS resource access from instances', assessment: 'Manual', level: 2 },
    {
      id: '1.19',
      title: 'Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed',
      assessment: 'Automated',
      level: 1,
      coverage: { checked: 'iam.server-certificate.expired: no server certificate listed by iam:ListServerCertificates has an Expiration in the past.' },
    },
    {
      id: '1.20',
      title: 'Ensure that IAM Access analyzer is enabled for all regions',
      assessment: 'Automated',
      level: 1,
      coverage: {
        checked:
          'iam.access-analyzer.enabled: in every region account:ListRegions reports enabled, an ACCOUNT or ORGANIZATION (external access) analyzer listed by access-analyzer:ListAnalyzers is ACTIVE.',
      },
    },
    {
      id: '1.21',
      title: 'Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments',
      assessment: 'Manual',
      level: 2,
      coverage: {
        checked: 'iam.account.identity-federation: the account has a SAML provider (IAM Identity Center shows as AWSSSO_*) or an OpenID Connect provider that is not a CI/EKS workload issuer.',
        notChecked: 'Whether IAM users representing individuals remain in accounts other than the one managing identities is not checked.',
      },
    },
    { id: '1.22', title: 'Ensure access to AWSCloudShellFullAccess is restricted', assessment: 'Manual', level: 1 },
  ],
  extraControls: [
    {
      id: '3.1',
      title: 'Ensure CloudTrail is enabled in all regions',
      assessment: 'Automated',
      level: 1,
      coverage: {
        checked:
          'cloudtrail.multi-region-logging: at least one multi-region trail (an organization trail counts) is logging and records read and write management events.',
        notChecked:
          'Whether that trail excludes management event sources (AWS KMS or Amazon RDS Data API events) is not checked, so "all management events" is not fully verified.',
      },
    },
    {
      id: '3.2',
      title: 'Ensure CloudTrail log file validation is enabled',
      assessment: 'Automated',
      level: 2,
      coverage: {
        checked: 'cloudtrail.log-file-validation: every trail read (in the audited region, with the multi-region and organization trails shown there) validates its log files.',
        notChecked: 'Single-region trails whose home is another region are not read, so their log file validation is not checked.',
      },
    },
    { id: '3.3', title: 'Ensure AWS Config is enabled in all regions', assessment: 'Automated', level: 2 },
    { id: '3.8', title: 'Ensure that Object-level logging for write events is enabled for S3 bucket', assessment: 'Automated', level: 2 },
    { id: '3.9', title: 'Ensure that Object-level logging for read events is enabled for S3 bucket', assessment: 'Automated', level: 2 },
  ],
};
