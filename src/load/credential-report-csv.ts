// Parses the IAM credential report CSV (GetCredentialReport's Content, base64-decoded) into snapshot rows.
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import type { AccessKeySlot, CredentialReportRow } from '../snapshot.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

type Column = (typeof CREDENTIAL_REPORT_COLUMNS)[number];
type Raw = Record<Column, string>;

/** Values AWS writes where there is no date or no answer. */
const NO_VALUE = new Set(['N/A', 'not_supported', 'no_information', '']);

export function parseCredentialReportCsv(csv: string, source: string): CredentialReportRow[] {
  let records: string[][];
  try {
    records = parse(csv, { skip_empty_lines: true, relax_column_count: false, bom: true });
  } catch (e) {
    throw new InputError(`${source}: not a valid credential report CSV: ${(e as Error).message}`);
  }
  const header = records.shift();
  if (!header) throw new InputError(`${source}: the credential report is empty (no header line)`);
  const unknown = header.filter((h) => !(CREDENTIAL_REPORT_COLUMNS as readonly string[]).includes(h));
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((c) => !header.includes(c));
  if (unknown.length || missing.length) {
    throw new InputError(
      `${source}: unexpected credential report columns` +
        (unknown.length ? `; unknown: ${unknown.join(', ')}` : '') +
        (missing.length ? `; missing: ${missing.join(', ')}` : ''),
    );
  }
  return records.map((cells, i) => {
    const raw = Object.fromEntries(header.map((h, j) => [h, cells[j]])) as Raw;
    return toRow(raw, `${source} line ${i + 2}`);
  });
}

function toRow(raw: Raw, where: string): CredentialReportRow {
  const date = (c: Column) => parseDate(raw[c], `${where}, column ${c}`);
  const bool = (c: Column) => parseBool(raw[c], `${where}, column ${c}`);
  const slot = (n: 1 | 2): AccessKeySlot => ({
    active: bool(`access_key_${n}_active`) ?? false,
    lastRotated: date(`access_key_${n}_last_rotated`),
    lastUsed: date(`access_key_${n}_last_used_date`),
    lastUsedService: NO_VALUE.has(raw[`access_key_${n}_last_used_service`]) ? null : raw[`access_key_${n}_last_used_service`],
  });
  if (!raw.arn) throw new InputError(`${where}: empty arn`);
  return {
    user: raw.user,
    arn: raw.arn,
    isRoot: raw.user === '<root_account>',
    userCreationTime: date('user_creation_time'),
    passwordEnabled: bool('password_enabled'),
    passwordLastUsed: date('password_last_used'),
    passwordLastChanged: date('password_last_changed'),
    mfaActive: bool('mfa_active') ?? false,
    accessKeys: [slot(1), slot(2)],
    cert1Active: bool('cert_1_active') ?? false,
    cert2Active: bool('cert_2_active') ?? false,
  };
}

function parseDate(value: string, where: string): string | null {
  if (NO_VALUE.has(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InputError(`${where}: expected an ISO-8601 date, N/A or no_information, got "${value}"`);
  return new Date(ms).toISOString();
}

function parseBool(value: string, where: string): boolean | null {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (NO_VALUE.has(value)) return null;
  throw new InputError(`${where}: expected true or false, got "${value}"`);
}
