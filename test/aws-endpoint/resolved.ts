// The resolved model of a FakeAccount: what the endpoint serves (dates as epoch ms, references checked, ids derived).
import type { PasswordPolicyOptions } from './account-options.js';

export interface RInline {
  name: string;
  text: string;
}
export interface RAttached {
  name: string;
  arn: string;
}
export interface RKey {
  id: string;
  active: boolean;
  created: number;
  lastUsed: number | null;
  lastUsedRegion: string;
  lastUsedService: string;
}
export interface RCert {
  active: boolean;
  lastRotated: number;
}
export interface RUser {
  name: string;
  id: string;
  arn: string;
  path: string;
  created: number;
  console: boolean;
  passwordLastUsed: number | 'N/A' | 'no_information';
  passwordLastChanged: number | null;
  mfa: 'virtual' | 'hardware' | null;
  mfaEnabled: number;
  keys: RKey[];
  certs: RCert[];
  groups: string[];
  attached: RAttached[];
  inline: RInline[];
  tags: [string, string][];
  boundary?: string;
}
export interface RGroup {
  name: string;
  id: string;
  arn: string;
  path: string;
  created: number;
  attached: RAttached[];
  inline: RInline[];
}
export interface RInstanceProfile {
  name: string;
  id: string;
  arn: string;
  path: string;
  created: number;
}
export interface RRole {
  name: string;
  id: string;
  arn: string;
  path: string;
  created: number;
  description?: string;
  trustText: string;
  lastUsed: { date: number; region: string } | null;
  attached: RAttached[];
  inline: RInline[];
  boundary?: string;
  tags: [string, string][];
  maxSessionDuration: number;
  instanceProfiles: RInstanceProfile[];
}
export interface RPolicyVersion {
  versionId: string;
  text: string;
  isDefault: boolean;
  created: number;
}
export interface RPolicy {
  name: string;
  id: string;
  arn: string;
  path: string;
  awsManaged: boolean;
  description?: string;
  created: number;
  updated: number;
  defaultVersionId: string;
  versions: RPolicyVersion[];
  attachmentCount: number;
  boundaryUsageCount: number;
  isAttachable: boolean;
}
export interface RVirtualMfa {
  serial: string;
  /** undefined = unassigned */
  user?: RUser | 'root';
  enableDate?: number;
}
export interface RRoot {
  arn: string;
  created: number;
  mfa: 'virtual' | 'hardware' | null;
  keys: RKey[];
  certs: RCert[];
  passwordLastUsed: number | 'N/A' | 'no_information';
}

/** The account resolved into wire-ready records, with caches the endpoint fills lazily. */
export interface ResolvedAccount {
  accountId: string;
  partition: string;
  now: number;
  version: number;
  root: RRoot;
  users: RUser[];
  groups: RGroup[];
  roles: RRole[];
  /** Customer managed policies, then the AWS managed policies that are in use. */
  policies: RPolicy[];
  usersByName: Map<string, RUser>;
  passwordPolicy: PasswordPolicyOptions | null;
  virtualMfas: RVirtualMfa[];
  /** Scratch space for the endpoint (rendered XML fragments, filtered entity lists). Dropped on any change. */
  cache: Map<string, unknown>;
}
