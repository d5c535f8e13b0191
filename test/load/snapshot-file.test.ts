// A saved snapshot with one entity that does not fit the schema keeps every other entity.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { buildOfflineSnapshot } from '../../src/load/offline.js';
import { readSnapshotData } from '../../src/load/snapshot-file.js';
import { AT, readExport } from '../helpers/auth-details.js';

const saved = () => JSON.parse(JSON.stringify(buildOfflineSnapshot([{ page: readExport('example-authz-details.json'), source: 'e.json' }], undefined, AT).snapshot));

describe('saved snapshot files', () => {
  it('drops only the entity that does not fit, with a gap naming it, and gaps the members of a dropped group', () => {
    const data = saved();
    const group = data.groups[0];
    delete group.attachedManagedPolicies;
    delete data.users[0].createDate;
    data.futureField = 1;
    const { snapshot, warnings } = readSnapshotData(data, 'snap.json');
    expect(snapshot.users.map((u) => u.arn)).toEqual(data.users.slice(1).map((u: { arn: string }) => u.arn));
    expect(snapshot.groups.map((g) => g.arn)).not.toContain(group.arn);
    expect(snapshot.roles).toHaveLength(data.roles.length);
    expect(snapshot.gaps).toContainEqual(expect.objectContaining({ part: 'users', resource: data.users[0].arn, field: 'createDate' }));
    expect(snapshot.gaps).toContainEqual(expect.objectContaining({ part: 'groups', resource: group.arn, field: 'attachedManagedPolicies' }));
    const members = data.users.slice(1).filter((u: { groups: string[] }) => u.groups.includes(group.name));
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) expect(snapshot.gaps).toContainEqual(expect.objectContaining({ resource: m.arn, field: 'GroupList' }));
    expect(warnings).toEqual([expect.stringContaining('futureField')]);
  });

  it('still rejects a snapshot whose top level is wrong', () => {
    const data = saved();
    data.accountId = 'nope';
    expect(() => readSnapshotData(data, 'snap.json')).toThrow(InputError);
  });
});
