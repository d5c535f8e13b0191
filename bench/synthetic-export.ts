// Synthetic `aws iam get-account-authorization-details` exports of any size, for the size curve (size-curve.ts):
// the four public exports of test/fixtures/auth-details (cloudsplaining's, the same files as shared/data/auth-details),
// merged into one account and copied until the file reaches the size asked for. Every copy renames its users, groups,
// roles, instance profiles and customer managed policies (name, id, ARN, and the references between them: group
// memberships, attached policies, boundaries), so the entities stay unique and keep their relations; the AWS
// managed policies are written once. The statements, trust policies and dates are the real ones.
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const ACCOUNT = '012345678901';
const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
type ListKey = (typeof LISTS)[number];
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Entity = { [key: string]: Json };
/** Each entity with the index of the export it came from: the exports reuse names, so a copy's suffix names both. */
type Template = Record<ListKey, { entity: Entity; file: number }[]>;

/** Fields that name an entity of the account (renamed per copy) and fields that hold an ARN of one. */
const NAME_FIELDS = new Set(['UserName', 'GroupName', 'RoleName', 'PolicyName', 'InstanceProfileName']);
const ID_FIELDS = new Set(['UserId', 'GroupId', 'RoleId', 'PolicyId', 'InstanceProfileId']);
const ARN_FIELDS = new Set(['Arn', 'PolicyArn', 'PermissionsBoundaryArn']);
const isAwsManaged = (arn: string) => arn.startsWith('arn:aws:iam::aws:policy/');

/** The four exports as one account's lists (the one export of another account moved into this one). */
export function readTemplate(dir: string): Template {
  const template: Template = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  const seenAwsPolicies = new Set<string>();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  files.forEach((file, index) => {
    const text = readFileSync(join(dir, file), 'utf8').replace(/arn:aws:iam::\d{12}:/g, `arn:aws:iam::${ACCOUNT}:`);
    const data = JSON.parse(text) as Partial<Record<ListKey, Entity[]>>;
    for (const key of LISTS) {
      for (const entity of data[key] ?? []) {
        const arn = String(entity.Arn ?? '');
        if (key === 'Policies' && isAwsManaged(arn)) {
          if (seenAwsPolicies.has(arn)) continue;
          seenAwsPolicies.add(arn);
        }
        template[key].push({ entity, file: index });
      }
    }
  });
  return template;
}

/** The entity with its own names, ids and ARNs (suffix appended), and references to the entities of the same copy. */
function renamed(value: Json, suffix: string, key = '', awsManagedSibling = false): Json {
  if (typeof value === 'string') {
    if (ARN_FIELDS.has(key)) return isAwsManaged(value) || !value.startsWith(`arn:aws:iam::${ACCOUNT}:`) ? value : `${value}-${suffix}`;
    if (NAME_FIELDS.has(key)) return awsManagedSibling ? value : `${value}-${suffix}`;
    if (ID_FIELDS.has(key)) return awsManagedSibling ? value : `${value}${suffix.toUpperCase()}`;
    return value;
  }
  if (Array.isArray(value)) return key === 'GroupList' ? value.map((g) => `${String(g)}-${suffix}`) : value.map((v) => renamed(v, suffix, key));
  if (value === null || typeof value !== 'object') return value;
  // Trust and permission policy documents are kept as they are: they name principals and resources, not entities.
  if (key === 'AssumeRolePolicyDocument' || key === 'PolicyDocument' || key === 'Document') return value;
  const arn = value.Arn ?? value.PolicyArn;
  const awsManaged = typeof arn === 'string' && isAwsManaged(arn);
  const out: Entity = {};
  for (const [k, v] of Object.entries(value)) out[k] = renamed(v, suffix, k, awsManaged);
  return out;
}

/** Bytes of one copy in the file (the four lists' entries, at the file's indentation). */
function entryText(entity: Json): string {
  return `    ${JSON.stringify(entity, null, 2).replace(/\n/g, '\n    ')}`;
}

export interface SyntheticExport {
  path: string;
  bytes: number;
  copies: number;
  entities: Record<ListKey, number>;
}

/**
 * Writes an export of about targetBytes (at least one copy) to path, entry by entry: no string of the whole file
 * is built. Indented by 2 like the public exports.
 */
export function writeSyntheticExport(template: Template, path: string, targetBytes: number): SyntheticExport {
  const once = (key: ListKey) => template[key].filter(({ entity }) => key === 'Policies' && isAwsManaged(String(entity.Arn)));
  const copied = (key: ListKey) => template[key].filter(({ entity }) => key !== 'Policies' || !isAwsManaged(String(entity.Arn)));
  const copyOf = (e: { entity: Entity; file: number }, n: number) => renamed(e.entity, `f${e.file}c${n}`);
  const entryBytes = (entity: Json) => Buffer.byteLength(entryText(entity)) + 2;
  const perCopy = LISTS.reduce((sum, key) => sum + copied(key).reduce((s, e) => s + entryBytes(copyOf(e, 1)), 0), 0);
  const onceBytes = LISTS.reduce((sum, key) => sum + once(key).reduce((s, e) => s + entryBytes(e.entity), 0), 0);
  const copies = Math.max(1, Math.round((targetBytes - onceBytes) / perCopy));
  const fd = openSync(path, 'w');
  const entities = { UserDetailList: 0, GroupDetailList: 0, RoleDetailList: 0, Policies: 0 };
  let buffer = '';
  const write = (text: string) => {
    buffer += text;
    if (buffer.length >= 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  try {
    write('{\n');
    LISTS.forEach((key, k) => {
      write(`  "${key}": [`);
      let first = true;
      const entry = (entity: Json) => {
        write(`${first ? '\n' : ',\n'}${entryText(entity)}`);
        first = false;
        entities[key]++;
      };
      for (const e of once(key)) entry(e.entity);
      const list = copied(key);
      for (let n = 1; n <= copies; n++) for (const e of list) entry(copyOf(e, n));
      write(`${first ? '' : '\n  '}]${k < LISTS.length - 1 ? ',' : ''}\n`);
    });
    write('}\n');
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return { path, bytes: statSync(path).size, copies, entities };
}
