// Known IAM privilege-escalation methods, as data: the actions each one needs (all of them), who can use it, and
// where it is documented. The iam.principal.privilege-escalation check matches every user and role against this
// table (see principal-risk.ts); nothing here is code.
//
// Sources (each row cites its own):
// - Spencer Gietzen, Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (the original 21
//   methods) and its part 2;
// - Bishop Fox, "Privilege Escalation in AWS" and the iam-vulnerable playground (31 paths);
// - Datadog's pathfinding.cloud, one page per path (https://pathfinding.cloud/paths/<id>).
//
// Reading a row:
// - requires: every entry is needed (AND). An entry may be a pattern; it is satisfied by any catalogue action it
//   matches.
// - principals: for methods that modify the principal's own permissions, which kind of principal can do that to
//   itself (a role cannot put a user policy on itself). Absent: users and roles.
// - targetsOtherUsers: the method acts on another IAM user (its keys or password). A grant whose Resource is only
//   the caller itself (${aws:username}) is the usual self-service grant and does not count.
// - severity: critical when the method yields whatever permissions the attacker chooses (rewrite or attach a policy,
//   pass any role to new compute); high when it yields the permissions of something that already exists (another
//   user, an existing role's workload, an existing policy version).
// - blockWith: the action a Deny names in the remediation draft to block the method (default: requires[0]).
//
// Left out on purpose: sts:AssumeRole on its own (whether it escalates depends on the target roles' trust policies:
// the iam.role.*-trust checks and a later role-graph analysis), and methods that are strict supersets of a row here
// (e.g. pathfinding.cloud ecs-001/002/004/005, lambda-005/006, iam-016/020: the shorter row already matches).

export type EscalationCategory = 'self-escalation' | 'principal-access' | 'new-passrole' | 'existing-resource';

export interface EscalationMethod {
  id: string;
  title: string;
  requires: readonly string[];
  principals?: readonly ('user' | 'role')[];
  targetsOtherUsers?: boolean;
  category: EscalationCategory;
  severity: 'critical' | 'high';
  blockWith?: string;
  sources: readonly string[];
}

const RHINO = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
const RHINO_2 = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation-part-2/';
const BISHOP_FOX = 'https://bishopfox.com/blog/privilege-escalation-in-aws';
const IAM_VULNERABLE = 'https://github.com/BishopFox/iam-vulnerable';
const pf = (id: string) => `https://pathfinding.cloud/paths/${id}`;

const PASS_ROLE = 'iam:PassRole';

