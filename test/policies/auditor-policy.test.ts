// The shipped auditor policy must allow every call the collectors can make, and nothing that writes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isReadOnlyCommand } from '../../src/aws/read-only-guard.js';
import { actionMatches, loadActionCatalog, type ActionCatalog } from '../../src/policy/catalog.js';
import { normalizePolicyDocument } from '../../src/policy/normalize.js';

const root = join(import.meta.dirname, '../..');
const policy = normalizePolicyDocument(JSON.parse(readFileSync(join(root, 'policies/auditor-policy.json'), 'utf8')));
const allowed = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action ?? []);

/** The IAM action prefix of an SDK client package, where the two differ. */
const SERVICE_PREFIX: Record<string, string> = { accessanalyzer: 'access-analyzer' };
/** Commands authorized by another action's name (AWS: ListFindingsV2 "uses access-analyzer:ListFindings"). */
const AUTHORIZED_AS: Record<string, string> = { 'access-analyzer:ListFindingsV2': 'access-analyzer:ListFindings' };

/** Every `new XCommand(` and `paginateX(` in the collectors, as the IAM action that authorizes it. */
function commandsSentByCollectors(): string[] {
  const dir = join(root, 'src/collect');
  const actions = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true }) as string[]) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
      const service = SERVICE_PREFIX[m[2]] ?? m[2];
      for (const name of m[1].split(',').map((n) => n.replace(/^type\s+/, '').trim())) {
        const command = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
        if (command) actions.add(AUTHORIZED_AS[`${service}:${command}`] ?? `${service}:${command}`);
      }
    }
  }
  return [...actions].sort();
}

describe('policies/auditor-policy.json', () => {
  let catalog: ActionCatalog;
  beforeAll(async () => {
    catalog = await loadActionCatalog();
  });

  it('allows every command the collectors can send', () => {
    const sent = commandsSentByCollectors();
    expect(sent).toContain('iam:GetAccountAuthorizationDetails');
    expect(sent).toContain('sts:GetCallerIdentity');
    expect(sent).toEqual(expect.arrayContaining(['iam:ListServerCertificates', 'iam:ListServiceSpecificCredentials', 'iam:ListSAMLProviders', 'iam:ListOpenIDConnectProviders', 'account:GetAlternateContact', 'account:ListRegions', 'access-analyzer:ListAnalyzers', 'access-analyzer:ListFindings']));
    const missing = sent.filter((a) => !allowed.some((p) => actionMatches(p, a)));
    expect(missing).toEqual([]);
  });

  it('allows nothing that writes', () => {
    for (const pattern of allowed) {
      const actions = catalog.expand(pattern);
      expect(actions.length, `${pattern} is not a catalogued action`).toBeGreaterThan(0);
      for (const a of actions) {
        expect(['List', 'Read'], `${a.name} is ${a.accessLevel}`).toContain(a.accessLevel);
        expect(isReadOnlyCommand(a.name.split(':')[1]), a.name).toBe(true);
      }
    }
    expect(policy.Statement.every((s) => s.Effect === 'Allow' && !s.NotAction)).toBe(true);
  });
});
