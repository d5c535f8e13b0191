// The CLI's work: parse options, collect (or load) a snapshot, audit it, write reports, exit with a meaningful code.
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { CommanderError } from 'commander';
import { join } from 'node:path';
import { auditSnapshot, exitCodeFor } from './audit.js';
import { DEFAULT_MAX_ATTEMPTS } from './aws/clients.js';
import { SEVERITIES, type Thresholds } from './checks/types.js';
import { loadConfigFile, resolveAgentSelector, resolveThresholds, type FailOn } from './config.js';
import { FatalAwsError, InputError } from './errors.js';
import { writeFilesAtomically } from './fs-util.js';
import { runAgentEnv } from './cli/agent-env-command.js';
import { runExplain } from './cli/explain-command.js';
import { snapshotFromSource } from './cli/snapshot-source.js';
import { redactUrl, sendReportEmail } from './deliver/email.js';
import { readJsonFile } from './load/snapshot-file.js';
import { diffReports, diffSection, parseDiffableReport, type DiffableReport } from './report/diff.js';
import { renderCsv } from './report/csv.js';
import { DEFAULT_HTML_FINDINGS_PER_CHECK, renderHtml } from './report/html.js';
import { checkHistoryDir, loadHistory } from './report/history.js';
import { renderJson } from './report/json.js';
import type { AuditReport } from './report/model.js';
import { runSummary, trendSeries, trendText } from './report/trend.js';
import { loadSuppressionsFile, suppressionWarnings, type Suppressions } from './suppressions.js';
import { TOOL_VERSION } from './version.js';
import { ALL_CHECKS } from './checks/index.js';
import { ORG_CHECKS, wantsOrgChecks } from './checks/org/index.js';
import { loadKnownAccounts } from './known-accounts.js';
import { accountList, globList, runOrgCli } from './org/cli.js';

const FORMATS = ['json', 'html', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const wholeNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};
const isoDate = (value: string) => {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected an ISO-8601 date, e.g. 2026-11-25T00:00:00Z.');
  return new Date(value).toISOString();
};
const formatList = (value: string): Format[] => {
  const list = value.split(',').map((s) => s.trim());
  const bad = list.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length) throw new InvalidArgumentError(`unknown format ${bad.join(', ')}; choose from ${FORMATS.join(', ')}.`);
  return list as Format[];
};
const collectRepeated = (value: string, previous: string[] = []) => [...previous, value];
const addressList = (value: string, previous: string[] = []) => {
  const list = value.split(',').map((a) => a.trim()).filter(Boolean);
  const bad = list.find((a) => !/^[^\s@]+@[^\s@]+$/.test(a));
  if (bad !== undefined || list.length === 0) throw new InvalidArgumentError(`expected e-mail addresses, got "${bad ?? value}".`);
  return [...previous, ...list];
};
const agentTag = (value: string, previous: string[] = []) => {
  if (!/^[^=]+=.*$/.test(value)) throw new InvalidArgumentError('expected KEY=VALUE, e.g. Purpose=ai-agent.');
  return [...previous, value];
};

