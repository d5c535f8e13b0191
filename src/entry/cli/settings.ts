// The CLI's options and config file, turned into the pipeline's settings, source and stores. Every option is
// checked here, before any AWS call or input file is read, so a bad one exits 2 at once (not after the audit).
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfigFile, resolveAgentSelector, resolveThresholds } from '../../settings/config-file.js';
import { InputError } from '../../errors.js';
import { loadKnownAccounts } from '../../settings/known-accounts.js';
import { readJsonFile } from '../../load/snapshot-file.js';
import type { MailSettings } from '../../pipeline/notify.js';
import { FsReportStore } from '../../pipeline/report-store.js';
import type { AccountRunInput } from '../../pipeline/run.js';
import { auditSettings, type AuditSettings } from '../../pipeline/settings.js';
import { authDetailsExport, liveAccount, snapshotFile, type SnapshotSource } from '../../pipeline/sources.js';
import { parseDiffableReport } from '../../report/diff.js';
import { checkHistoryDir } from '../../report/history.js';
import { loadSuppressionsFile } from '../../settings/suppressions.js';
import type { CliOptions } from './program.js';

/** Settings shared by the single-account and the --org run. */
export async function cliAuditSettings(opts: CliOptions): Promise<AuditSettings> {
  const config = opts.config ? await loadConfigFile(opts.config) : undefined;
  const thresholds = resolveThresholds(config, {
    accessKeyMaxAgeDays: opts.accessKeyMaxAgeDays,
    accessKeyUnusedDays: opts.accessKeyUnusedDays,
    passwordUnusedDays: opts.passwordUnusedDays,
    roleUnusedDays: opts.roleUnusedDays,
    rootUsedDays: opts.rootUsedDays,
    passwordMinLength: opts.passwordMinLength,
    passwordReusePrevention: opts.passwordReusePrevention,
  });
  // The flag's file replaces the config file's list.
  const suppressions = opts.suppressions
    ? await loadSuppressionsFile(opts.suppressions)
    : opts.config && config?.suppressions
      ? { source: opts.config, entries: config.suppressions }
      : undefined;
  checkOutDir(opts.out);
  return auditSettings({
    thresholds,
    failOn: opts.failOn ?? config?.failOn ?? 'high',
    excludeChecks: [...(config?.excludeChecks ?? []), ...(opts.excludeCheck ?? [])],
    suppressions,
    agents: resolveAgentSelector(config, { tags: opts.agentTag, names: opts.agentName, arns: opts.agentArn, discover: opts.agentDiscovery }),
    knownAccounts: loadKnownAccounts(opts.knownAccounts ?? []),
    productionOus: [...opts.productionOus],
    formats: opts.format,
    render: { htmlFindingsPerCheck: opts.htmlFindingsPerCheck },
    frameworks: opts.framework ?? config?.frameworks,
  });
}

/** The single-account run: where the snapshot comes from, the history, the --out folder. */
export async function cliRunInput(opts: CliOptions, settings: AuditSettings, now: string, progress: (m: string) => void): Promise<AccountRunInput> {
  if (opts.assumeRole || opts.externalId || opts.accounts || opts.excludeAccounts) {
    throw new InputError('--assume-role, --external-id, --accounts and --exclude-accounts go with --org');
  }
  const previous = opts.previous ? { where: opts.previous, report: await loadPreviousReport(opts.previous) } : undefined;
  if (opts.history) await checkHistoryDir(opts.history);
  return {
    source: cliSnapshotSource(opts, settings, now),
    settings,
    ...(opts.history ? { history: new FsReportStore(opts.history) } : {}),
    ...(previous ? { previous } : {}),
    stores: [new FsReportStore(opts.out)],
    progress,
  };
}

export interface SourceOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  maxAttempts?: number;
  iamConcurrency?: number;
  credentialReportTimeout?: number;
  snapshot?: string;
  authDetails?: string[];
  credentialReport?: string;
  now?: string;
}

