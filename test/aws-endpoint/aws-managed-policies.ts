/** A small catalogue of AWS managed policies that fixtures can attach without declaring them (documents trimmed). */
export const AWS_MANAGED_POLICIES: Record<string, { path: string; versionId: string; document: Record<string, unknown> }> = {
  AdministratorAccess: {
    path: '/',
    versionId: 'v1',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
  PowerUserAccess: {
    path: '/',
    versionId: 'v5',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: [
            'iam:CreateServiceLinkedRole',
            'iam:DeleteServiceLinkedRole',
            'iam:ListRoles',
            'organizations:DescribeOrganization',
            'account:ListRegions',
            'account:GetAccountInformation',
          ],
          Resource: '*',
        },
      ],
    },
  },
  IAMFullAccess: {
    path: '/',
    versionId: 'v2',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:*', 'organizations:DescribeAccount', 'organizations:DescribeOrganization'], Resource: '*' },
      ],
    },
  },
  ReadOnlyAccess: {
    path: '/',
    versionId: 'v120',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadOnlyActions',
          Effect: 'Allow',
          Action: ['ec2:Describe*', 'iam:Get*', 'iam:List*', 's3:Get*', 's3:List*', 'lambda:Get*', 'lambda:List*', 'sts:GetCallerIdentity'],
          Resource: '*',
        },
      ],
    },
  },
  SecurityAudit: {
    path: '/',
    versionId: 'v40',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'sts:GetCallerIdentity'],
          Resource: '*',
        },
      ],
    },
  },
  AmazonS3FullAccess: {
    path: '/',
    versionId: 'v2',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }] },
  },
  AmazonS3ReadOnlyAccess: {
    path: '/',
    versionId: 'v3',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }],
    },
  },
  AmazonEC2FullAccess: {
    path: '/',
    versionId: 'v8',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ec2:*', 'elasticloadbalancing:*', 'cloudwatch:*', 'autoscaling:*'], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' },
      ],
    },
  },
  AWSLambdaBasicExecutionRole: {
    path: '/service-role/',
    versionId: 'v1',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
    },
  },
};
