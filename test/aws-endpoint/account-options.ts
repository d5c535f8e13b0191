// What a fixture declares on a FakeAccount (account.ts): the options of user(), group(), role(), ... as written in tests.

export type PolicyDocumentInput = Record<string, unknown> | string;
export interface InlinePolicyInput {
  name: string;
  document: PolicyDocumentInput;
}
/** One inline policy, a list of them, or a record name → document. */
export type InlineInput = InlinePolicyInput | InlinePolicyInput[] | Record<string, PolicyDocumentInput>;
export type MfaInput = boolean | 'virtual' | 'hardware';
/** A date, null (never), or one of the credential report's literal tokens. */
export type LastUsedInput = string | null | 'N/A' | 'no_information';

export interface AccessKeyInput {
  active?: boolean;
  created?: string;
  lastUsed?: string | null;
  lastUsedRegion?: string;
  lastUsedService?: string;
  id?: string;
}
export interface CertInput {
  active?: boolean;
  lastRotated?: string;
}
export interface UserOptions {
  path?: string;
  id?: string;
  created?: string;
  console?: boolean;
  passwordLastUsed?: LastUsedInput;
  passwordLastChanged?: string;
  mfa?: MfaInput;
  mfaEnabled?: string;
  keys?: AccessKeyInput[];
  certs?: CertInput[];
  groups?: string[];
  attached?: string[];
  inline?: InlineInput;
  tags?: Record<string, string>;
  boundary?: string;
}
export interface GroupOptions {
  path?: string;
  id?: string;
  created?: string;
  attached?: string[];
  inline?: InlineInput;
}
export interface RoleOptions {
  path?: string;
  id?: string;
  created?: string;
  description?: string;
  trust?: PolicyDocumentInput;
  lastUsed?: string | null;
  lastUsedRegion?: string;
  attached?: string[];
  inline?: InlineInput;
  boundary?: string;
  tags?: Record<string, string>;
  maxSessionDuration?: number;
  instanceProfile?: boolean | string | string[];
}
export interface ManagedPolicyOptions {
  path?: string;
  id?: string;
  description?: string;
  created?: string;
  updated?: string;
  previousVersions?: PolicyDocumentInput[];
  isAttachable?: boolean;
}
export interface AwsManagedPolicyOptions {
  path?: string;
  defaultVersionId?: string;
  created?: string;
  updated?: string;
  description?: string;
}
export interface PasswordPolicyOptions {
  minimumPasswordLength?: number;
  requireSymbols?: boolean;
  requireNumbers?: boolean;
  requireUppercaseCharacters?: boolean;
  requireLowercaseCharacters?: boolean;
  allowUsersToChangePassword?: boolean;
  maxPasswordAge?: number;
  passwordReusePrevention?: number;
  hardExpiry?: boolean;
}
export interface RootOptions {
  created?: string;
  mfa?: MfaInput;
  mfaEnabled?: string;
  keys?: AccessKeyInput[];
  certs?: CertInput[];
  passwordLastUsed?: LastUsedInput;
}
export interface VirtualMfaOptions {
  /** A user name, or '<root>' for the root user; omitted = unassigned. */
  user?: string;
  enableDate?: string;
}
export interface AccountOptions {
  now?: string;
  created?: string;
  partition?: string;
}
