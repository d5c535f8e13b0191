// How a principal matches a privilege-escalation method: its own module so that the AWS-owned filter
// (aws-owned.ts) and the risk analysis (principal-risk.ts) can share it without importing each other.
import type { Severity } from '../vocabulary.js';
import type { EscalationMethod } from './escalation-methods.js';

export type GrantClass = 'unconditional' | 'scoped' | 'conditional' | 'conditional-scoped';

export interface MethodMatch {
  method: EscalationMethod;
  grant: GrantClass;
  severity: Severity;
  /** Per requirement, the catalogue actions that satisfy it, best grant first. */
  requirements: { requirement: string; actions: string[] }[];
}