export function buildProgram() {
  return new Command()
    .name('hardening-audit')
    .description('Read-only audit of an AWS account\'s identity posture (IAM, CIS AWS Foundations section 1).')
    .version(TOOL_VERSION)
    .addOption(new Option('--profile <name>', 'AWS profile from ~/.aws/config (SSO, assume-role, static); default: the standard credential chain'))
    .addOption(new Option('--region <region>', 'AWS region for the clients (IAM itself is global)'))
    .addOption(new Option('--endpoint-url <url>', 'send AWS calls to this endpoint instead (emulators, tests)'))
    .addOption(new Option('--max-attempts <n>', 'attempts per AWS call, adaptive retry').argParser(wholeNumber).default(DEFAULT_MAX_ATTEMPTS))
    .addOption(new Option('--iam-concurrency <n>', 'concurrent IAM requests').argParser(wholeNumber).default(4))
    .addOption(new Option('--credential-report-timeout <seconds>', 'how long to wait for the credential report').argParser(wholeNumber).default(180))
    .addOption(new Option('--snapshot <file>', 're-audit a snapshot saved with --save-snapshot, offline'))
    .addOption(new Option('--auth-details <files...>', 'audit offline from `aws iam get-account-authorization-details` JSON (one file or several pages)'))
    .addOption(new Option('--credential-report <file>', 'with --auth-details: the credential report CSV (base64-decoded Content of `aws iam get-credential-report`)'))
    .addOption(new Option('--save-snapshot <file>', 'write the collected snapshot to this file'))
    .addOption(new Option('--out <dir>', 'folder for the reports <account>-<date>.json/.html/.csv').default('reports'))
    .addOption(new Option('--format <list>', 'report formats, comma-separated').argParser(formatList).default([...FORMATS] as Format[], 'json,html,csv'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...SEVERITIES, 'none'] as const))
    .addOption(new Option('--config <file>', 'YAML or JSON file with thresholds, failOn, excludeChecks and suppressions'))
    .addOption(new Option('--exclude-check <id>', 'skip a check (repeatable)').argParser(collectRepeated))
    .addOption(new Option('--previous <file>', 'an earlier JSON report of the same account: the reports show what is new, resolved and still open'))
    .addOption(new Option('--html-findings-per-check <n>', 'the HTML report lists at most this many findings per check, most severe first (JSON and CSV list all); 0: all').argParser(wholeNumber).default(DEFAULT_HTML_FINDINGS_PER_CHECK))
    .addOption(new Option('--history <dir>', 'folder of earlier reports (the --out folder, or a copy of the nightly archive): a trend chart of the last 30 runs, and the diff with the latest one unless --previous is given'))
    .addOption(new Option('--email-to <addresses>', 'mail the summary (new findings first) with the HTML and CSV reports attached to these comma-separated addresses').argParser(addressList))
    .addOption(new Option('--email-from <address>', 'with --email-to: the sender (an SES verified identity, or any address your SMTP server accepts)'))
    .addOption(new Option('--smtp-url <url>', 'with --email-to: send through this SMTP server (smtp[s]://user:pass@host:port) instead of SES'))
    .addOption(new Option('--ses-endpoint-url <url>', 'with --email-to: SES v2 endpoint override (a local SES server)'))
    .addOption(new Option('--suppressions <file>', 'YAML or JSON list of accepted findings (checkId, resource, reason, expires); replaces the config file\'s list'))
    .addOption(new Option('--access-key-max-age-days <n>', 'active access keys older than this fail (default 90)').argParser(wholeNumber))
    .addOption(new Option('--access-key-unused-days <n>', 'active keys unused this long fail (default 45)').argParser(wholeNumber))
    .addOption(new Option('--password-unused-days <n>', 'console passwords unused this long fail (default 45)').argParser(wholeNumber))
    .addOption(new Option('--role-unused-days <n>', 'roles unused this long fail (default 90)').argParser(wholeNumber))
    .addOption(new Option('--root-used-days <n>', 'root activity within this many days fails (default 30)').argParser(wholeNumber))
    .addOption(new Option('--password-min-length <n>', 'password policy minimum length (default 14)').argParser(wholeNumber))
    .addOption(new Option('--password-reuse-prevention <n>', 'password policy remembered passwords (default 24)').argParser(wholeNumber))
    .addOption(new Option('--now <iso-date>', 'evaluate ages as of this time (reproducible runs); default: now').argParser(isoDate))
    .addOption(new Option('--agent-tag <key=value>', 'principals with this tag are AI agents (repeatable; replaces the default Purpose=ai-agent, ai-agent=true)').argParser(agentTag))
    .addOption(new Option('--agent-name <glob>', 'users and roles whose name matches are AI agents (repeatable)').argParser(collectRepeated))
    .addOption(new Option('--agent-arn <arn>', 'this user or role is an AI agent (repeatable)').argParser(collectRepeated))
    .addOption(new Option('--known-accounts <file>', 'YAML list of known AWS accounts (name, accounts) added to the shipped list, to name trusted accounts (repeatable)').argParser(collectRepeated))
    .addOption(new Option('--org', 'audit every account of the AWS organization (run from the management or a delegated administrator account)'))
    .addOption(new Option('--assume-role <name>', 'with --org: the read-only audit role to assume in each account'))
    .addOption(new Option('--external-id <id>', 'with --org: the sts:ExternalId the audit role requires'))
    .addOption(new Option('--accounts <ids>', 'with --org: only these account ids, comma-separated').argParser(accountList))
    .addOption(new Option('--exclude-accounts <ids>', 'with --org: skip these account ids, comma-separated').argParser(accountList))
    .addOption(new Option('--accounts-concurrency <n>', 'with --org: accounts audited at the same time').argParser(wholeNumber).default(8))
    .addOption(new Option('--production-ous <globs>', "with --org: OU name globs marking production accounts (case-insensitive)").argParser(globList).default(['Prod*', '*-prod'], "'Prod*,*-prod'"))
    .addOption(new Option('-q, --quiet', 'no progress on stderr'))
    .addHelpText(
      'after',
      `
Other commands (each with its own --help):
  explain          can a principal do an action, and which layer decides
  check-agent-env  lint the AWS config/credentials files an AI agent would see`,
    );
}

