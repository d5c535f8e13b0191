// AWS Security Hub controls for IAM (IAM.1 ... IAM.28), with the titles AWS publishes in "Security Hub controls for
// IAM" (Security Hub user guide). A check maps to these ids through `compliance.securityHub` (e.g. ['IAM.5']).
// Security Hub controls are all evaluated by AWS Config rules, so there is no Automated/Manual distinction here.
// Controls of other services (CloudTrail.*, Account.*) are `extraControls`: listed only when a check maps to them.
//
// `coverage` (src/compliance/coverage.ts) says, for each control a check maps to, which parts of it the checks verify
// and which they do not: the compliance view gives PASS only when nothing is left unchecked, else PARTIAL. The
// requirements (and the default values of the controls' parameters) are those of the Security Hub controls
// reference in the AWS Security Hub User Guide and the AWS Config managed rules behind the controls.
import type { FrameworkDefinition } from './cis-aws-foundations-v3.js';
import { notAwsManagedOrInline, notInlinePolicy } from './coverage.js';

export const SECURITY_HUB_IAM: FrameworkDefinition = {
  key: 'securityHub',
  name: 'AWS Security Hub controls',
  version: 'IAM.1-IAM.28',
  scope: 'Every IAM control. Controls of other services: those a check maps to.',
  controls: [
    {
      id: 'IAM.1',
      title: 'IAM policies should not allow full "*" administrative privileges',
      coverage: {
        // Read as IAM evaluates it (the project's rule): a customer managed "*:*" policy whose grant explicit Denies or
        // a permissions boundary take back for every principal it is attached to grants no full admin and does not
        // fail here; AWS Config's rule behind the control reads the document alone and would flag it.
        checked:
          'iam.policy.full-admin: no customer managed policy, attached or not, allows "*" on "*" (judged with explicit Denies and permissions boundaries; AWS managed and inline policies are judged by the check but are outside this control).',
        inScope: notAwsManagedOrInline,
        outOfScope: 'AWS managed and inline policies (the control checks only customer managed policies)',
      },
    },
    {
      id: 'IAM.2',
      title: 'IAM users should not have IAM policies attached',
      coverage: { checked: 'iam.user.direct-policies: no user has a managed or inline policy attached directly.' },
    },
    {
      id: 'IAM.3',
      title: "IAM users' access keys should be rotated every 90 days or less",
      coverage: {
        checked: 'iam.user.access-key-age: no active access key is older than 90 days.',
        thresholds: [{ check: 'iam.user.access-key-age', threshold: 'accessKeyMaxAgeDays', required: 90, stricter: 'lower' }],
      },
    },
    {
      id: 'IAM.4',
      title: 'IAM root user access key should not exist',
      coverage: { checked: "iam.root.access-keys: neither access key slot of the credential report's root row is active." },
    },
    {
      id: 'IAM.5',
      title: 'MFA should be enabled for all IAM users that have a console password',
      coverage: { checked: 'iam.user.console-without-mfa: every user with a console password has an MFA device.' },
    },
    {
      id: 'IAM.6',
      title: 'Hardware MFA should be enabled for the root user',
      coverage: {
        checked: 'iam.root.hardware-mfa: the root user has MFA and no virtual MFA device is assigned to it (ListVirtualMFADevices lists virtual devices only).',
      },
    },
    {
      id: 'IAM.7',
      title: 'Password policies for IAM users should have strong configurations',
      coverage: {
        // The control's default parameters; its optional ones (reuse prevention, expiry) are unset by default.
        checked:
          'iam.password-policy.strong: the password policy requires uppercase, lowercase, number and symbol characters and at least 8 characters (the control\'s default parameters).',
      },
    },
    { id: 'IAM.8', title: 'Unused IAM user credentials should be removed' },
    {
      id: 'IAM.9',
      title: 'MFA should be enabled for the root user',
      coverage: { checked: "iam.root.mfa: the credential report's root row has mfa_active true." },
    },
    {
      id: 'IAM.10',
      title: 'Password policies for IAM users should have strong AWS Configurations',
      coverage: {
        checked: 'iam.password-policy.missing: the account has a password policy.',
        notChecked:
          'The PCI DSS values the control fixes (minimum length 7, 4 remembered passwords, expiry within 90 days, and its character requirements) are not checked as such: no check reads expiry or the character settings, and the length and reuse checks (IAM.15, IAM.16) use other values.',
      },
    },
    {
      id: 'IAM.11',
      title: 'Ensure IAM password policy requires at least one uppercase letter',
      coverage: { checked: 'iam.password-policy.require-uppercase: the password policy requires at least one uppercase letter.' },
    },
    {
      id: 'IAM.12',
      title: 'Ensure IAM password policy requires at least one lowercase letter',
      coverage: { checked: 'iam.password-policy.require-lowercase: the password policy requires at least one lowercase letter.' },
    },
    {
      id: 'IAM.13',
      title: 'Ensure IAM password policy requires at least one symbol',
      coverage: { checked: 'iam.password-policy.require-symbol: the password policy requires at least one symbol.' },
    },
    {
      id: 'IAM.14',
      title: 'Ensure IAM password policy requires at least one number',
      coverage: { checked: 'iam.password-policy.require-number: the password policy requires at least one number.' },
    },
    {
      id: 'IAM.15',
      title: 'Ensure IAM password policy requires minimum password length of 14 or greater',
      coverage: {
        checked: 'iam.password-policy.min-length: a password policy exists and its MinimumPasswordLength is at least 14.',
        thresholds: [{ check: 'iam.password-policy.min-length', threshold: 'passwordMinLength', required: 14, stricter: 'higher' }],
      },
    },
    {
      id: 'IAM.16',
      title: 'Ensure IAM password policy prevents password reuse',
      coverage: {
        checked: 'iam.password-policy.reuse: a password policy exists and PasswordReusePrevention is at least 24.',
        thresholds: [{ check: 'iam.password-policy.reuse', threshold: 'passwordReusePrevention', required: 24, stricter: 'higher' }],
      },
    },
    { id: 'IAM.17', title: 'Ensure IAM password policy expires passwords within 90 days or less' },
    {
      id: 'IAM.18',
      title: 'Ensure a support role has been created to manage incidents with AWS Support',
      coverage: { checked: 'iam.support-role: the AWS managed policy AWSSupportAccess is attached to at least one role.' },
    },
    {
      id: 'IAM.19',
      title: 'MFA should be enabled for all IAM users',
      coverage: {
        checked: 'iam.user.console-without-mfa and iam.user.without-console-mfa: every IAM user, with or without a console password, has an MFA device (credential report mfa_active).',
      },
    },
    { id: 'IAM.20', title: 'Avoid the use of the root user' },
    {
      id: 'IAM.21',
      title: 'IAM customer managed policies that you create should not allow wildcard actions for services',
      coverage: {
        checked:
          'iam.policy.wildcard-actions: no customer managed policy allows "service:*" (or "*") in an Allow statement that can take effect (policies used only as permissions boundaries are not judged).',
        inScope: notInlinePolicy,
        outOfScope: 'inline policies (the control checks only customer managed policies)',
      },
    },
    {
      id: 'IAM.22',
      title: 'IAM user credentials unused for 45 days should be removed',
      coverage: {
        checked: 'iam.user.password-unused and iam.user.access-key-unused: no console password and no active access key unused for more than 45 days.',
        thresholds: [
          { check: 'iam.user.password-unused', threshold: 'passwordUnusedDays', required: 45, stricter: 'lower' },
          { check: 'iam.user.access-key-unused', threshold: 'accessKeyUnusedDays', required: 45, stricter: 'lower' },
        ],
      },
    },
    {
      id: 'IAM.23',
      title: 'IAM Access Analyzer analyzers should be tagged',
      coverage: {
        checked: 'iam.access-analyzer.tagged: every analyzer listed in the enabled regions has a tag key other than aws: system tags.',
        notChecked: "The control's optional requiredTagKeys parameter (specific keys) is not checked.",
      },
    },
    { id: 'IAM.24', title: 'IAM roles should be tagged' },
    { id: 'IAM.25', title: 'IAM users should be tagged' },
    {
      id: 'IAM.26',
      title: 'Expired SSL/TLS certificates managed in IAM should be removed',
      coverage: { checked: 'iam.server-certificate.expired: no server certificate listed by iam:ListServerCertificates has an Expiration in the past.' },
    },
    {
      id: 'IAM.27',
      title: 'IAM identities should not have the AWSCloudShellFullAccess policy attached',
      coverage: { checked: 'iam.principal.cloudshell-full-access: no user, group or role has AWSCloudShellFullAccess attached.' },
    },
    {
      id: 'IAM.28',
      title: 'IAM Access Analyzer external access analyzer should be enabled',
      coverage: {
        checked: 'iam.access-analyzer.enabled: an ACCOUNT or ORGANIZATION analyzer is ACTIVE in every region account:ListRegions reports enabled (Security Hub judges each region on its own).',
      },
    },
  ],
  extraControls: [
    {
      id: 'Account.1',
      title: 'Security contact information should be provided for an AWS account',
      coverage: { checked: 'iam.account.security-contact: account:GetAlternateContact returns a SECURITY alternate contact with an email address.' },
    },
    {
      id: 'CloudTrail.1',
      title: 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
      coverage: {
        checked:
          'cloudtrail.multi-region-logging: at least one multi-region trail (an organization trail counts) is logging and records read and write management events.',
        notChecked: 'Whether that trail excludes management event sources (AWS KMS or Amazon RDS Data API events) is not checked.',
      },
    },
    { id: 'CloudTrail.2', title: 'CloudTrail should have encryption at-rest enabled' },
    {
      id: 'CloudTrail.4',
      title: 'CloudTrail log file validation should be enabled',
      coverage: {
        checked: 'cloudtrail.log-file-validation: every trail read (in the audited region, with the multi-region and organization trails shown there) validates its log files.',
        notChecked: 'Single-region trails whose home is another region are not read, so their log file validation is not checked.',
      },
    },
    { id: 'CloudTrail.7', title: 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket' },
  ],
};
