import type { Compliance } from '../vocabulary.js';

export interface ComplianceRef {
  /** The key of the finding's or check's `compliance` object, e.g. "cis-7.0", "security-hub". */
  framework: string;
  id: string;
}

/**
 * Every control reference of a `compliance` object, read generically (any framework key; ids as strings, or objects
 * with an `id`), so the report formats follow new frameworks without naming them.
 */
export function complianceRefs(compliance: Compliance | Record<string, unknown> | undefined): ComplianceRef[] {
  const refs: ComplianceRef[] = [];
  for (const [framework, value] of Object.entries(compliance ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const id = typeof item === 'string' || typeof item === 'number' ? String(item) : typeof item === 'object' && item !== null && 'id' in item ? String(item.id) : undefined;
      if (id) refs.push({ framework, id });
    }
  }
  return refs;
}
