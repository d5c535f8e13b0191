// AWS Security Hub controls for IAM (IAM.1 ... IAM.28), with the titles AWS publishes in "Security Hub controls for
// IAM" (Security Hub user guide). A check maps to these ids through `compliance.securityHub` (e.g. ['IAM.5']).
// Security Hub controls are all evaluated by AWS Config rules, so there is no Automated/Manual distinction here.
// Controls of other services (CloudTrail.*, Account.*) are `extraControls`: listed only when a check maps to them.
import type { FrameworkDefinition } from './cis-aws-foundations-v3.js';

export const SECURITY_HUB_IAM: FrameworkDefinition = {
  key: 'securityHub',
  name: 'AWS Security Hub controls',
  version: 'IAM.1-IAM.28',
  scope: 'Every IAM control. Controls of other services: those a check maps to.',
  controls: [
    { id: 'IAM.1', title: 'IAM policies should not allow full "*" administrative privileges' },
    { id: 'IAM.2', title: 'IAM users should not have IAM policies attached' },
    { id: 'IAM.3', title: "IAM users' access keys should be rotated every 90 days or less" },
    { id: 'IAM.4', title: 'IAM root user access key should not exist' },
    { id: 'IAM.5', title: 'MFA should be enabled for all IAM users that have a console password' },
    { id: 'IAM.6', title: 'Hardware MFA should be enabled for the root user' },
    { id: 'IAM.7', title: 'Password policies for IAM users should have strong configurations' },
    { id: 'IAM.8', title: 'Unused IAM user credentials should be removed' },
    { id: 'IAM.9', title: 'MFA should be enabled for the root user' },
    { id: 'IAM.10', title: 'Password policies for IAM users should have strong AWS Configurations' },
    { id: 'IAM.11', title: 'Ensure IAM password policy requires at least one uppercase letter' },
    { id: 'IAM.12', title: 'Ensure IAM password policy requires at least one lowercase letter' },
    { id: 'IAM.13', title: 'Ensure IAM password policy requires at least one symbol' },
    { id: 'IAM.14', title: 'Ensure IAM password policy requires at least one number' },
    { id: 'IAM.15', title: 'Ensure IAM password policy requires minimum password length of 14 or greater' },
    { id: 'IAM.16', title: 'Ensure IAM password policy prevents password reuse' },
    { id: 'IAM.17', title: 'Ensure IAM password policy expires passwords within 90 days or less' },
    { id: 'IAM.18', title: 'Ensure a support role has been created to manage incidents with AWS Support' },
    { id: 'IAM.19', title: 'MFA should be enabled for all IAM users' },
    { id: 'IAM.20', title: 'Avoid the use of the root user' },
    { id: 'IAM.21', title: 'IAM customer managed policies that you create should not allow wildcard actions for services' },
    { id: 'IAM.22', title: 'IAM user credentials unused for 45 days should be removed' },
    { id: 'IAM.23', title: 'IAM Access Analyzer analyzers should be tagged' },
    { id: 'IAM.24', title: 'IAM roles should be tagged' },
    { id: 'IAM.25', title: 'IAM users should be tagged' },
    { id: 'IAM.26', title: 'Expired SSL/TLS certificates managed in IAM should be removed' },
    { id: 'IAM.27', title: 'IAM identities should not have the AWSCloudShellFullAccess policy attached' },
    { id: 'IAM.28', title: 'IAM Access Analyzer external access analyzer should be enabled' },
  ],
  extraControls: [
    { id: 'Account.1', title: 'Security contact information should be provided for an AWS account' },
    {
      id: 'CloudTrail.1',
      title: 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
    },
    { id: 'CloudTrail.2', title: 'CloudTrail should have encryption at-rest enabled' },
    { id: 'CloudTrail.4', title: 'CloudTrail log file validation should be enabled' },
    { id: 'CloudTrail.7', title: 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket' },
  ],
};