type Options = ReturnType<ReturnType<typeof buildProgram>['opts']>;

async function run(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  program.parse(argv);
  const opts: Options = program.opts();
  const progress = opts.quiet ? () => {} : (m: string) => process.stderr.write(`${m}\n`);

  const config = opts.config ? await loadConfigFile(opts.config) : undefined;
  const flagThresholds: Partial<Thresholds> = {
    accessKeyMaxAgeDays: opts.accessKeyMaxAgeDays,
    accessKeyUnusedDays: opts.accessKeyUnusedDays,
    passwordUnusedDays: opts.passwordUnusedDays,
    roleUnusedDays: opts.roleUnusedDays,
    rootUsedDays: opts.rootUsedDays,
    passwordMinLength: opts.passwordMinLength,
    passwordReusePrevention: opts.passwordReusePrevention,
  };
  const thresholds = resolveThresholds(config, flagThresholds);
  const failOn: FailOn = opts.failOn ?? config?.failOn ?? 'high';
  // Read before any AWS call, so a bad file fails fast (exit 2). The flag's file replaces the config file's list.
  const suppressions: Suppressions | undefined = opts.suppressions
    ? await loadSuppressionsFile(opts.suppressions)
    : opts.config && config?.suppressions
      ? { source: opts.config, entries: config.suppressions }
      : undefined;
  // Read before any AWS call, so a bad file fails fast (exit 2).
  const previous = opts.previous ? await loadPreviousReport(opts.previous) : undefined;
  if (opts.history) await checkHistoryDir(opts.history);
  let now = opts.now ?? new Date().toISOString();
  const knownAccounts = loadKnownAccounts(opts.knownAccounts ?? []);
  const agents = resolveAgentSelector(config, { tags: opts.agentTag, names: opts.agentName, arns: opts.agentArn });
  if (opts.org && (opts.previous || opts.history)) throw new InputError('--previous and --history compare reports of one account; they do not go with --org');
  if (opts.emailTo && !opts.emailFrom) throw new InputError('--email-to needs --email-from');
  if (!opts.emailTo && (opts.emailFrom || opts.smtpUrl || opts.sesEndpointUrl)) throw new InputError('--email-from, --smtp-url and --ses-endpoint-url go with --email-to');
  if (opts.org && opts.emailTo) throw new InputError('--email-to is for one account; for an organization, deploy the nightly Lambda');
  if (opts.org) {
    const excludeChecks = [...(config?.excludeChecks ?? []), ...(opts.excludeCheck ?? [])];
    return runOrgCli(opts, { thresholds, failOn, suppressions, excludeChecks, now, knownAccounts, agents, progress });
  }
  if (opts.assumeRole || opts.externalId || opts.accounts || opts.excludeAccounts) {
    throw new InputError('--assume-role, --external-id, --accounts and --exclude-accounts go with --org');
  }

  const source = await snapshotFromSource({ ...opts, agents }, now, opts.now !== undefined, progress);
  const snapshot = source.snapshot;
  now = source.now;
  if (opts.saveSnapshot) {
    await writeFilesAtomically([{ path: opts.saveSnapshot, content: `${JSON.stringify(snapshot, null, 2)}\n` }]);
    progress(`snapshot saved to ${opts.saveSnapshot}`);
  }

  const excludeChecks = [...(config?.excludeChecks ?? []), ...(opts.excludeCheck ?? [])];
  const report = await auditSnapshot(snapshot, {
    thresholds,
    now,
    excludeChecks,
    suppressions,
    context: { knownAccounts, agents },
    // A snapshot saved in org mode keeps its organization checks when re-audited offline.
    ...(wantsOrgChecks(snapshot) ? { checks: [...ALL_CHECKS, ...ORG_CHECKS] } : {}),
  });
  if (previous) {
    if (previous.account.id !== report.account.id) {
      throw new InputError(`${opts.previous}: a report of account ${previous.account.id}, not ${report.account.id}`);
    }
    report.diff = diffSection(diffReports(previous, report));
  }
  // The history is read after the audit: the account id (a live run's) is known only now.
  const history = opts.history ? await loadHistory(opts.history, report.account.id, report.generatedAt.slice(0, 10), { needPrevious: !previous }) : undefined;
  if (history) {
    for (const w of history.warnings) process.stderr.write(`hardening-audit: --history: ${w}\n`);
    if (history.previous) {
      report.diff = diffSection(diffReports(history.previous.report, report));
      progress(`compared with ${history.previous.path}`);
    }
    report.trend = trendSeries([...history.summaries, runSummary(report)]);
  }
  // Expired and unmatched suppression entries are warnings even with --quiet: a suppression that stopped working
  // (or never worked) is what a scheduled run must not hide.
  for (const line of suppressionWarnings(report.suppressions)) process.stderr.write(`hardening-audit: ${line}\n`);
  const written = await writeReports(report, opts.out, opts.format, opts.htmlFindingsPerCheck);
  process.stdout.write(summaryText(report, written));
  if (opts.emailTo) {
    try {
      const sent = await sendReportEmail({
        report,
        to: opts.emailTo,
        from: opts.emailFrom!,
        previous: previous ?? history?.previous?.report ?? null,
        html: { maxFindingsPerCheck: opts.htmlFindingsPerCheck },
        ...(report.trend ? { history: report.trend } : {}),
        ...(opts.smtpUrl ? { smtpUrl: opts.smtpUrl } : { ses: { ...(opts.region ? { region: opts.region } : {}), ...(opts.profile ? { profile: opts.profile } : {}), ...(opts.sesEndpointUrl ? { endpointUrl: opts.sesEndpointUrl } : {}) } }),
      });
      progress(`mailed "${sent.subject}" to ${opts.emailTo.join(', ')} (${sent.transport}, ${sent.attempts} attempt(s))`);
    } catch (e) {
      // The reports are on disk; the run still fails visibly.
      throw new InputError(`the reports were written, but the email was not sent: ${redactUrl((e as Error).message)}`);
    }
  }
  return exitCodeFor(report, failOn);
}

