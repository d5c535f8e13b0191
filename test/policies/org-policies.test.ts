// The management-side policy (policies/org-management-policy.json) allows every Organizations call the collector can
// send and sts:AssumeRole on the audit role, nothing else; the member role's trust template parses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionMatches, loadActionCatalog } from '../../src/policy/catalog.js';
import { normalizePolicyDocument } from '../../src/policy/normalize.js';

const root = join(import.meta.dirname, '../..');
const read = (p: string) => normalizePolicyDocument(JSON.parse(readFileSync(join(root, p), 'utf8')));

describe('policies/org-management-policy.json', () => {
  it('allows the Organizations reads of src/collect/organizations.ts and AssumeRole of the audit role, all read-only but AssumeRole', async () => {
    const catalog = await loadActionCatalog();
    const doc = read('policies/org-management-policy.json');
    const allowed = doc.Statement.flatMap((s) => s.Action ?? []);
    const text = readFileSync(join(root, 'src/collect/organizations.ts'), 'utf8');
    const sent = [...text.matchAll(/\b(?:paginate(\w+)|(\w+)Command)\b/g)].map((m) => `organizations:${m[1] ?? m[2]}`).filter((a) => !a.endsWith(':'));
    expect(sent.length).toBeGreaterThanOrEqual(7);
    for (const a of new Set(sent)) expect(allowed.some((p) => actionMatches(p, a)), a).toBe(true);
    expect(allowed).toContain('sts:AssumeRole');
    for (const p of allowed.filter((a) => a !== 'sts:AssumeRole')) {
      for (const a of catalog.expand(p)) expect(['List', 'Read'], a.name).toContain(a.accessLevel);
    }
    expect(doc.Statement.find((s) => s.Action?.includes('sts:AssumeRole'))!.Resource).toEqual(['arn:aws:iam::*:role/HardeningAudit']);
  });

  it('the audit role trust template requires an external id', () => {
    const doc = read('policies/org-audit-role-trust.json');
    expect(doc.Statement[0]!.Condition!.StringEquals!['sts:ExternalId']).toEqual(['<external-id>']);
  });
});

describe('read-only clients', () => {
  it('the Organizations and CloudTrail clients refuse writes before sending anything', async () => {
    const { AttachPolicyCommand } = await import('@aws-sdk/client-organizations');
    const { StopLoggingCommand } = await import('@aws-sdk/client-cloudtrail');
    const { createClients, createOrganizationsClient, destroyClients } = await import('../../src/aws/clients.js');
    const unreachable = { endpointUrl: 'http://127.0.0.1:9', region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'x' } };
    const org = createOrganizationsClient(unreachable);
    const clients = createClients(unreachable);
    try {
      await expect(org.send(new AttachPolicyCommand({ PolicyId: 'p-12345678', TargetId: 'r-a1b2' }))).rejects.toThrow(/only reads: refused to send .*AttachPolicy/);
      await expect(clients.cloudtrail!.send(new StopLoggingCommand({ Name: 't' }))).rejects.toThrow(/only reads: refused to send .*StopLogging/);
    } finally {
      org.destroy();
      destroyClients(clients);
    }
  });
});
