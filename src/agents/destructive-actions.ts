// The destructive set an AI agent's access must explicitly deny (AWS's guidance for agents: deny destructive
// actions explicitly, so that no later Allow can open them). Each entry is an action or an action pattern.
export const DESTRUCTIVE_ACTIONS: readonly string[] = [
  'ec2:TerminateInstances',
  'ec2:DeleteVpc',
  'ec2:DeleteSubnet',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteVolume',
  'ec2:DeleteSnapshot',
  'rds:DeleteDBInstance',
  'rds:DeleteDBCluster',
  'rds:DeleteDBSnapshot',
  'rds:DeleteDBClusterSnapshot',
  's3:DeleteBucket',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  'lambda:DeleteFunction',
  'eks:DeleteCluster',
  'eks:DeleteNodegroup',
  'dynamodb:DeleteTable',
  'dynamodb:DeleteBackup',
  'cloudformation:DeleteStack',
  'iam:DeleteRole',
  'iam:DeleteUser',
  'iam:DeletePolicy',
  'iam:DeleteRolePolicy',
  'iam:DeleteUserPolicy',
  'iam:DeleteAccessKey',
  'kms:ScheduleKeyDeletion',
  'backup:DeleteRecoveryPoint',
  'logs:DeleteLogGroup',
];

/** What reading secrets means: the values themselves, or the key that decrypts them. */
export const SECRET_READ_ACTIONS: readonly string[] = [
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
];
