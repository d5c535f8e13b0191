// Action lists behind the iam.principal.* risk checks (data, not code). Every entry is a catalogue action; a test
// checks that the catalogue knows each one.

/**
 * Resource exposure: actions that change who else may use a resource — resource-based policies, ACLs, sharing,
 * public-access blocks. Granted on "*" they let the principal open any such resource to other accounts or the
 * public. Sources: Cloudsplaining's "Resource Exposure" risk (https://github.com/salesforce/cloudsplaining, which
 * defines it as Permissions management actions on resource-based policies) and AWS's list of services whose
 * resources take resource-based policies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html).
 */
export const RESOURCE_EXPOSURE_ACTIONS: readonly string[] = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:PutBucketPublicAccessBlock',
  's3:PutAccountPublicAccessBlock',
  's3:PutAccessPointPolicy',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'lambda:AddPermission',
  'lambda:AddLayerVersionPermission',
  'lambda:CreateFunctionUrlConfig',
  'lambda:UpdateFunctionUrlConfig',
  'sqs:AddPermission',
  'sqs:SetQueueAttributes',
  'sns:AddPermission',
  'sns:SetTopicAttributes',
  'secretsmanager:PutResourcePolicy',
  'ecr:SetRepositoryPolicy',
  'ecr:PutRegistryPolicy',
  'glacier:SetVaultAccessPolicy',
  'backup:PutBackupVaultAccessPolicy',
  'elasticfilesystem:PutFileSystemPolicy',
  'glue:PutResourcePolicy',
  'logs:PutResourcePolicy',
  'events:PutPermission',
  'apigateway:UpdateRestApiPolicy',
  'dynamodb:PutResourcePolicy',
  'codeartifact:PutRepositoryPermissionsPolicy',
  'mediastore:PutContainerPolicy',
  'ssm:ModifyDocumentPermission',
  'ec2:ModifySnapshotAttribute',
  'ec2:ModifyImageAttribute',
  'rds:ModifyDBSnapshotAttribute',
  'rds:ModifyDBClusterSnapshotAttribute',
  'ram:CreateResourceShare',
  'iam:UpdateAssumeRolePolicy',
];

/**
 * Data exfiltration: reads that return stored data. Source: Cloudsplaining's data-exfiltration list (s3:GetObject,
 * ssm:GetParameter(s)/GetParametersByPath, secretsmanager:GetSecretValue), extended with kms:Decrypt, the other
 * secret read (BatchGetSecretValue), object versions and DynamoDB item reads.
 */
export const DATA_READ_ACTIONS: readonly string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
];

/** Reads that return secrets (or the key that decrypts them): the high-severity part of data exfiltration. */
export const SECRET_READ_ACTIONS: readonly string[] = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
];

/**
 * Credentials exposure: actions whose response contains credentials (keys, tokens, passwords). Source:
 * Cloudsplaining's "Credentials Exposure" risk and its list
 * (https://gist.github.com/kmcquade/33860a617e651104d243c324ddf7992a).
 */
export const CREDENTIAL_EXPOSURE_ACTIONS: readonly string[] = [
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'sts:GetFederationToken',
  'ecr:GetAuthorizationToken',
  'codeartifact:GetAuthorizationToken',
  'ec2:GetPasswordData',
  'redshift:GetClusterCredentials',
  'lightsail:GetInstanceAccessDetails',
  's3express:CreateSession',
];

/**
 * Writes on "*" that are not "infrastructure modification", left out of the iam.principal.infrastructure-modification
 * counts: the log, metric and trace writes AWS's own execution policies grant every workload on "*"
 * (AWSLambdaBasicExecutionRole, CloudWatchAgentServerPolicy, AWSXrayWriteOnlyAccess), and s3express:CreateSession
 * (it issues session credentials; ReadOnlyAccess grants it for read-only sessions). Also left out: actions named
 * like reads (READ_VERB_NAME) that AWS's reference classifies as Write or Permissions management.
 */
export const ROUTINE_WILDCARD_WRITES: readonly string[] = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'cloudwatch:PutMetricData',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  's3express:CreateSession',
];

/**
 * Services whose every action is left out of the infrastructure-modification counts: AWS Support cases (support:*,
 * what AWSSupportAccess grants on "*"). CIS 1.17 asks for a role with that policy; opening and answering support cases
 * changes no resource of the account.
 */
export const NOT_INFRASTRUCTURE_SERVICES: readonly string[] = ['support'];

/** Get*, List*, Describe*, Search*, BatchGet*, View*: reads by name (e.g. iot:ListSubscriptions is catalogued as Write). */
export const READ_VERB_NAME = /^[^:]+:(Get|List|Describe|Search|BatchGet|View)[A-Z]/;
