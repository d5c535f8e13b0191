// Parses the IAM credential report CSV (GetCredentialReport's Content, base64-decoded) into snapshot rows.
// Tolerant: an unknown column is a warning; a missing column whose data the snapshot keeps is a gap of the part; a
// row that cannot be read (wrong cell count, no ARN, a value that is not what AWS documents) is a gap for that row's
// user. Only a file that is not CSV at all, or has no header, is an InputError.
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import type { AccessKeySlot, CredentialReportRow, Gap } from '../snapshot/snapshot.js';
import { pathAndName } from './fields.js';

/** The columns AWS documents (IAM User Guide, "Credential report format"), all always present, in this order. */
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
type Raw = Partial<Record<Column, string>>;

/** Columns the snapshot does not keep: missing, they are only a warning. `user` is derived from the ARN. */
const NOT_KEPT = new Set<Column>(['user', 'password_next_rotation', 'access_key_1_last_used_region', 'access_key_2_last_used_region', 'cert_1_last_rotated', 'cert_2_last_rotated']);

/** Values AWS writes where there is no date or no answer. */
const NO_VALUE = new Set(['N/A', 'not_supported', 'no_information', '']);

const API = 'iam:GetCredentialReport';

export interface CredentialReportReading {
  rows: CredentialReportRow[];
  /** Row gaps (resource = the row's ARN) and whole-part gaps (a missing column). */
  gaps: Gap[];
  warnings: string[];
}

export function parseCredentialReportCsv(csv: string, source: string): CredentialReportReading {
  let records: string[][];
  try {
    records = parse(csv, { skip_empty_lines: true, relax_column_count: true, bom: true });
  } catch (e) {
    throw new InputError(`${source}: not a valid credential report CSV: ${(e as Error).message}`);
  }
  const header = records.shift();
  if (!header) throw new InputError(`${source}: the credential report is empty (no header line)`);
  const known = CREDENTIAL_REPORT_COLUMNS as readonly string[];
  const out: CredentialReportReading = { rows: [], gaps: [], warnings: [] };
  const unknown = header.filter((h) => !known.includes(h));
  if (unknown.length) out.warnings.push(`${source}: columns this tool does not read (ignored): ${unknown.join(', ')}`);
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((c) => !header.includes(c));
  const missingKept = missing.filter((c) => !NOT_KEPT.has(c));
  if (missing.length) out.warnings.push(`${source}: the credential report has no column ${missing.join(', ')}`);
  if (missingKept.length) {
    out.gaps.push({ part: 'credentialReport', api: API, error: 'MissingColumn', message: `${source}: the credential report has no column ${missingKept.join(', ')}`, field: missingKept.join(',') });
  }
  if (!header.includes('arn')) return out; // no row can be told apart: the part gap above says so
  records.forEach((cells, i) => {
    const line = i + 2;
    const arnCell = cells[header.indexOf('arn')];
    const resource = arnCell?.startsWith('arn:') ? arnCell : `${source} line ${line}`;
    if (cells.length !== header.length) {
      out.gaps.push({ part: 'credentialReport', api: API, error: 'Unreadable', message: `${source} line ${line}: ${cells.length} cells, the header has ${header.length}`, resource, field: '(row)' });
      return;
    }
    if (!arnCell) {
      out.gaps.push({ part: 'credentialReport', api: API, error: 'MissingField', message: `${source} line ${line}: empty arn`, resource, field: 'arn' });
      return;
    }
    const raw: Raw = {};
    header.forEach((h, j) => {
      if (known.includes(h) && !(h in raw)) raw[h as Column] = cells[j];
    });
    addRow(out, toRow(raw, arnCell, `${source} line ${line}`, out.gaps), `${source} line ${line}`);
  });
  return out;
}

/** The same ARN twice: identical rows merge; different ones keep the smaller (order-independent), warn and gap. */
function addRow(out: CredentialReportReading, row: CredentialReportRow, where: string): void {
  const i = out.rows.findIndex((r) => r.arn === row.arn);
  if (i < 0) return void out.rows.push(row);
  const [a, b] = [JSON.stringify(out.rows[i]), JSON.stringify(row)];
  if (a === b) return;
  out.warnings.push(`${where}: a second, different row for ${row.arn}; one is kept and the user is not assessed`);
  out.gaps.push({ part: 'credentialReport', api: API, error: 'ConflictingDuplicate', message: `${where}: two different rows for ${row.arn}`, resource: row.arn, field: '(duplicate)' });
  if (b < a) out.rows[i] = row;
}

function toRow(raw: Raw, arn: string, where: string, gaps: Gap[]): CredentialReportRow {
  const bad = (c: Column, expected: string) =>
    gaps.push({ part: 'credentialReport', api: API, error: 'Unreadable', message: `${where}, column ${c}: expected ${expected}, got "${raw[c]}"`, resource: arn, field: c });
  const date = (c: Column): string | null => {
    const v = raw[c];
    if (v === undefined || NO_VALUE.has(v)) return null;
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
    bad(c, 'an ISO-8601 date, N/A or no_information');
    return null;
  };
  const bool = (c: Column): boolean | null => {
    const v = raw[c];
    if (v === 'true') return true;
    if (v === 'false') return false;
    if (v !== undefined && !NO_VALUE.has(v)) bad(c, 'true or false');
    return null;
  };
  const service = (c: Column) => (raw[c] === undefined || NO_VALUE.has(raw[c]!) ? null : raw[c]!);
  const slot = (n: 1 | 2): AccessKeySlot => ({
    active: bool(`access_key_${n}_active`) ?? false,
    lastRotated: date(`access_key_${n}_last_rotated`),
    lastUsed: date(`access_key_${n}_last_used_date`),
    lastUsedService: service(`access_key_${n}_last_used_service`),
  });
  const isRoot = raw.user !== undefined ? raw.user === '<root_account>' : arn.endsWith(':root');
  return {
    user: raw.user ?? (isRoot ? '<root_account>' : (pathAndName(arn)?.name ?? arn)),
    arn,
    isRoot,
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
