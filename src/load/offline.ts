// Offline inputs auditors are handed: `aws iam get-account-authorization-details` JSON (one file or several pages)
// and, optionally, the credential report CSV. They produce the same AccountSnapshot as a live collection; what the
// files do not contain is recorded as a gap, so the checks that need it say NOT_ASSESSED.
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { emptySnapshot, finalizeSnapshot, type AccountSnapshot, type Gap, type SnapshotPart } from '../snapshot.js';
import { addAuthorizationDetailsPage, emptyAuthorizationDetails } from './authorization-details.js';
import { parseCredentialReportCsv } from './credential-report-csv.js';
import { readJsonFile } from './snapshot-file.js';

export interface OfflineInputs {
  authDetailsFiles: string[];
  credentialReportFile?: string;
  /** When the export was taken; defaults to now. */
  collectedAt: string;
}

const notProvided = (part: SnapshotPart, api: string, what: string): Gap => ({
  part,
  api,
  error: 'NotProvided',
  message: `offline audit: ${what}`,
});

export async function loadOfflineSnapshot(inputs: OfflineInputs): Promise<AccountSnapshot> {
  const details = emptyAuthorizationDetails();
  for (const file of inputs.authDetailsFiles) {
    const data = await readJsonFile(file);
    const pages = Array.isArray(data) ? data : [data];
    pages.forEach((page, i) => {
      if (typeof page !== 'object' || page === null) throw new InputError(`${file}: expected a JSON object (or a list of pages)`);
      const known = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];
      if (!known.some((k) => k in page)) {
        throw new InputError(`${file}${pages.length > 1 ? ` page ${i + 1}` : ''}: not a get-account-authorization-details export (none of ${known.join(', ')})`);
      }
      addAuthorizationDetailsPage(details, page, pages.length > 1 ? `${file} page ${i + 1}` : file);
    });
  }
  const accountId = accountIdFrom([...details.users, ...details.groups, ...details.roles].map((e) => e.arn).concat(details.policies.filter((p) => !p.awsManaged).map((p) => p.arn)));
  if (!accountId) throw new InputError(`${inputs.authDetailsFiles.join(', ')}: no user, group, role or customer managed policy ARN to tell the account id from`);

  const snapshot = emptySnapshot(accountId, 'auth-details', inputs.collectedAt);
  Object.assign(snapshot, { users: details.users, groups: details.groups, roles: details.roles, policies: details.policies });
  const lists = { users: 'UserDetailList', groups: 'GroupDetailList', roles: 'RoleDetailList', policies: 'Policies' } as const;
  for (const [part, key] of Object.entries(lists) as [keyof typeof lists, string][]) {
    if (!details.present[part]) snapshot.gaps.push(notProvided(part, 'iam:GetAccountAuthorizationDetails', `the export has no ${key}`));
  }
  if (inputs.credentialReportFile) {
    const csv = await readFile(inputs.credentialReportFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new InputError(`${inputs.credentialReportFile}: cannot read file (${e.code ?? e.message})`);
    });
    const rows = parseCredentialReportCsv(csv, inputs.credentialReportFile);
    // The CSV carries no generation time of its own; the newest date in it is a lower bound.
    snapshot.credentialReport = { generatedTime: inputs.collectedAt, rows };
  } else {
    snapshot.gaps.push(notProvided('credentialReport', 'iam:GetCredentialReport', 'no --credential-report file given'));
  }
  snapshot.gaps.push(notProvided('passwordPolicy', 'iam:GetAccountPasswordPolicy', 'not part of an authorization-details export'));
  snapshot.gaps.push(notProvided('accountSummary', 'iam:GetAccountSummary', 'not part of an authorization-details export'));
  snapshot.gaps.push(notProvided('virtualMfaDevices', 'iam:ListVirtualMFADevices', 'not part of an authorization-details export'));
  if (!snapshot.roles.some((r) => r.maxSessionDuration !== undefined)) {
    snapshot.gaps.push(notProvided('roleSessionDurations', 'iam:ListRoles', 'roles\' MaxSessionDuration is not part of an authorization-details export'));
  }
  return finalizeSnapshot(snapshot);
}

function accountIdFrom(arns: string[]): string | undefined {
  for (const arn of arns) {
    const id = arn.split(':')[4];
    if (id && /^\d{12}$/.test(id)) return id;
  }
  return undefined;
}
