// The steps of the attack-path graph, as data: what each one needs and where it is documented. The iam:PassRole
// rows are the new-compute rows of the one-step table (src/policy/escalation-methods.ts) with the service principal
// the passed role must trust for the service to run code with it (from each service's documentation of its
// execution / service role).
import { ESCALATION_METHODS, type EscalationMethod } from '../policy/escalation-methods.js';

const IAM_DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html';
const ROLE_DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html';
const source = (id: string) => ESCALATION_METHODS.find((m) => m.id === id)?.sources ?? [];

export interface StepMethod {
  id: string;
  title: string;
  sources: readonly string[];
}

const step = (id: string, title: string, sources: readonly string[]): StepMethod => ({ id, title, sources });

export const ASSUME_ROLE = step('sts-assume-role', 'Assume the role (identity policy and trust policy allow it)', [ROLE_DOCS, IAM_DOCS]);
export const UPDATE_TRUST = step('iam-update-assume-role-policy', "Rewrite the role's trust policy to trust itself, then assume it", source('iam-update-assume-role-policy'));
export const CREATE_ACCESS_KEY = step('iam-create-access-key', 'Create an access key for the user', source('iam-create-access-key'));
export const CREATE_LOGIN_PROFILE = step('iam-create-login-profile', 'Set a console password for the user, who has none', source('iam-create-login-profile'));
export const UPDATE_LOGIN_PROFILE = step('iam-update-login-profile', "Change the user's console password", source('iam-update-login-profile'));

/** Changes to the principal's own permissions that make it an administrator: the action, and what it acts on. */
export interface SelfChange extends StepMethod {
  action: string;
  kind: 'user' | 'role';
  target: 'self' | 'attached-policy' | 'group' | 'any-group' | 'boundary';
}

const self = (id: string, action: string, kind: 'user' | 'role', target: SelfChange['target'], title?: string): SelfChange => ({
  ...step(id, title ?? ESCALATION_METHODS.find((m) => m.id === id)?.title ?? id, source(id)),
  action,
  kind,
  target,
});

export const SELF_CHANGES: readonly SelfChange[] = [
  self('iam-attach-user-policy', 'iam:AttachUserPolicy', 'user', 'self'),
  self('iam-put-user-policy', 'iam:PutUserPolicy', 'user', 'self'),
  self('iam-attach-role-policy', 'iam:AttachRolePolicy', 'role', 'self'),
  self('iam-put-role-policy', 'iam:PutRolePolicy', 'role', 'self'),
  self('iam-create-policy-version', 'iam:CreatePolicyVersion', 'user', 'attached-policy'),
  self('iam-create-policy-version', 'iam:CreatePolicyVersion', 'role', 'attached-policy'),
  self('iam-attach-group-policy', 'iam:AttachGroupPolicy', 'user', 'group'),
  self('iam-put-group-policy', 'iam:PutGroupPolicy', 'user', 'group'),
  self('iam-add-user-to-group', 'iam:AddUserToGroup', 'user', 'any-group', 'Add itself to a group whose policies make it an administrator'),
  {
    ...step('iam-delete-user-permissions-boundary', 'Delete its own permissions boundary (its policies alone make it an administrator)', ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html']),
    action: 'iam:DeleteUserPermissionsBoundary',
    kind: 'user',
    target: 'boundary',
  },
  {
    ...step('iam-delete-role-permissions-boundary', 'Delete its own permissions boundary (its policies alone make it an administrator)', ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html']),
    action: 'iam:DeleteRolePermissionsBoundary',
    kind: 'role',
    target: 'boundary',
  },
];

/** The service principal each new-compute iam:PassRole method hands the role to (the role must trust it). */
const PASSED_TO: Record<string, string> = {
  ec2: 'ec2.amazonaws.com',
  lambda: 'lambda.amazonaws.com',
  glue: 'glue.amazonaws.com',
  cloudformation: 'cloudformation.amazonaws.com',
  datapipeline: 'datapipeline.amazonaws.com',
  codebuild: 'codebuild.amazonaws.com',
  ecs: 'ecs-tasks.amazonaws.com',
  sagemaker: 'sagemaker.amazonaws.com',
  apprunner: 'tasks.apprunner.amazonaws.com',
  'bedrock-agentcore': 'bedrock-agentcore.amazonaws.com',
  // A Batch job's role is an ECS task role.
  batch: 'ecs-tasks.amazonaws.com',
};

export interface PassRoleMethod extends StepMethod {
  service: string;
  /** The other actions (on any resource) the method needs beside iam:PassRole. */
  actions: readonly string[];
}

// StackSet execution roles trust the StackSet administration role, not a service: those rows are left out.
export const PASS_ROLE_METHODS: readonly PassRoleMethod[] = ESCALATION_METHODS.filter((m) => m.category === 'new-passrole' && !m.id.includes('stack-set')).flatMap(
  (m: EscalationMethod): PassRoleMethod[] => {
    const other = m.requires.filter((r) => r !== 'iam:PassRole');
    const service = PASSED_TO[other[0]?.split(':')[0] ?? ''];
    return service ? [{ id: m.id, title: m.title, sources: m.sources, service, actions: other }] : [];
  },
);