/** Shared by the audit and `explain`, so both accept the same source options with the same rules. */
export function cliSnapshotSource(opts: SourceOptions, settings: Pick<AuditSettings, 'agents'>, now: string): SnapshotSource {
  if (opts.snapshot && opts.authDetails) throw new InputError('--snapshot and --auth-details are two different offline inputs: give one');
  if (opts.credentialReport && !opts.authDetails) throw new InputError('--credential-report goes with --auth-details');
  if ((opts.snapshot || opts.authDetails) && (opts.profile || opts.endpointUrl)) {
    throw new InputError('an offline audit (--snapshot, --auth-details) cannot be combined with --profile or --endpoint-url');
  }
  if (opts.snapshot) return snapshotFile(opts.snapshot, opts.now);
  if (opts.authDetails) return authDetailsExport(opts.authDetails, opts.credentialReport, now);
  return liveAccount(
    { profile: opts.profile, region: opts.region, endpointUrl: opts.endpointUrl, maxAttempts: opts.maxAttempts },
    {
      profile: opts.profile,
      iamConcurrency: opts.iamConcurrency,
      agents: settings.agents,
      ...(opts.credentialReportTimeout !== undefined ? { credentialReport: { deadlineMs: opts.credentialReportTimeout * 1000 } } : {}),
    },
    now,
  );
}

export function cliMailSettings(opts: CliOptions): MailSettings | undefined {
  if (opts.emailTo && !opts.emailFrom) throw new InputError('--email-to needs --email-from');
  if (!opts.emailTo && (opts.emailFrom || opts.smtpUrl || opts.sesEndpointUrl)) throw new InputError('--email-from, --smtp-url and --ses-endpoint-url go with --email-to');
  if (!opts.emailTo || !opts.emailFrom) return undefined;
  if (opts.smtpUrl) checkSmtpUrl(opts.smtpUrl);
  return {
    to: opts.emailTo,
    from: opts.emailFrom,
    ...(opts.smtpUrl
      ? { smtpUrl: opts.smtpUrl }
      : { ses: { ...(opts.region ? { region: opts.region } : {}), ...(opts.profile ? { profile: opts.profile } : {}), ...(opts.sesEndpointUrl ? { endpointUrl: opts.sesEndpointUrl } : {}) } }),
  };
}

/** smtp[s]://[user[:password]@]host[:port]; the message never shows the password. */
export function checkSmtpUrl(value: string): void {
  let url: URL;
  // Whatever precedes the last @ may hold a password, whatever the URL's shape: it is never shown.
  const at = value.lastIndexOf('@');
  const shown = at < 0 ? value : `${/^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? ''}***@${value.slice(at + 1)}`;
  const bad = (why: string) => new InputError(`--smtp-url ${shown}: ${why}; expected smtp://user:password@host:port or smtps://…`);
  try {
    url = new URL(value);
  } catch {
    const port = /:(\d+)\/?$/.exec(value.slice(at + 1))?.[1];
    throw bad(port !== undefined && Number(port) > 65535 ? `port ${port} is not between 1 and 65535` : 'not a URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw bad(`scheme ${url.protocol.replace(/:$/, '')} is not smtp or smtps`);
  if (!url.hostname) throw bad('no host');
}

/** --out must be a folder, or a path whose nearest existing parent is a writable folder. */
export function checkOutDir(dir: string): void {
  for (let p = resolve(dir); ; p = dirname(p)) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      if (dirname(p) === p) return;
      continue;
    }
    if (!isDir) throw new InputError(`--out ${dir}: ${p === resolve(dir) ? 'is a file, not a folder' : `${p} is a file, not a folder`}`);
    try {
      accessSync(p, constants.W_OK);
    } catch {
      throw new InputError(`--out ${dir}: ${p} is not writable`);
    }
    return;
  }
}

async function loadPreviousReport(path: string) {
  const data = await readJsonFile(path);
  try {
    return parseDiffableReport(data);
  } catch (e) {
    throw new InputError(`${path}: ${(e as Error).message}`);
  }
}
