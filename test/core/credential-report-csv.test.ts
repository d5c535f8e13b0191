import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { CREDENTIAL_REPORT_COLUMNS, parseCredentialReportCsv } from '../../src/load/credential-report-csv.js';

const header = CREDENTIAL_REPORT_COLUMNS.join(',');
const root = '<root_account>,arn:aws:iam::111122223333:root,2019-01-01T00:00:00+00:00,not_supported,2026-11-20T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const alice = 'alice,arn:aws:iam::111122223333:user/alice,2024-01-02T03:04:05+00:00,true,no_information,2024-01-02T03:05:00+00:00,N/A,false,true,2024-01-02T03:04:06+00:00,2026-11-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const bob = 'bob,arn:aws:iam::111122223333:user/bob,2025-05-05T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-05-05T00:00:01+00:00,N/A,N/A,N/A,true,2026-11-24T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A';

describe('credential report CSV', () => {
  it('parses the root row, N/A, no_information and not_supported', () => {
    const rows = parseCredentialReportCsv([header, root, alice, bob].join('\n'), 'report.csv');
    expect(rows).toHaveLength(3);
    const [r, a, b] = rows;
    expect(r).toMatchObject({ isRoot: true, passwordEnabled: null, mfaActive: true, passwordLastUsed: '2026-11-20T10:00:00.000Z', passwordLastChanged: null });
    expect(a).toMatchObject({ isRoot: false, user: 'alice', passwordEnabled: true, passwordLastUsed: null, mfaActive: false });
    expect(a.accessKeys[0]).toEqual({ active: true, lastRotated: '2024-01-02T03:04:06.000Z', lastUsed: '2026-11-01T00:00:00.000Z', lastUsedService: 's3' });
    expect(a.accessKeys[1]).toEqual({ active: false, lastRotated: null, lastUsed: null, lastUsedService: null });
    expect(b.accessKeys.map((k) => k.active)).toEqual([true, true]);
    expect(b.accessKeys[0].lastUsed).toBeNull();
  });

  it('names the column and line of a bad date', () => {
    const bad = alice.replace('2024-01-02T03:04:05+00:00', 'yesterday');
    expect(() => parseCredentialReportCsv([header, bad].join('\n'), 'report.csv')).toThrow(
      /report\.csv line 2, column user_creation_time: expected an ISO-8601 date/,
    );
  });

  it('rejects unknown and missing columns', () => {
    expect(() => parseCredentialReportCsv(`${header},favourite_colour\n`, 'r.csv')).toThrow(/unknown: favourite_colour/);
    expect(() => parseCredentialReportCsv(header.replace(',mfa_active', ''), 'r.csv')).toThrow(/missing: mfa_active/);
    expect(() => parseCredentialReportCsv('', 'r.csv')).toThrow(InputError);
  });

  it('rejects a row with the wrong number of cells', () => {
    expect(() => parseCredentialReportCsv([header, 'alice,arn:aws:iam::1:user/alice'].join('\n'), 'r.csv')).toThrow(/r\.csv: not a valid credential report CSV/);
  });
});
