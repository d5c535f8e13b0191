import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { CREDENTIAL_REPORT_COLUMNS, parseCredentialReportCsv } from '../../src/load/credential-report-csv.js';

const header = CREDENTIAL_REPORT_COLUMNS.join(',');
const root = '<root_account>,arn:aws:iam::111122223333:root,2019-01-01T00:00:00+00:00,not_supported,2026-11-20T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const alice = 'alice,arn:aws:iam::111122223333:user/alice,2024-01-02T03:04:05+00:00,true,no_information,2024-01-02T03:05:00+00:00,N/A,false,true,2024-01-02T03:04:06+00:00,2026-11-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const bob = 'bob,arn:aws:iam::111122223333:user/bob,2025-05-05T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-05-05T00:00:01+00:00,N/A,N/A,N/A,true,2026-11-24T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A';

describe('credential report CSV', () => {
  it('parses the root row, N/A, no_information and not_supported', () => {
    const { rows, gaps, warnings } = parseCredentialReportCsv([header, root, alice, bob].join('\n'), 'report.csv');
    expect([gaps, warnings]).toEqual([[], []]);
    expect(rows).toHaveLength(3);
    const [r, a, b] = rows;
    expect(r).toMatchObject({ isRoot: true, passwordEnabled: null, mfaActive: true, passwordLastUsed: '2026-11-20T10:00:00.000Z', passwordLastChanged: null });
    expect(a).toMatchObject({ isRoot: false, user: 'alice', passwordEnabled: true, passwordLastUsed: null, mfaActive: false });
    expect(a.accessKeys[0]).toEqual({ active: true, lastRotated: '2024-01-02T03:04:06.000Z', lastUsed: '2026-11-01T00:00:00.000Z', lastUsedService: 's3' });
    expect(a.accessKeys[1]).toEqual({ active: false, lastRotated: null, lastUsed: null, lastUsedService: null });
    expect(b.accessKeys.map((k) => k.active)).toEqual([true, true]);
    expect(b.accessKeys[0].lastUsed).toBeNull();
  });

  it('a bad value is a gap naming the row, line and column; the other rows are kept', () => {
    const bad = alice.replace('2024-01-02T03:04:05+00:00', 'yesterday');
    const { rows, gaps } = parseCredentialReportCsv([header, root, bad, bob].join('\n'), 'report.csv');
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'alice', 'bob']);
    expect(gaps).toEqual([expect.objectContaining({ part: 'credentialReport', resource: 'arn:aws:iam::111122223333:user/alice', field: 'user_creation_time', message: expect.stringMatching(/report\.csv line 3, column user_creation_time: expected an ISO-8601 date/) })]);
  });

  it('accepts an unknown extra column with a warning naming it', () => {
    const { rows, gaps, warnings } = parseCredentialReportCsv([`${header},favourite_colour`, `${root},blue`, `${alice},red`].join('\n'), 'r.csv');
    expect(rows).toHaveLength(2);
    expect(gaps).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/r\.csv: .*favourite_colour/)]);
  });

  it('a missing column whose data the checks read is a gap of the part, not a crash', () => {
    const drop = (line: string) => line.split(',').filter((_, i) => i !== CREDENTIAL_REPORT_COLUMNS.indexOf('mfa_active')).join(',');
    const { rows, gaps } = parseCredentialReportCsv([drop(header), drop(root), drop(alice)].join('\n'), 'r.csv');
    expect(rows).toHaveLength(2);
    expect(gaps).toEqual([expect.objectContaining({ part: 'credentialReport', error: 'MissingColumn', message: expect.stringContaining('mfa_active') })]);
    expect(gaps[0].resource).toBeUndefined();
  });

  it('a missing user column is derived from the ARN', () => {
    const drop = (line: string) => line.split(',').slice(1).join(',');
    const { rows, gaps } = parseCredentialReportCsv([drop(header), drop(root), drop(alice)].join('\n'), 'r.csv');
    expect(gaps).toEqual([]);
    expect(rows.map((r) => [r.user, r.isRoot])).toEqual([['<root_account>', true], ['alice', false]]);
  });

  it('a row with the wrong number of cells is a gap for that row only', () => {
    const { rows, gaps } = parseCredentialReportCsv([header, root, 'alice,arn:aws:iam::111122223333:user/alice'].join('\n'), 'r.csv');
    expect(rows).toHaveLength(1);
    expect(gaps).toEqual([expect.objectContaining({ resource: 'arn:aws:iam::111122223333:user/alice', field: '(row)' })]);
  });

  it('identical duplicate rows merge; different ones keep one, warn and gap', () => {
    expect(parseCredentialReportCsv([header, root, alice, alice].join('\n'), 'r.csv').rows).toHaveLength(2);
    const other = alice.replace(',false,true,', ',true,true,');
    const a = parseCredentialReportCsv([header, alice, other].join('\n'), 'r.csv');
    const b = parseCredentialReportCsv([header, other, alice].join('\n'), 'r.csv');
    expect(a.rows).toEqual(b.rows);
    expect(a.rows).toHaveLength(1);
    expect(a.warnings).toHaveLength(1);
    expect(a.gaps[0]).toMatchObject({ resource: 'arn:aws:iam::111122223333:user/alice', error: 'ConflictingDuplicate' });
  });

  it('rejects an empty file and a file that is not CSV', () => {
    expect(() => parseCredentialReportCsv('', 'r.csv')).toThrow(InputError);
    expect(() => parseCredentialReportCsv('"unterminated', 'r.csv')).toThrow(/r\.csv: not a valid credential report CSV/);
  });
});
