import { describe, expect, it } from 'vitest';
import { ActionCatalog, catalogSources, loadActionCatalog } from '../../src/policy/catalog.js';

describe('the IAM action catalogue', () => {
  it('reading the data files directly gives exactly what the package API gives', async () => {
    const direct = catalogSources.readCatalogFiles();
    expect(direct).toBeDefined();
    const viaApi = await catalogSources.readCatalogThroughApi();
    const key = (a: { name: string; accessLevel: string }) => `${a.name.toLowerCase()} ${a.accessLevel}`;
    expect(direct!.map(key).sort()).toEqual(viaApi.map(key).sort());
    expect(direct!.length).toBeGreaterThan(20_000);
  });

  it('expands wildcards and classifies access levels', async () => {
    const catalog = await loadActionCatalog();
    expect(catalog.accessLevel('iam:PutRolePolicy')).toBe('Permissions management');
    expect(catalog.accessLevel('s3:GetObject')).toBe('Read');
    expect(catalog.accessLevel('ec2:DescribeInstances')).toBe('List');
    expect(catalog.expand('iam:*Policy*').map((a) => a.name)).toContain('iam:CreatePolicyVersion');
    expect(catalog.expand('S3:GETOBJECT').map((a) => a.name)).toEqual(['s3:GetObject']);
    const small = new ActionCatalog([{ name: 's3:GetObject', accessLevel: 'Read' }, { name: 'iam:CreateUser', accessLevel: 'Write' }]);
    expect(small.complement(['iam:*']).map((a) => a.name)).toEqual(['s3:GetObject']);
    expect(small.complement(['IAM:*'])).toBe(small.complement(['iam:*']));
  });
});
