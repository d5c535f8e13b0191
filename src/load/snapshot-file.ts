import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import {
  accountSnapshotSchema,
  groupSchema,
  managedPolicySchema,
  roleSchema,
  SCHEMA_VERSION,
  userSchema,
  type AccountSnapshot,
  type Gap,
} from '../snapshot/snapshot.js';
import { propagateGaps } from './auth-details-gaps.js';
import { emptyAuthorizationDetails } from './authorization-details.js';
import { isObj, unknownKeys } from './fields.js';
import { firstIssueText } from '../util/zod-issue.js';

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

const ENTITY_LISTS = [
  ['users', userSchema],
  ['groups', groupSchema],
  ['roles', roleSchema],
  ['policies', managedPolicySchema],
] as const;

/**
 * A saved snapshot. One entity that does not fit the schema (hand-edited, or written by another version) is dropped
 * with a gap naming it, and whatever depends on it (members of its group, attachers of its policy) gets a gap too;
 * the rest of the snapshot must be valid. Unknown top-level keys are warnings.
 */
export function readSnapshotData(data: unknown, source: string): { snapshot: AccountSnapshot; warnings: string[] } {
  const version = (data as { schemaVersion?: unknown })?.schemaVersion;
  if (version !== undefined && version !== SCHEMA_VERSION) {
    throw new InputError(`${source}: schemaVersion ${JSON.stringify(version)} is not supported (expected ${SCHEMA_VERSION})`);
  }
  const warnings: string[] = [];
  let input = data;
  if (isObj(data) && ENTITY_LISTS.every(([key]) => Array.isArray(data[key])) && Array.isArray(data.gaps)) {
    const extra = unknownKeys(data, new Set(Object.keys(accountSnapshotSchema.shape)));
    if (extra.length) warnings.push(`${source}: keys this tool does not read (ignored): ${extra.join(', ')}`);
    const details = emptyAuthorizationDetails();
    details.present = { users: true, groups: true, roles: true, policies: true };
    const gaps: Gap[] = [];
    const lists: Record<string, unknown[]> = {};
    for (const [key, schema] of ENTITY_LISTS) {
      lists[key] = (data[key] as unknown[]).filter((e, i) => {
        const r = schema.safeParse(e);
        if (r.success) return true;
        const issue = r.error.issues[0]!;
        const arn = isObj(e) && typeof e.arn === 'string' ? e.arn : `${key}[${i}]`;
        gaps.push({ part: key, api: 'snapshot', error: 'Unreadable', message: `${source}: ${key}[${i}].${issue.path.join('.')}: ${issue.message}`, resource: arn, field: issue.path.join('.') || '(entry)' });
        return false;
      });
    }
    if (gaps.length) {
      Object.assign(details, { users: lists.users, groups: lists.groups, roles: lists.roles, policies: lists.policies, gaps });
      propagateGaps(details, new Map());
      input = { ...data, ...lists, gaps: [...(data.gaps as unknown[]), ...details.gaps] };
    }
  }
  const parsed = accountSnapshotSchema.safeParse(input);
  if (!parsed.success) {
    throw new InputError(`${source}: ${firstIssueText(parsed.error)}`);
  }
  return { snapshot: parsed.data, warnings };
}

export function parseSnapshot(data: unknown, source: string): AccountSnapshot {
  return readSnapshotData(data, source).snapshot;
}

export async function loadSnapshotFile(path: string, onWarning?: (message: string) => void): Promise<AccountSnapshot> {
  const { snapshot, warnings } = readSnapshotData(await readJsonFile(path), path);
  for (const w of warnings) onWarning?.(w);
  return snapshot;
}
