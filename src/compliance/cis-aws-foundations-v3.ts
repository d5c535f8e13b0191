// CIS Amazon Web Services Foundations Benchmark v3.0.0 (2024-01-31), section 1 "Identity and Access Management":
// every recommendation with its published title, whether CIS classifies it as Automated or Manual, and its profile
// level. Titles follow the benchmark text (as reproduced by AWS Security Hub / AWS Config mappings and the prowler
// compliance catalogue); a check maps to these ids through `compliance.cis` (e.g. ['1.10']).
//
// Assessment status in v3.0.0: 1.6 (hardware MFA for root), 1.7 (root use) and 1.11 (no access keys at user setup)
// are Manual in this version, although earlier versions and some tools list them as Automated.
//
// Recommendations of other sections (3 Logging, ...) are listed under `extraControls`: the compliance view shows them
// only when a check maps to them, so the report does not claim a whole section it does not try to cover.

export type AssessmentStatus = 'Automated' | 'Manual';

export interface ControlDefinition {
  /** The framework's control id: "1.10" for CIS, "IAM.5" for Security Hub. */
  id: string;
  title: string;
  /** CIS only: whether the benchmark says the recommendation can be assessed by a program. */
  assessment?: AssessmentStatus;
  /** CIS only: profile level 1 or 2. */
  level?: 1 | 2;
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
    { id: '1.2', title: 'Ensure security contact information is registered', assessment: 'Manual', level: 1 },
    { id: '1.3', title: 'Ensure security questions are registered in the AWS account', assessment: 'Manual', level: 1 },
    { id: '1.4', title: "Ensure no 'root' user account access key exists", assessment: 'Automated', level: 1 },
    { id: '1.5', title: "Ensure MFA is enabled for the 'root' user account", assessment: 'Automated', level: 1 },
    { id: '1.6', title: "Ensure hardware MFA is enabled for the 'root' user account", assessment: 'Manual', level: 2 },
    { id: '1.7', title: "Eliminate use of the 'root' user for administrative and daily tasks", assessment: 'Manual', level: 1 },
    { id: '1.8', title: 'Ensure IAM password policy requires minimum length of 14 or greater', assessment: 'Automated', level: 1 },
    { id: '1.9', title: 'Ensure IAM password policy prevents password reuse', assessment: 'Automated', level: 1 },
    {
      id: '1.10',
      title: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
      assessment: 'Automated',
      level: 1,
    },
    {
      id: '1.11',
      title: 'Do not setup access keys during initial user setup for all IAM users that have a console password',
      assessment: 'Manual',
      level: 1,
    },
    { id: '1.12', title: 'Ensure credentials unused for 45 days or greater are disabled', assessment: 'Automated', level: 1 },
    { id: '1.13', title: 'Ensure there is only one active access key available for any single IAM user', assessment: 'Automated', level: 1 },
    { id: '1.14', title: 'Ensure access keys are rotated every 90 days or less', assessment: 'Automated', level: 1 },
    { id: '1.15', title: 'Ensure IAM Users Receive Permissions Only Through Groups', assessment: 'Automated', level: 1 },
    {
      id: '1.16',
      title: 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
      assessment: 'Automated',
      level: 1,
    },
    { id: '1.17', title: 'Ensure a support role has been created to manage incidents with AWS Support', assessment: 'Automated', level: 1 },
    { id: '1.18', title: 'Ensure IAM instance roles are used for AWS resource access from instances', assessment: 'Manual', level: 2 },
    {
      id: '1.19',
      title: 'Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed',
      assessment: 'Automated',
      level: 1,
    },
    { id: '1.20', title: 'Ensure that IAM Access analyzer is enabled for all regions', assessment: 'Automated', level: 1 },
    {
      id: '1.21',
      title: 'Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments',
      assessment: 'Manual',
      level: 2,
    },
    { id: '1.22', title: 'Ensure access to AWSCloudShellFullAccess is restricted', assessment: 'Manual', level: 1 },
  ],
  extraControls: [
    { id: '3.1', title: 'Ensure CloudTrail is enabled in all regions', assessment: 'Automated', level: 1 },
    { id: '3.2', title: 'Ensure CloudTrail log file validation is enabled', assessment: 'Automated', level: 2 },
    { id: '3.3', title: 'Ensure AWS Config is enabled in all regions', assessment: 'Automated', level: 2 },
    { id: '3.8', title: 'Ensure that Object-level logging for write events is enabled for S3 bucket', assessment: 'Automated', level: 2 },
    { id: '3.9', title: 'Ensure that Object-level logging for read events is enabled for S3 bucket', assessment: 'Automated', level: 2 },
  ],
};
