// Mutation and differential tests on the real public exports (test/fixtures/auth-details, NOTICE.md there): every
// mutant must load without a crash, keep every entity the mutation did not touch, and turn no FAIL of the original
// into a PASS (a FAIL may only stay FAIL or become NOT_ASSESSED).
//
// What AWS documents (GetAccountAuthorizationDetails API reference; SDK v3 clients/client-iam models_0): every member
// of UserDetail, GroupDetail, RoleDetail, ManagedPolicyDetail, PolicyDetail, AttachedPolicy, PolicyVersion and
// RoleLastUsed is optional in the model ("Required: No"); Tag.Key/Value and InstanceProfile's Path, Name, Id, Arn,
// CreateDate, Roles are required. In practice IAM always sends the identity fields, GroupList, the attached lists,
// GroupPolicyList, RolePolicyList, RoleLastUsed and PolicyVersionList, and omits UserPolicyList, PermissionsBoundary
// and Tags when there are none (the public exports do). The credential report's 22 columns are documented as always
// present (IAM User Guide, "Credential report format"). Those three omittable fields mean "none" when absent, so
// removing them changes the account: for them the test is differential (absent loads exactly as the empty value).
import { describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../src/pipeline/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/vocabulary.js';
import { buildOfflineSnapshot } from '../../src/load/offline.js';
import type { AccountSnapshot } from '../../src/snapshot/snapshot.js';
import type { AuditReport } from '../../src/report/model.js';
import { mulberry32, type Rng } from '../aws-endpoint/prng.js';
import { AT, EXPORTS, readExport, reportFor } from '../helpers/auth-details.js';

type Json = Record<string, unknown>;
interface Mutant {
  name: string;
  pages: Json[];
  csv: string;
  /** ARNs the mutation touched (they may be gapped or dropped). */
  touched: Set<string>;
}

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
const OMITTABLE: Record<string, unknown> = { UserPolicyList: [], PermissionsBoundary: undefined, Tags: [] };
const clone = <T>(v: T): T => structuredClone(v);

/** Every removable (or re-cased) key path in an entity: top-level keys and keys of nested objects and list entries. */
function keyPaths(entity: Json): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(entity)) {
    out.push([k]);
    const items = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : typeof v === 'object' && v ? [['', v] as const] : [];
    for (const [i, item] of items) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
      for (const inner of Object.keys(item)) out.push(i === '' ? [k, inner] : [k, i, inner]);
    }
  }
  return out;
}

function editAt(entity: Json, path: string[], edit: (o: Json, key: string) => void): void {
  let o = entity as Json;
  for (const p of path.slice(0, -1)) o = o[p] as Json;
  edit(o, path[path.length - 1]!);
}

const remove = (o: Json, key: string) => delete o[key];
const recase = (o: Json, key: string) => {
  o[key[0]!.toLowerCase() + key.slice(1)] = o[key];
  delete o[key];
};

