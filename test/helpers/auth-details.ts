// Shared by the ingestion tests: the public exports (test/fixtures/auth-details, see NOTICE.md there), temp files,
// and a credential report CSV made for an export's users.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/load/credential-report-csv.js';

export const AT = '2026-11-25T00:00:00.000Z';
export const EXPORTS = ['example-authz-details.json', 'example-authz-v2.json', 'example-authz-overrides.json'] as const;

export function readExport(name: string): Record<string, unknown[]> {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/auth-details', name), 'utf8'));
}

const dir = mkdtempSync(join(tmpdir(), 'ha-load-'));
let n = 0;
export function writeTemp(name: string, content: string): string {
  const p = join(dir, `${n++}-${name}`);
  writeFileSync(p, content);
  return p;
}

/**
 * A credential report for the export's account: the root row without MFA and with an active key, and per user a
 * console password without MFA and an old active key, so the credential checks have FAILs to lose.
 */
export function reportFor(exp: Record<string, unknown[]>): string {
  const users = (exp.UserDetailList ?? []) as { UserName: string; Arn: string }[];
  const account = users[0]?.Arn.split(':')[4] ?? ((exp.RoleDetailList ?? []) as { Arn: string }[])[0]!.Arn.split(':')[4];
  const cells = (user: string, arn: string, root: boolean) =>
    [user, arn, '2019-01-01T00:00:00+00:00', root ? 'not_supported' : 'true', '2026-11-20T00:00:00+00:00', root ? 'not_supported' : '2019-02-01T00:00:00+00:00', 'N/A', 'false',
      'true', '2019-03-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', 'us-east-1', 's3', 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A'].join(',');
  return [CREDENTIAL_REPORT_COLUMNS.join(','), cells('<root_account>', `arn:aws:iam::${account}:root`, true), ...users.map((u) => cells(u.UserName, u.Arn, false))].join('\n');
}
