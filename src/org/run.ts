// Org mode: audit every (selected, ACTIVE) account of an AWS organization through the one audit pipeline.
//
//   management / delegated admin credentials
//     └─ Organizations: tree + SCPs (src/collect/organizations.ts)
//     └─ per account, accountsConcurrency at a time (p-limit):
//          src/pipeline/run.ts with the orgMember source (sts:AssumeRole <account>:role/<assumeRole>, 15-minute
//          sessions renewed) and the --out folder as its store → only a summary is kept (src/org/summary.ts)
//     └─ the organization report from the summaries (JSON, HTML, CSV)
//
// An account that fails (AssumeRole denied, throttling past the retries, anything thrown) is recorded with its
// reason and never stops the others; the run's exit code is then 3.
import { join } from 'node:path';
import pLimit from 'p-limit';
import { auditSessionName } from '../aws/assume-role.js';
import { createClients, createOrganizationsClient, destroyClients, type AwsOptions } from '../aws/clients.js';
import type { CollectOptions } from '../collect/index.js';
import { errorCode } from '../collect/errors.js';
import { collectOrganization } from '../collect/organizations.js';
import { InputError } from '../errors.js';
import { writeFilesAtomically } from '../util/fs.js';
import { ORG_RENDERERS, renderAll } from '../pipeline/renderers.js';
import { FsReportStore } from '../pipeline/report-store.js';
import { runAccountAudit } from '../pipeline/run.js';
import type { AuditSettings } from '../pipeline/settings.js';
import { orgMember } from '../pipeline/sources.js';
import type { OrgReport } from '../report/org-model.js';
import { MemberAccountError, memberWhere } from './audit-member.js';
import { organizationGaps, type OrganizationModel, type OrgAccount } from './model.js';
import { accountEntry, orgExitCode, OrgReportBuilder } from './summary.js';

export interface OrgAuditOptions {
  /** The calling identity (management or delegated administrator account) and client settings. */
  aws: Omit<AwsOptions, 'credentials'>;
  /** Name (optionally with path) of the read-only audit role in every member account. */
  assumeRole: string;
  externalId?: string;
  /** Only these account ids (default: every ACTIVE account). */
  accounts?: string[];
  excludeAccounts?: string[];
  accountsConcurrency?: number;
  collect?: Omit<CollectOptions, 'now' | 'progress' | 'profile' | 'agents'>;
  settings: AuditSettings;
  now: string;
  outDir: string;
  /** Write each account's snapshot to this folder as <account>-<date>.snapshot.json. */
  saveSnapshotDir?: string;
  progress?: (message: string) => void;
  /** Tests: renew sessions this long before they expire (default 2 minutes), and a fixed session name. */
  refreshMarginMs?: number;
  sessionName?: string;
  /** Tests and benchmarks: called with each account's audit time. */
  onAccountDone?: (accountId: string, ms: number) => void;
}

export interface OrgAuditResult {
  report: OrgReport;
  exitCode: 0 | 1 | 3;
  /** Every report file written, the organization's last. */
  files: string[];
  orgFiles: string[];
}

/** Which accounts to audit; unknown ids in --accounts are an input error, non-ACTIVE ones are skipped. */
export function selectAccounts(
  model: OrganizationModel,
  include: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
): { selected: OrgAccount[]; skipped: OrgReport['skippedAccounts'] } {
  const byId = new Map(model.accounts.map((a) => [a.id, a]));
  const unknown = [...(include ?? []), ...(exclude ?? [])].filter((id) => !byId.has(id));
  if (unknown.length) {
    throw new InputError(`not accounts of organization ${model.id}: ${[...new Set(unknown)].join(', ')} (check --accounts / --exclude-accounts)`);
  }
  const wanted = include?.length ? new Set(include) : undefined;
  const excluded = new Set(exclude ?? []);
  const chosen = model.accounts.filter((a) => (!wanted || wanted.has(a.id)) && !excluded.has(a.id));
  return {
    selected: chosen.filter((a) => a.status === 'ACTIVE'),
    skipped: chosen.filter((a) => a.status !== 'ACTIVE').map((a) => ({ id: a.id, name: a.name, status: a.status })),
  };
}