export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  // ---- the principal rewrites its own permissions ------------------------------------------------------------
  { id: 'iam-create-policy-version', title: 'Create a new default version of a customer managed policy attached to itself', requires: ['iam:CreatePolicyVersion'], category: 'self-escalation', severity: 'critical', sources: [RHINO, pf('iam-001'), IAM_VULNERABLE] },
  { id: 'iam-set-default-policy-version', title: 'Make a more permissive existing version of an attached policy the default', requires: ['iam:SetDefaultPolicyVersion'], category: 'self-escalation', severity: 'high', sources: [RHINO, BISHOP_FOX, IAM_VULNERABLE] },
  { id: 'iam-attach-user-policy', title: 'Attach any managed policy (e.g. AdministratorAccess) to itself', requires: ['iam:AttachUserPolicy'], principals: ['user'], category: 'self-escalation', severity: 'critical', sources: [RHINO, pf('iam-008'), IAM_VULNERABLE] },
  { id: 'iam-attach-group-policy', title: 'Attach any managed policy to a group it belongs to', requires: ['iam:AttachGroupPolicy'], principals: ['user'], category: 'self-escalation', severity: 'critical', sources: [RHINO, pf('iam-010'), IAM_VULNERABLE] },
  { id: 'iam-attach-role-policy', title: 'Attach any managed policy to its own role', requires: ['iam:AttachRolePolicy'], principals: ['role'], category: 'self-escalation', severity: 'critical', sources: [RHINO, pf('iam-009'), IAM_VULNERABLE] },
  { id: 'iam-put-user-policy', title: 'Write an inline policy granting anything on itself', requires: ['iam:PutUserPolicy'], principals: ['user'], category: 'self-escalation', severity: 'critical', sources: [RHINO, pf('iam-007'), IAM_VULNERABLE] },
  { id: 'iam-put-group-policy', title: 'Write an inline policy granting anything on a group it belongs to', requires: ['iam:PutGroupPolicy'], principals: ['user'], category: 'self-escalation', severity: 'critical', sources: [RHINO, pf('iam-011'), IAM_VULNERABLE] },
  { id: 'iam-put-role-policy', title: 'Write an inline policy granting anything on its own role', requires: ['iam:PutRolePolicy'], principals: ['role'], category: 'self-escalation', severity: 'critical', sources: [RHINO, pf('iam-005'), IAM_VULNERABLE] },
  { id: 'iam-add-user-to-group', title: 'Add itself to a more privileged group', requires: ['iam:AddUserToGroup'], principals: ['user'], category: 'self-escalation', severity: 'critical', sources: [RHINO, pf('iam-013'), IAM_VULNERABLE] },

  // ---- the principal takes over another principal -----------------------------------------------------------
  { id: 'iam-create-access-key', title: 'Create an access key for another user', requires: ['iam:CreateAccessKey'], targetsOtherUsers: true, category: 'principal-access', severity: 'high', sources: [RHINO, pf('iam-002'), IAM_VULNERABLE] },
  { id: 'iam-create-login-profile', title: 'Set a console password for another user who has none', requires: ['iam:CreateLoginProfile'], targetsOtherUsers: true, category: 'principal-access', severity: 'high', sources: [RHINO, pf('iam-004'), IAM_VULNERABLE] },
  { id: 'iam-update-login-profile', title: "Change another user's console password", requires: ['iam:UpdateLoginProfile'], targetsOtherUsers: true, category: 'principal-access', severity: 'high', sources: [RHINO, pf('iam-006'), IAM_VULNERABLE] },
  { id: 'iam-update-assume-role-policy', title: "Rewrite a privileged role's trust policy to trust itself, then assume it", requires: ['iam:UpdateAssumeRolePolicy'], category: 'principal-access', severity: 'high', sources: [RHINO, pf('iam-012'), IAM_VULNERABLE] },
  { id: 'iam-attach-role-policy-assume-role', title: 'Attach any managed policy to a role it can assume, then assume it', requires: ['iam:AttachRolePolicy', 'sts:AssumeRole'], principals: ['user'], category: 'principal-access', severity: 'critical', sources: [RHINO, pf('iam-014')] },
  { id: 'iam-put-role-policy-assume-role', title: 'Write an inline policy on a role it can assume, then assume it', requires: ['iam:PutRolePolicy', 'sts:AssumeRole'], principals: ['user'], category: 'principal-access', severity: 'critical', sources: [RHINO, pf('iam-017')] },
  { id: 'iam-attach-role-policy-update-trust', title: "Attach a policy to a role and rewrite the role's trust policy to assume it", requires: ['iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'], principals: ['user'], category: 'principal-access', severity: 'critical', sources: [pf('iam-019')] },
  { id: 'iam-put-role-policy-update-trust', title: "Write an inline policy on a role and rewrite the role's trust policy to assume it", requires: ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'], principals: ['user'], category: 'principal-access', severity: 'critical', sources: [pf('iam-021')] },
  { id: 'iam-attach-user-policy-create-access-key', title: 'Attach any managed policy to a user, then create an access key for it', requires: ['iam:AttachUserPolicy', 'iam:CreateAccessKey'], principals: ['role'], category: 'principal-access', severity: 'critical', sources: [pf('iam-015')] },
  { id: 'iam-put-user-policy-create-access-key', title: 'Write an inline policy on a user, then create an access key for it', requires: ['iam:PutUserPolicy', 'iam:CreateAccessKey'], principals: ['role'], category: 'principal-access', severity: 'critical', sources: [pf('iam-018')] },

  // ---- iam:PassRole to new compute: the code runs with any role the principal may pass ------------------------
  { id: 'passrole-ec2-run-instances', title: 'Pass a role to a new EC2 instance and read its credentials', requires: [PASS_ROLE, 'ec2:RunInstances'], category: 'new-passrole', severity: 'critical', sources: [RHINO, pf('ec2-001'), IAM_VULNERABLE] },
  { id: 'passrole-ec2-request-spot-instances', title: 'Pass a role to a new EC2 spot instance', requires: [PASS_ROLE, 'ec2:RequestSpotInstances'], category: 'new-passrole', severity: 'critical', sources: [pf('ec2-004')] },
  { id: 'passrole-lambda-create-invoke', title: 'Pass a role to a new Lambda function and invoke it', requires: [PASS_ROLE, 'lambda:CreateFunction', 'lambda:InvokeFunction'], category: 'new-passrole', severity: 'critical', sources: [RHINO, pf('lambda-001'), IAM_VULNERABLE] },
  { id: 'passrole-lambda-create-event-source', title: 'Pass a role to a new Lambda function triggered by an event source mapping', requires: [PASS_ROLE, 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'], category: 'new-passrole', severity: 'critical', sources: [RHINO, pf('lambda-002'), IAM_VULNERABLE] },
  { id: 'passrole-glue-dev-endpoint', title: 'Pass a role to a new Glue development endpoint', requires: [PASS_ROLE, 'glue:CreateDevEndpoint'], category: 'new-passrole', severity: 'critical', sources: [RHINO, pf('glue-001'), IAM_VULNERABLE] },
  { id: 'passrole-glue-create-job-run', title: 'Pass a role to a new Glue job and run it', requires: [PASS_ROLE, 'glue:CreateJob', 'glue:StartJobRun'], category: 'new-passrole', severity: 'critical', sources: [pf('glue-003')] },
  { id: 'passrole-glue-create-job-trigger', title: 'Pass a role to a new Glue job started by a trigger', requires: [PASS_ROLE, 'glue:CreateJob', 'glue:CreateTrigger'], category: 'new-passrole', severity: 'critical', sources: [pf('glue-004')] },
  { id: 'passrole-glue-update-job-run', title: 'Pass a role to an existing Glue job and run it', requires: [PASS_ROLE, 'glue:UpdateJob', 'glue:StartJobRun'], category: 'new-passrole', severity: 'critical', sources: [pf('glue-005')] },
  { id: 'passrole-glue-update-job-trigger', title: 'Pass a role to an existing Glue job started by a trigger', requires: [PASS_ROLE, 'glue:UpdateJob', 'glue:CreateTrigger'], category: 'new-passrole', severity: 'critical', sources: [pf('glue-006')] },
  { id: 'passrole-glue-interactive-session', title: 'Pass a role to a Glue interactive session and run code in it', requires: [PASS_ROLE, 'glue:CreateSession', 'glue:RunStatement'], category: 'new-passrole', severity: 'critical', sources: [pf('glue-007')] },
  { id: 'passrole-cloudformation-create-stack', title: 'Pass a role to a new CloudFormation stack that creates what the attacker wants', requires: [PASS_ROLE, 'cloudformation:CreateStack'], category: 'new-passrole', severity: 'critical', sources: [RHINO, pf('cloudformation-001'), IAM_VULNERABLE] },
  { id: 'passrole-cloudformation-stack-set', title: 'Pass an execution role to a new CloudFormation StackSet', requires: [PASS_ROLE, 'cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'], category: 'new-passrole', severity: 'critical', sources: [pf('cloudformation-003')] },
  { id: 'passrole-cloudformation-update-stack-set', title: 'Pass an execution role to an existing CloudFormation StackSet', requires: [PASS_ROLE, 'cloudformation:UpdateStackSet'], category: 'new-passrole', severity: 'critical', sources: [pf('cloudformation-004')] },
  { id: 'passrole-datapipeline', title: 'Pass a role to a new Data Pipeline that runs commands', requires: [PASS_ROLE, 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'], category: 'new-passrole', severity: 'critical', sources: [RHINO, pf('datapipeline-001'), IAM_VULNERABLE] },
  { id: 'passrole-codebuild-project-build', title: 'Pass a role to a new CodeBuild project and start a build', requires: [PASS_ROLE, 'codebuild:CreateProject', 'codebuild:StartBuild'], category: 'new-passrole', severity: 'critical', sources: [pf('codebuild-001'), IAM_VULNERABLE] },
  { id: 'passrole-codebuild-project-build-batch', title: 'Pass a role to a new CodeBuild project and start a batch build', requires: [PASS_ROLE, 'codebuild:CreateProject', 'codebuild:StartBuildBatch'], category: 'new-passrole', severity: 'critical', sources: [pf('codebuild-004')] },
  { id: 'passrole-ecs-create-service', title: 'Pass a role to a new ECS task definition run by a new service', requires: [PASS_ROLE, 'ecs:RegisterTaskDefinition', 'ecs:CreateService'], category: 'new-passrole', severity: 'critical', sources: [pf('ecs-003')] },
  { id: 'passrole-ecs-run-task', title: 'Run an ECS task with an overridden task role and command', requires: [PASS_ROLE, 'ecs:RunTask'], category: 'new-passrole', severity: 'critical', sources: [pf('ecs-008'), pf('ecs-004')] },
  { id: 'passrole-ecs-start-task', title: 'Start an ECS task with an overridden task role and command', requires: [PASS_ROLE, 'ecs:StartTask'], category: 'new-passrole', severity: 'critical', sources: [pf('ecs-009'), pf('ecs-005')] },
  { id: 'passrole-sagemaker-notebook', title: 'Pass a role to a new SageMaker notebook instance', requires: [PASS_ROLE, 'sagemaker:CreateNotebookInstance'], category: 'new-passrole', severity: 'critical', sources: [RHINO_2, pf('sagemaker-001'), IAM_VULNERABLE] },
  { id: 'passrole-sagemaker-training-job', title: 'Pass a role to a new SageMaker training job', requires: [PASS_ROLE, 'sagemaker:CreateTrainingJob'], category: 'new-passrole', severity: 'critical', sources: [pf('sagemaker-002'), IAM_VULNERABLE] },
  { id: 'passrole-sagemaker-processing-job', title: 'Pass a role to a new SageMaker processing job', requires: [PASS_ROLE, 'sagemaker:CreateProcessingJob'], category: 'new-passrole', severity: 'critical', sources: [pf('sagemaker-003'), IAM_VULNERABLE] },
  { id: 'passrole-apprunner-create-service', title: 'Pass a role to a new App Runner service', requires: [PASS_ROLE, 'apprunner:CreateService'], category: 'new-passrole', severity: 'critical', sources: [pf('apprunner-001')] },
  { id: 'passrole-bedrock-agentcore-code-interpreter', title: 'Pass a role to a new Bedrock AgentCore code interpreter and run code in it', requires: [PASS_ROLE, 'bedrock-agentcore:CreateCodeInterpreter', 'bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'], category: 'new-passrole', severity: 'critical', sources: [pf('bedrock-001')] },
  { id: 'passrole-batch-job', title: 'Pass a role to a new AWS Batch job definition and submit a job', requires: [PASS_ROLE, 'batch:RegisterJobDefinition', 'batch:SubmitJob'], category: 'new-passrole', severity: 'critical', sources: [pf('batch-001')] },

  // ---- existing resources that already run with a role --------------------------------------------------------
  { id: 'lambda-update-function-code', title: "Replace an existing Lambda function's code and act with its role", requires: ['lambda:UpdateFunctionCode'], category: 'existing-resource', severity: 'high', sources: [RHINO, pf('lambda-003'), IAM_VULNERABLE] },
  { id: 'glue-update-dev-endpoint', title: 'Add an SSH key to an existing Glue development endpoint and act with its role', requires: ['glue:UpdateDevEndpoint'], category: 'existing-resource', severity: 'high', sources: [RHINO, pf('glue-002'), IAM_VULNERABLE] },
  { id: 'cloudformation-update-stack', title: "Update an existing stack so its service role creates what the attacker wants", requires: ['cloudformation:UpdateStack'], category: 'existing-resource', severity: 'high', sources: [pf('cloudformation-002'), IAM_VULNERABLE] },
  { id: 'cloudformation-change-set', title: "Create and execute a change set on a stack with a privileged service role", requires: ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], category: 'existing-resource', severity: 'high', sources: [pf('cloudformation-005')] },
  { id: 'codebuild-start-build', title: 'Start a build of an existing project with an overridden buildspec', requires: ['codebuild:StartBuild'], category: 'existing-resource', severity: 'high', sources: [pf('codebuild-002')] },
  { id: 'codebuild-start-build-batch', title: 'Start a batch build of an existing project with an overridden buildspec', requires: ['codebuild:StartBuildBatch'], category: 'existing-resource', severity: 'high', sources: [pf('codebuild-003')] },
  { id: 'ec2-user-data', title: "Change an instance's user data and restart it to run code with its instance profile", requires: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'], category: 'existing-resource', severity: 'high', sources: [pf('ec2-002')] },
  { id: 'ec2-instance-connect', title: 'Push an SSH key to an instance with EC2 Instance Connect and use its role', requires: ['ec2-instance-connect:SendSSHPublicKey'], category: 'existing-resource', severity: 'high', sources: [pf('ec2-003'), IAM_VULNERABLE] },
  { id: 'ec2-launch-template', title: 'Publish a new default launch template version that runs code with its instance profile', requires: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'], category: 'existing-resource', severity: 'high', sources: [pf('ec2-005')] },
  { id: 'ecs-execute-command', title: 'Open a shell in a running ECS task and use its task role', requires: ['ecs:ExecuteCommand', 'ecs:DescribeTasks'], category: 'existing-resource', severity: 'high', sources: [pf('ecs-006')] },
  { id: 'ssm-start-session', title: 'Open a Session Manager shell on an instance and use its role', requires: ['ssm:StartSession'], category: 'existing-resource', severity: 'high', sources: [pf('ssm-001'), IAM_VULNERABLE] },
  { id: 'ssm-send-command', title: 'Run commands on an instance through SSM and use its role', requires: ['ssm:SendCommand'], category: 'existing-resource', severity: 'high', sources: [pf('ssm-002'), IAM_VULNERABLE] },
  { id: 'sagemaker-presigned-notebook-url', title: 'Open an existing SageMaker notebook through a presigned URL and use its role', requires: ['sagemaker:CreatePresignedNotebookInstanceUrl'], category: 'existing-resource', severity: 'high', sources: [RHINO_2, pf('sagemaker-004'), IAM_VULNERABLE] },
  { id: 'sagemaker-notebook-lifecycle-config', title: "Inject a lifecycle configuration into an existing notebook and restart it", requires: ['sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:StopNotebookInstance', 'sagemaker:UpdateNotebookInstance', 'sagemaker:StartNotebookInstance'], category: 'existing-resource', severity: 'high', sources: [pf('sagemaker-005')] },
  { id: 'apprunner-update-service', title: 'Update an existing App Runner service to run code with its instance role', requires: ['apprunner:UpdateService'], category: 'existing-resource', severity: 'high', sources: [pf('apprunner-002')] },
  { id: 'bedrock-agentcore-existing-code-interpreter', title: 'Run code in an existing Bedrock AgentCore code interpreter and use its role', requires: ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'], category: 'existing-resource', severity: 'high', sources: [pf('bedrock-002')] },
  { id: 'batch-submit-job', title: 'Submit a job to an existing AWS Batch job definition with an overridden command', requires: ['batch:SubmitJob'], category: 'existing-resource', severity: 'high', sources: [pf('batch-002')] },
  { id: 'codedeploy-create-deployment', title: 'Deploy code to instances of an existing CodeDeploy deployment group', requires: ['codedeploy:CreateDeployment'], category: 'existing-resource', severity: 'high', sources: [pf('codedeploy-001')] },
];

/** The Action a Deny should name to block a method. */
export function blockingAction(m: EscalationMethod): string {
  return m.blockWith ?? m.requires[0]!;
}

/** Whether a method can serve this kind of principal. */
export function appliesTo(m: EscalationMethod, kind: 'user' | 'role'): boolean {
  return m.principals === undefined || m.principals.includes(kind);
}
