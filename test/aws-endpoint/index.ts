// The local AWS endpoint for tests: fixture model, server, generator. See server.ts and account.ts for usage.
export * from './account.js';
export * from './account-options.js';
export * from './aws-managed-policies.js';
export * from './resolved.js';
export * from './credential-report.js';
export * from './errors.js';
export * from './server.js';
export { generateAccount, type GenerateOptions } from './generate.js';
export { accountSummary } from './iam.js';
export { encodePolicyText } from './xml.js';
export { configureCloudTrail, DEFAULT_TRAILS, type CloudTrailEventInput, type CloudTrailSetup, type TrailInput } from './cloudtrail.js';
export { FakeOrganization, type MemberOptions, type OrganizationOptions } from './organizations.js';
export type { EndpointExtension } from './extensions.js';
export { FakeSqs, type SqsMessage } from './sqs.js';
export { configureAccountReads, DEFAULT_ACCOUNT_READS, type AccountReadsSetup, type AnalyzerInput, type AnalyzerFindingInput } from './account-reads.js';
