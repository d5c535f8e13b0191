// The extensions every endpoint serves, whatever the test adds: CloudTrail (JSON 1.1), the IAM account-level reads
// (query/XML), AWS Account Management and IAM Access Analyzer (REST-JSON).
import { ACCESS_ANALYZER_SERVICE } from './access-analyzer.js';
import { ACCOUNT_SERVICE } from './account-api.js';
import { cloudTrailExtension } from './cloudtrail.js';
import type { EndpointExtension } from './extensions.js';
import { serviceCredentialsExtension } from './bedrock-api-keys.js';
import { iamAccountReadsExtension } from './iam-account-reads.js';

export function builtinExtensions(maxPageSize: number | undefined): EndpointExtension[] {
  return [cloudTrailExtension(), iamAccountReadsExtension(maxPageSize), serviceCredentialsExtension(maxPageSize), { restServices: [ACCOUNT_SERVICE, ACCESS_ANALYZER_SERVICE] }];
}