export async function runOrgAudit(options: OrgAuditOptions): Promise<OrgAuditResult> {
  const progress = options.progress ?? (() => {});
  const { settings } = options;
  const date = options.now.slice(0, 10);

  const base = createClients(options.aws);
  const organizations = createOrganizationsClient(options.aws);
  try {
    const model = await collectOrganization(organizations, { profile: options.aws.profile, progress });
    const { selected, skipped } = selectAccounts(model, options.accounts, options.excludeAccounts);
    progress(`auditing ${selected.length} account(s) of ${model.id}, ${options.accountsConcurrency ?? 8} at a time, as role ${options.assumeRole}`);

    const builder = new OrgReportBuilder(
      model,
      {
        assumeRole: options.assumeRole,
        accountsInOrganization: model.accounts.length,
        ...(options.accounts?.length ? { includedAccounts: [...options.accounts] } : {}),
        ...(options.excludeAccounts?.length ? { excludedAccounts: [...options.excludeAccounts] } : {}),
        productionOus: [...settings.productionOus],
      },
      skipped,
    );
    const sessionName = options.sessionName ?? auditSessionName(new Date());
    const files: string[] = [];
    const store = new FsReportStore(options.outDir);

    const auditAccount = async (account: OrgAccount): Promise<void> => {
      const started = performance.now();
      const say = (m: string) => progress(`[${account.id}] ${m}`);
      const where = memberWhere(model, account);
      try {
        const stem = `${account.id}-${date}`;
        const run = await runAccountAudit({
          source: orgMember(model, account, {
            aws: options.aws,
            sts: base.sts,
            assumeRole: options.assumeRole,
            ...(options.externalId ? { externalId: options.externalId } : {}),
            sessionName,
            ...(options.refreshMarginMs !== undefined ? { refreshMarginMs: options.refreshMarginMs } : {}),
            collect: { ...options.collect, agents: settings.agents },
            now: options.now,
          }),
          settings,
          stores: [store],
          progress,
          ...(options.saveSnapshotDir
            ? { saveSnapshot: (snapshot) => writeFilesAtomically([{ path: join(options.saveSnapshotDir as string, `${stem}.snapshot.json`), content: `${JSON.stringify(snapshot, null, 2)}\n` }]) }
            : {}),
        });
        const failedStore = run.storeErrors[0];
        if (failedStore) throw failedStore.error;
        const { report } = run;
        files.push(...run.stored.flatMap((s) => s.written));
        if (options.saveSnapshotDir) files.push(join(options.saveSnapshotDir, `${stem}.snapshot.json`));
        builder.addAudited(accountEntry(report, where, run.exitCode, settings.formats.map((f) => `${stem}.${f}`), run.loaded.member?.scps ?? []), report);
        say(`done: ${report.summary.failed} failed findings, ${report.summary.notAssessed} not assessed (${run.loaded.member?.sessions ?? 0} session(s))`);
      } catch (e) {
        const reason = e instanceof MemberAccountError ? e.message : `${errorCode(e)}: ${(e as Error).message}`;
        if (!(e instanceof MemberAccountError)) say(`failed: ${reason}`);
        builder.addFailed({ ...where, reason, error: e instanceof MemberAccountError ? e.code : errorCode(e) });
      } finally {
        options.onAccountDone?.(account.id, performance.now() - started);
      }
    };

    const limit = pLimit(Math.max(1, options.accountsConcurrency ?? 8));
    await Promise.all(selected.map((a) => limit(() => auditAccount(a))));

    const report = builder.build(options.now, organizationGaps(model));
    const orgStem = join(options.outDir, `org-${model.id}-${date}`);
    const rendered = renderAll(ORG_RENDERERS, report, settings.formats);
    const orgFiles = settings.formats.map((f) => ({ path: `${orgStem}.${ORG_RENDERERS[f].suffix}`, content: () => rendered[f]!.chunks() }));
    await writeFilesAtomically(orgFiles);
    files.push(...orgFiles.map((f) => f.path));
    return { report, exitCode: orgExitCode(report, settings.failOn), files, orgFiles: orgFiles.map((f) => f.path) };
  } finally {
    destroyClients(base);
    organizations.destroy();
  }
}

/** The org run's stdout summary. */
export function orgSummaryText(result: OrgAuditResult): string {
  const r = result.report;
  const a = r.summary.accounts;
  const sev = (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => `${r.summary.bySeverity[s]} ${s}`).join(', ');
  const lines = [
    `Organization ${r.organization.id}: ${a.audited} of ${a.selected} accounts audited, ${a.failed} failed, ${a.skipped} skipped, ${a.incomplete} incomplete`,
    `Findings: ${sev}`,
  ];
  const worst = r.accounts.filter((x) => x.status === 'AUDITED' && (x.failed ?? 0) > 0).slice(0, 5);
  if (worst.length) lines.push(`Worst: ${worst.map((x) => `${x.id} (${x.name}): ${x.failed}`).join('; ')}`);
  for (const f of r.accounts.filter((x) => x.status === 'FAILED')) lines.push(`Failed: ${f.id} (${f.name}): ${f.reason}`);
  for (const path of result.orgFiles) lines.push(`Report: ${path}`);
  return `${lines.join('\n')}\n`;
}