async function loadPreviousReport(path: string): Promise<DiffableReport> {
  const data = await readJsonFile(path);
  try {
    return parseDiffableReport(data);
  } catch (e) {
    throw new InputError(`${path}: ${(e as Error).message}`);
  }
}

async function writeReports(report: AuditReport, outDir: string, formats: Format[], htmlFindingsPerCheck: number): Promise<string[]> {
  const base = join(outDir, `${report.account.id}-${report.generatedAt.slice(0, 10)}`);
  const render: Record<Format, (r: AuditReport) => string> = { json: renderJson, html: (r) => renderHtml(r, { maxFindingsPerCheck: htmlFindingsPerCheck }), csv: renderCsv };
  // Rendered one at a time into temp files and renamed together: a failure leaves no half-written report set.
  const files = formats.map((f) => ({ path: `${base}.${f}`, content: () => render[f](report) }));
  await writeFilesAtomically(files);
  return files.map((f) => f.path);
}

export function summaryText(report: AuditReport, written: string[]): string {
  const s = report.summary;
  const sev = SEVERITIES.map((x) => `${s.bySeverity[x]} ${x}`).join(', ');
  const lines = [
    `Account ${report.account.id} (${report.source}): ${s.checks.total} checks, ${s.checks.passed} passed, ${s.checks.failed} failed, ${s.checks.notAssessed} not assessed`,
    `Findings: ${sev}${s.suppressed ? ` (${s.suppressed} suppressed, not counted)` : ''}`,
  ];
  if (report.diff) {
    const d = report.diff;
    lines.push(`Since ${d.previousGeneratedAt ?? 'the previous report'}: ${d.new.length} new, ${d.resolved.length} resolved, ${d.stillOpen.length} still open`);
  }
  const trend = report.trend ? trendText(report.trend) : null;
  if (trend) lines.push(trend);
  if (report.gaps.length) {
    lines.push(`Incomplete: ${report.gaps.map((g) => `${g.api} ${g.error}`).filter((v, i, a) => a.indexOf(v) === i).join('; ')} — grant the permissions in policies/auditor-policy.json`);
  }
  for (const path of written) lines.push(`Report: ${path}`);
  return `${lines.join('\n')}\n`;
}

export async function main(argv = process.argv): Promise<number> {
  try {
    // Subcommands have their own options; the audit is the default command.
    if (argv[2] === 'explain') return await runExplain(argv.slice(3));
    if (argv[2] === 'check-agent-env') return await runAgentEnv(argv.slice(3));
    return await run(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version are not errors; commander has already printed what it had to say.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    if (e instanceof InputError || e instanceof FatalAwsError) {
      process.stderr.write(`hardening-audit: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`hardening-audit: internal error: ${(e as Error).message ?? e}\n`);
    if (process.env.HARDENING_AUDIT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 2;
  }
}