/** Every entity mutant, unbuilt: the export is cloned and edited by build(), only for the mutants sampled. */
function entityMutants(exp: Json, csv: string): { name: string; build: () => Mutant }[] {
  const out: { name: string; build: () => Mutant }[] = [];
  for (const list of LISTS) {
    ((exp[list] ?? []) as Json[]).forEach((entity, i) => {
      for (const path of keyPaths(entity)) {
        for (const [how, edit] of [['remove', remove], ['recase', recase]] as const) {
          if (how === 'remove' && path.length === 1 && path[0]! in OMITTABLE) continue; // differential test below
          const name = `${how} ${list}[${i}].${path.join('.')}`;
          const build = (): Mutant => {
            const copy = clone(exp);
            editAt((copy[list] as Json[])[i]!, path, edit);
            return { name, pages: [copy], csv, touched: new Set([entity.Arn as string]) };
          };
          out.push({ name, build });
        }
      }
    });
  }
  return out;
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Pages of one list chunk each, shuffled; the same with one page duplicated. */
function pageMutants(rng: Rng, exp: Json, csv: string): Mutant[] {
  const pages: Json[] = [];
  for (const list of LISTS) {
    const items = (exp[list] ?? []) as Json[];
    for (let i = 0; i < items.length; i += 2) pages.push({ [list]: items.slice(i, i + 2) });
  }
  const out: Mutant[] = [];
  for (let k = 0; k < 3; k++) out.push({ name: `shuffle ${k}`, pages: shuffled(rng, pages), csv, touched: new Set() });
  for (let k = 0; k < 3; k++) {
    const order = shuffled(rng, pages);
    out.push({ name: `duplicate page ${k}`, pages: [...order, order[Math.floor(rng() * order.length)]!], csv, touched: new Set() });
  }
  return out;
}

function csvMutants(exp: Json, csv: string): Mutant[] {
  const lines = csv.split('\n');
  const out: Mutant[] = [];
  for (let r = 1; r < lines.length; r++) {
    out.push({ name: `drop row ${r}`, pages: [exp], csv: lines.filter((_, i) => i !== r).join('\n'), touched: new Set([lines[r]!.split(',')[1]!]) });
  }
  const columns = lines[0]!.split(',').length;
  for (let c = 0; c < columns; c++) {
    const drop = (l: string) => l.split(',').filter((_, i) => i !== c).join(',');
    const column = lines[0]!.split(',')[c]!;
    // Without the arn column no row can be told apart (a user's path is not in the CSV): every row is touched.
    const touched = new Set(column === 'arn' ? lines.slice(1).map((l) => l.split(',')[1]!) : []);
    out.push({ name: `drop column ${column}`, pages: [exp], csv: lines.map(drop).join('\n'), touched });
  }
  return out;
}

const audit = (snapshot: AccountSnapshot) => auditSnapshot(snapshot, { thresholds: DEFAULT_THRESHOLDS, now: AT });
const load = (pages: Json[], csv: string) =>
  buildOfflineSnapshot(pages.map((page, i) => ({ page, source: `export page ${i + 1}` })), { text: csv, source: 'report.csv' }, AT).snapshot;

function entityArns(s: AccountSnapshot): string[] {
  return [...s.users, ...s.groups, ...s.roles, ...s.policies].map((e) => e.arn).concat((s.credentialReport?.rows ?? []).map((r) => `row:${r.arn}`));
}

/**
 * FAIL findings of the original that the mutant reports as PASS (or not at all, with no NOT_ASSESSED in their place).
 * A touched entity the loader could not name by ARN is NOT_ASSESSED under its synthetic name ("Policies[PolicyName=x]").
 */
function flips(original: AuditReport, mutant: AuditReport, touched: ReadonlySet<string>): string[] {
  const synthetic = new Set(mutant.findings.filter((f) => f.status === 'NOT_ASSESSED' && !f.resourceArn.startsWith('arn:')).map((f) => f.checkId));
  const byId = new Map(mutant.findings.map((f) => [f.id, f]));
  const unassessed = new Set(mutant.findings.filter((f) => f.status === 'NOT_ASSESSED').map((f) => `${f.checkId}|${f.resourceArn}`));
  const wholeCheck = new Set(mutant.checks.filter((c) => c.status === 'NOT_ASSESSED' && c.evaluated === 0).map((c) => c.id));
  return original.findings
    .filter((f) => f.status === 'FAIL')
    .filter((f) => !byId.has(f.id) && !unassessed.has(`${f.checkId}|${f.resourceArn}`) && !wholeCheck.has(f.checkId))
    .filter((f) => !(touched.has(f.resourceArn) && synthetic.has(f.checkId)))
    .map((f) => `${f.checkId} ${f.resourceArn}${f.detail ? ` (${f.detail})` : ''}`);
}

// Mutants per export beyond the page and CSV ones: the suite stays well under 20 s on 2 cores. MUTATION_SAMPLE=100000
// runs every mutant (about a minute): do it when the loader or the runner's gap rules change.
const SAMPLE = Number(process.env.MUTATION_SAMPLE ?? 200);

describe.each(EXPORTS)('mutants of the public export %s', (file) => {
  const exp = readExport(file) as Json;
  const csv = reportFor(exp as Record<string, unknown[]>);
  const rng = mulberry32(0x1d10 + file.length);
  const all = entityMutants(exp, csv);
  const sample = (all.length <= SAMPLE ? all : shuffled(rng, all).slice(0, SAMPLE)).map((m) => m.build());
  const mutants = [...sample, ...pageMutants(rng, exp, csv), ...csvMutants(exp, csv)];

  it(`${mutants.length} mutants (of ${all.length} entity mutants, sampled with a fixed seed): no crash, no entity lost, no FAIL turned PASS`, async () => {
    const original = load([exp], csv);
    const before = await audit(original);
    expect(before.findings.some((f) => f.status === 'FAIL')).toBe(true);
    const problems: string[] = [];
    for (const m of mutants) {
      let snapshot: AccountSnapshot;
      try {
        snapshot = load(m.pages, m.csv);
      } catch (e) {
        problems.push(`${m.name}: crashed: ${(e as Error).message}`);
        continue;
      }
      const kept = new Set(entityArns(snapshot));
      const lost = entityArns(original).filter((a) => !kept.has(a) && !m.touched.has(a.replace(/^row:/, '')));
      if (lost.length) problems.push(`${m.name}: lost ${lost.join(', ')}`);
      const flipped = flips(before, await audit(snapshot), m.touched);
      if (flipped.length) problems.push(`${m.name}: FAIL -> PASS: ${flipped.join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('fields AWS omits when empty (UserPolicyList, PermissionsBoundary, Tags) load absent exactly as empty', () => {
    for (const list of LISTS) {
      ((exp[list] ?? []) as Json[]).forEach((entity, i) => {
        for (const [key, empty] of Object.entries(OMITTABLE)) {
          if (!(key in entity)) continue;
          const absent = clone(exp);
          delete (absent[list] as Json[])[i]![key];
          const emptied = clone(exp);
          if (empty === undefined) delete (emptied[list] as Json[])[i]![key];
          else (emptied[list] as Json[])[i]![key] = empty;
          expect(load([absent], csv), `${list}[${i}].${key}`).toEqual(load([emptied], csv));
        }
      });
    }
  });
});
