// Offline inputs auditors are handed: `aws iam get-account-authorization-details` JSON (one file or several pages)
// and, optionally, the credential report CSV. They produce the same AccountSnapshot as a live collection; what the
// files do not contain is recorded as a gap, so the checks that need it say NOT_ASSESSED.
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { emptySnapshot, finalizeSnapshot, type AccountSnapshot, type Gap, type SnapshotPart } from '../snapshot/snapshot.js';
import { addAuthorizationDetailsPage, checkAccount, emptyAuthorizationDetails, finishAuthorizationDetails } from './authorization-details.js';
import { parseCredentialReportCsv } from './credential-report-csv.js';
import { credentialReportCoverageGaps, foreignCredentialReportRow } from './credential-report-coverage.js';
import { arnAccount, isObj } from './fields.js';
import { readJsonFile } from './snapshot-file.js';

export interface OfflineInputs {
  authDetailsFiles: string[];
  credentialReportFile?: string;
  /** When the export was taken; defaults to now. */
  collectedAt: string;
  /** Called once per warning (unknown fields or columns, conflicting duplicates); the CLI prints them on stderr. */
  onWarning?: (message: string) => void;
}

const notProvided = (part: SnapshotPart, api: string, what: string): Gap => ({
  part,
  api,
  error: 'NotProvided',
  message: `offline audit: ${what}`,
});

/** Account-level reads an authorization-details export never contains: their checks are NOT_ASSESSED, never PASS. */
const NOT_IN_AUTH_DETAILS: readonly [SnapshotPart, string][] = [
  ['serverCertificates', 'iam:ListServerCertificates'],
  ['samlProviders', 'iam:ListSAMLProviders'],
  ['openIdConnectProviders', 'iam:ListOpenIDConnectProviders'],
  ['securityContact', 'account:GetAlternateContact'],
  ['accessAnalyzer', 'access-analyzer:ListAnalyzers'],
  ['accessAnalyzerFindings', 'access-analyzer:ListFindingsV2'],
  ['bedrockApiKeys', 'iam:ListServiceSpecificCredentials'],
];

const LIST_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];

/** The snapshot and the warnings the inputs raised. */
export async function loadOfflineInputs(inputs: OfflineInputs): Promise<{ snapshot: AccountSnapshot; warnings: string[] }> {
  const pages: { page: unknown; source: string }[] = [];
  for (const file of inputs.authDetailsFiles) {
    const data = await readJsonFile(file);
    const list = Array.isArray(data) ? data : [data];
    list.forEach((page, i) => {
      const source = list.length > 1 ? `${file} page ${i + 1}` : file;
      if (!isObj(page)) throw new InputError(`${file}: expected a JSON object (or a list of pages)`);
      pages.push({ page, source });
    });
  }
  let csv: { text: string; source: string } | undefined;
  if (inputs.credentialReportFile) {
    const file = inputs.credentialReportFile;
    const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new InputError(`${file}: cannot read file (${e.code ?? e.message})`);
    });
    csv = { text, source: file };
  }
  return buildOfflineSnapshot(pages, csv, inputs.collectedAt);
}

/** The same from data in memory: each page with the name it is reported by, the CSV text with its file name. */
export function buildOfflineSnapshot(
  input: readonly { page: unknown; source: string }[],
  csv: { text: string; source: string } | undefined,
  collectedAt: string,
): { snapshot: AccountSnapshot; warnings: string[] } {
  const pages = input.map(({ page, source }, i) => {
    if (!isObj(page)) throw new InputError(`${source}: expected a JSON object (a get-account-authorization-details page)`);
    if (!LIST_KEYS.some((k) => k in page)) throw new InputError(`${source}: not a get-account-authorization-details export (none of ${LIST_KEYS.join(', ')})`);
    return { page, source, label: input.length > 1 ? `page ${i + 1}/` : '' };
  });
  // The account first (from every page), so an entity without an ARN can have one built whatever page it is on.
  const details = emptyAuthorizationDetails();
  for (const { page, source } of pages) {
    for (const key of LIST_KEYS) {
      const list = page[key];
      if (!Array.isArray(list)) continue;
      for (const e of list) if (isObj(e) && typeof e.Arn === 'string' && arnAccount(e.Arn)) checkAccount(details, e.Arn, source);
    }
  }
  for (const { page, source, label } of pages) addAuthorizationDetailsPage(details, page, source, label);
  finishAuthorizationDetails(details);
  const accountId = details.accountId;
  if (!accountId) throw new InputError(`${[...new Set(input.map((p) => p.source.replace(/ page \d+$/, '')))].join(', ')}: no user, group, role or customer managed policy ARN to tell the account id from`);

  const snapshot = emptySnapshot(accountId, 'auth-details', collectedAt);
  snapshot.partition = details.partition;
  Object.assign(snapshot, { users: details.users, groups: details.groups, roles: details.roles, policies: details.policies });
  snapshot.gaps.push(...details.gaps);
  const warnings = [...details.warnings];
  const lists = { users: 'UserDetailList', groups: 'GroupDetailList', roles: 'RoleDetailList', policies: 'Policies' } as const;
  for (const [part, key] of Object.entries(lists) as [keyof typeof lists, string][]) {
    if (!details.present[part]) snapshot.gaps.push(notProvided(part, 'iam:GetAccountAuthorizationDetails', `the export has no ${key}`));
  }
  if (csv) {
    const file = csv.source;
    const reading = parseCredentialReportCsv(csv.text, file);
    const foreign = foreignCredentialReportRow(reading.rows, accountId);
    if (foreign) throw new InputError(`${file}: ${foreign} (the authorization details are of ${accountId})`);
    // The CSV carries no generation time of its own; the newest date in it is a lower bound.
    snapshot.credentialReport = { generatedTime: collectedAt, rows: reading.rows };
    snapshot.gaps.push(...reading.gaps, ...credentialReportCoverageGaps(snapshot, file));
    warnings.push(...reading.warnings);
  } else {
    snapshot.gaps.push(notProvided('credentialReport', 'iam:GetCredentialReport', 'no --credential-report file given'));
  }
  snapshot.gaps.push(notProvided('passwordPolicy', 'iam:GetAccountPasswordPolicy', 'not part of an authorization-details export'));
  snapshot.gaps.push(notProvided('accountSummary', 'iam:GetAccountSummary', 'not part of an authorization-details export'));
  snapshot.gaps.push(notProvided('virtualMfaDevices', 'iam:ListVirtualMFADevices', 'not part of an authorization-details export'));
  for (const [part, api] of NOT_IN_AUTH_DETAILS) snapshot.gaps.push(notProvided(part, api, 'not part of an authorization-details export'));
  if (!snapshot.roles.some((r) => r.maxSessionDuration !== undefined)) {
    snapshot.gaps.push(notProvided('roleSessionDurations', 'iam:ListRoles', 'roles\' MaxSessionDuration is not part of an authorization-details export'));
  }
  return { snapshot: finalizeSnapshot(snapshot), warnings };
}

export async function loadOfflineSnapshot(inputs: OfflineInputs): Promise<AccountSnapshot> {
  const { snapshot, warnings } = await loadOfflineInputs(inputs);
  for (const w of warnings) inputs.onWarning?.(w);
  return snapshot;
}
