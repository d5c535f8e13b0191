// Org mode: audit every (selected, ACTIVE) account of an AWS organization through the single-account pipeline.
//
//   management / delegated admin credentials
//     └─ Organizations: tree + SCPs (src/collect/organizations.ts)
//     └─ per account, accountsConcurrency at a time (p-limit):
//          src/org/audit-member.ts (shared with the Lambda fan-out worker):
//            sts:AssumeRole <account>:role/<assumeRole> (15-minute sessions, renewed: src/aws/assume-role.ts)
//            → createClients({ credentials }) → collectSnapshot (+ the account's organization part)
//            → auditSnapshot (ALL_CHECKS + ORG_CHECKS)
//          → the account's reports written at once
//          → only a summary is kept (src/org/summary.ts)
//     └─ the organization report from the summaries (JSON, HTML, CSV)
//
// An account that fails (AssumeRole denied, throttling past the retries, anything thrown) is recorded with its
// reason and never stops the others; the run's exit code is then 3.
import type { AgentSelector } from '../agents/select.js';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { exitCodeFor } from '../audit.js';
import { auditSessionName } from '../aws/assume-role.js';
import { createClients, createOrganizationsClient, destroyClients, type AwsOptions } from '../aws/clients.js';
import type { Severity, Thresholds } from '../checks/types.js';
import type { CloudTrailOptions } from '../collect/cloudtrail.js';
import type { CredentialReportOptions } from '../collect/credential-report.js';
import { errorCode } from '../collect/errors.js';
import { collectOrganization } from '../collect/organizations.js';
import { InputError } from '../errors.js';
import { writeFilesAtomically } from '../fs-util.js';
import type { KnownAccounts } from '../known-accounts.js';
import { renderCsv } from '../report/csv.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import type { AuditReport } from '../report/model.js';
import { renderOrgCsv } from '../report/org-csv.js';
import { renderOrgHtml } from '../report/org-html.js';
import { renderOrgJson } from '../report/org-json.js';
import type { OrgReport } from '../report/org-model.js';
import type { Suppressions } from '../suppressions.js';
import { auditMemberAccount, memberAuditContext, memberWhere } from './audit-member.js';
import { organizationGaps, type OrganizationModel, type OrgAccount } from './model.js';
import { DEFAULT_PRODUCTION_OUS } from './scp.js';
import { accountEntry, orgExitCode, OrgReportBuilder } from './summary.js';

export type ReportFormat = 'json' | 'html' | 'csv';

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
  productionOus?: string[];
  iamConcurrency?: number;
  credentialReport?: CredentialReportOptions;
  cloudTrail?: CloudTrailOptions;
  thresholds: Thresholds;
  now: string;
  excludeChecks?: string[];
  suppressions?: Suppressions;
  knownAccounts?: KnownAccounts;
  agents?: AgentSelector;
  failOn: Severity | 'none';
  outDir: string;
  formats: readonly ReportFormat[];
  /** Findings the HTML reports list per check (src/report/html.ts); 0: all. */
  htmlFindingsPerCheck?: number;
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

const accountRender = (htmlFindingsPerCheck: number | undefined): Record<ReportFormat, (r: AuditReport) => string> => ({
  json: renderJson,
  html: (r) => renderHtml(r, { maxFindingsPerCheck: htmlFindingsPerCheck }),
  csv: renderCsv,
});
const ORG_RENDER: Record<ReportFormat, (r: OrgReport) => string> = { json: renderOrgJson, html: renderOrgHtml, csv: renderOrgCsv };

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
  const date = options.now.slice(0, 10);
  const productionOus = options.productionOus ?? [...DEFAULT_PRODUCTION_OUS];

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
        productionOus,
      },
      skipped,
    );
    const context = memberAuditContext(model, { productionOus, knownAccounts: options.knownAccounts, agents: options.agents });
    const sessionName = options.sessionName ?? auditSessionName(new Date());
    const files: string[] = [];

    const auditAccount = async (account: OrgAccount): Promise<void> => {
      const started = performance.now();
      const say = (m: string) => progress(`[${account.id}] ${m}`);
      try {
        const outcome = await auditMemberAccount(model, account, {
          aws: options.aws,
          sts: base.sts,
          assumeRole: options.assumeRole,
          ...(options.externalId ? { externalId: options.externalId } : {}),
          sessionName,
          ...(options.refreshMarginMs !== undefined ? { refreshMarginMs: options.refreshMarginMs } : {}),
          iamConcurrency: options.iamConcurrency,
          ...(options.credentialReport ? { credentialReport: options.credentialReport } : {}),
          ...(options.cloudTrail ? { cloudTrail: options.cloudTrail } : {}),
          thresholds: options.thresholds,
          now: options.now,
          excludeChecks: options.excludeChecks,
          ...(options.suppressions ? { suppressions: options.suppressions } : {}),
          context,
          progress,
        });
        if (outcome.status === 'FAILED') {
          builder.addFailed({ ...outcome.where, reason: outcome.reason, error: outcome.error });
          return;
        }
        const { report, snapshot } = outcome;
        const stem = `${account.id}-${date}`;
        const out = options.formats.map((f) => ({ path: join(options.outDir, `${stem}.${f}`), content: accountRender(options.htmlFindingsPerCheck)[f](report) }));
        if (options.saveSnapshotDir) {
          out.push({ path: join(options.saveSnapshotDir, `${stem}.snapshot.json`), content: `${JSON.stringify(snapshot, null, 2)}\n` });
        }
        await writeFilesAtomically(out);
        files.push(...out.map((f) => f.path));
        const exitCode = exitCodeFor(report, options.failOn);
        builder.addAudited(
          accountEntry(
            report,
            outcome.where,
            exitCode,
            options.formats.map((f) => `${stem}.${f}`),
            outcome.scps,
          ),
          report,
        );
        say(`done: ${report.summary.failed} failed findings, ${report.summary.notAssessed} not assessed (${outcome.sessions} session(s))`);
      } catch (e) {
        const reason = `${errorCode(e)}: ${(e as Error).message}`;
        say(`failed: ${reason}`);
        builder.addFailed({ ...memberWhere(model, account), reason, error: errorCode(e) });
      } finally {
        options.onAccountDone?.(account.id, performance.now() - started);
      }
    };

    const limit = pLimit(Math.max(1, options.accountsConcurrency ?? 8));
    await Promise.all(selected.map((a) => limit(() => auditAccount(a))));

    const report = builder.build(options.now, organizationGaps(model));
    const orgStem = join(options.outDir, `org-${model.id}-${date}`);
    const orgFiles = options.formats.map((f) => ({ path: `${orgStem}.${f}`, content: ORG_RENDER[f](report) }));
    await writeFilesAtomically(orgFiles);
    files.push(...orgFiles.map((f) => f.path));
    return { report, exitCode: orgExitCode(report, options.failOn), files, orgFiles: orgFiles.map((f) => f.path) };
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
