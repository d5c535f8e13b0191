// The CLI's --org path: validate the org options, run the organization audit, print its summary, return the exit
// code. Kept out of cli-run.ts so the single-account flow there stays as it is.
import type { AgentSelector } from '../agents/select.js';
import { InvalidArgumentError } from '@commander-js/extra-typings';
import type { Severity, Thresholds } from '../checks/types.js';
import { InputError } from '../errors.js';
import type { KnownAccounts } from '../known-accounts.js';
import type { Suppressions } from '../suppressions.js';
import { orgSummaryText, runOrgAudit, type ReportFormat } from './run.js';

export const accountList = (value: string): string[] => {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (bad.length || ids.length === 0) throw new InvalidArgumentError(`expected comma-separated 12-digit account ids${bad.length ? `, got ${bad.join(', ')}` : ''}.`);
  return ids;
};

export const globList = (value: string): string[] => {
  const globs = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (globs.length === 0) throw new InvalidArgumentError('expected comma-separated OU name globs, e.g. Prod*,*-prod.');
  return globs;
};

/** The subset of the CLI options the org path reads. */
export interface OrgCliOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  maxAttempts: number;
  iamConcurrency: number;
  credentialReportTimeout: number;
  snapshot?: string;
  authDetails?: string[];
  saveSnapshot?: string;
  out: string;
  format: ReportFormat[];
  htmlFindingsPerCheck: number;
  assumeRole?: string;
  externalId?: string;
  accounts?: string[];
  excludeAccounts?: string[];
  accountsConcurrency: number;
  productionOus: readonly string[];
}

export async function runOrgCli(
  opts: OrgCliOptions,
  settings: {
    thresholds: Thresholds;
    failOn: Severity | 'none';
    suppressions?: Suppressions;
    excludeChecks: string[];
    now: string;
    knownAccounts: KnownAccounts;
    agents?: AgentSelector;
    progress: (m: string) => void;
  },
): Promise<number> {
  if (opts.snapshot || opts.authDetails) throw new InputError('--org audits live accounts: it cannot be combined with --snapshot or --auth-details');
  if (!opts.assumeRole) throw new InputError('--org needs --assume-role NAME: the read-only audit role deployed in every member account');
  if (!/^[\w+=,.@/-]{1,512}$/.test(opts.assumeRole)) throw new InputError(`--assume-role ${JSON.stringify(opts.assumeRole)} is not a valid role name`);
  if (opts.accountsConcurrency < 1) throw new InputError('--accounts-concurrency must be at least 1');
  const result = await runOrgAudit({
    aws: { profile: opts.profile, region: opts.region, endpointUrl: opts.endpointUrl, maxAttempts: opts.maxAttempts },
    assumeRole: opts.assumeRole,
    ...(opts.externalId ? { externalId: opts.externalId } : {}),
    ...(opts.accounts ? { accounts: opts.accounts } : {}),
    ...(opts.excludeAccounts ? { excludeAccounts: opts.excludeAccounts } : {}),
    accountsConcurrency: opts.accountsConcurrency,
    productionOus: [...opts.productionOus],
    iamConcurrency: opts.iamConcurrency,
    credentialReport: { deadlineMs: opts.credentialReportTimeout * 1000 },
    thresholds: settings.thresholds,
    now: settings.now,
    excludeChecks: settings.excludeChecks,
    ...(settings.suppressions ? { suppressions: settings.suppressions } : {}),
    knownAccounts: settings.knownAccounts,
    ...(settings.agents ? { agents: settings.agents } : {}),
    failOn: settings.failOn,
    outDir: opts.out,
    formats: opts.format,
    htmlFindingsPerCheck: opts.htmlFindingsPerCheck,
    // In org mode --save-snapshot names a folder: one <account>-<date>.snapshot.json per account.
    ...(opts.saveSnapshot ? { saveSnapshotDir: opts.saveSnapshot } : {}),
    progress: settings.progress,
  });
  process.stdout.write(orgSummaryText(result));
  return result.exitCode;
}
