// The audit command's options (commander). Parsing only: what they mean is src/entry/cli/settings.ts.
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
// Light imports only: --help and --version load this module and nothing heavy (see option-values.ts).
import { SEVERITIES } from '../../vocabulary.js';
import type { ReportFormat } from '../../pipeline/formats.js';
import { TOOL_VERSION } from '../../version.js';
import { accountList, DEFAULT_FORMATS, DEFAULT_HTML_FINDINGS_PER_CHECK, DEFAULT_MAX_ATTEMPTS, FRAMEWORK_IDS, globList, parseFormatList, parseFrameworkList, REPORT_FORMATS } from './option-values.js';

const wholeNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};
const isoDate = (value: string) => {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected an ISO-8601 date, e.g. 2026-11-25T00:00:00Z.');
  return new Date(value).toISOString();
};
const positiveNumber = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return Number(value);
};
const frameworkList = (value: string): string[] => {
  try {
    return parseFrameworkList(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};
const formatList = (value: string): ReportFormat[] => {
  try {
    return parseFormatList(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};
/** Repeatable, and each value may be a comma-separated list. */
const commaRepeated = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
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
    .addOption(new Option('--max-attempts <n>', 'attempts per AWS call, adaptive retry').argParser(positiveNumber).default(DEFAULT_MAX_ATTEMPTS))
    .addOption(new Option('--iam-concurrency <n>', 'concurrent IAM requests').argParser(positiveNumber).default(4))
    .addOption(new Option('--credential-report-timeout <seconds>', 'how long to wait for the credential report').argParser(wholeNumber).default(180))
    .addOption(new Option('--snapshot <file>', 're-audit a snapshot saved with --save-snapshot, offline'))
    .addOption(new Option('--auth-details <files...>', 'audit offline from `aws iam get-account-authorization-details` JSON (one file or several pages)'))
    .addOption(new Option('--credential-report <file>', 'with --auth-details: the credential report CSV (base64-decoded Content of `aws iam get-credential-report`)'))
    .addOption(new Option('--save-snapshot <file>', 'write the collected snapshot to this file'))
    .addOption(new Option('--out <dir>', 'folder for the reports <account>-<date>.json/.html/.csv (.sarif/.ocsf.json/.asff.json)').default('reports'))
    .addOption(new Option('--format <list>', `report formats, comma-separated: ${REPORT_FORMATS.join(', ')} (sarif, ocsf and asff not with --org)`).argParser(formatList).default([...DEFAULT_FORMATS] as ReportFormat[], DEFAULT_FORMATS.join(',')))
    .addOption(new Option('--framework <list>', `compliance view: frameworks to evaluate, comma-separated (${FRAMEWORK_IDS.join(', ')}; default: all); findings carry every mapping`).argParser(frameworkList))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...SEVERITIES, 'none'] as const))
    .addOption(new Option('--config <file>', 'YAML or JSON file with thresholds, failOn, excludeChecks and suppressions'))
    .addOption(new Option('--exclude-check <ids>', 'skip these checks (repeatable, or comma-separated ids; an unknown id is an error)').argParser(commaRepeated))
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
    .addOption(new Option('--no-agent-discovery', 'do not also select the roles that Bedrock or Bedrock AgentCore may assume as AI agents'))
    .addOption(new Option('--known-accounts <file>', 'YAML list of known AWS accounts (name, accounts) added to the shipped list, to name trusted accounts (repeatable)').argParser(collectRepeated))
    .addOption(new Option('--org', 'audit every account of the AWS organization (run from the management or a delegated administrator account)'))
    .addOption(new Option('--assume-role <name>', 'with --org: the read-only audit role to assume in each account'))
    .addOption(new Option('--external-id <id>', 'with --org: the sts:ExternalId the audit role requires'))
    .addOption(new Option('--accounts <ids>', 'with --org: only these account ids, comma-separated').argParser(accountList))
    .addOption(new Option('--exclude-accounts <ids>', 'with --org: skip these account ids, comma-separated').argParser(accountList))
    .addOption(new Option('--accounts-concurrency <n>', 'with --org: accounts audited at the same time').argParser(positiveNumber).default(8))
    .addOption(new Option('--production-ous <globs>', "with --org: OU name globs marking production accounts (case-insensitive)").argParser(globList).default(['Prod*', '*-prod'], "'Prod*,*-prod'"))
    .addOption(new Option('-q, --quiet', 'no progress on stderr'))
    .addHelpText(
      'after',
      `
Other commands (each with its own --help):
  explain          can a principal do an action, and which layer decides
  paths            who can become admin (or reach a role), in how many steps, through which statements
  check-agent-env  lint the AWS config/credentials files an AI agent would see`,
    );
}

export type CliOptions = ReturnType<ReturnType<typeof buildProgram>['opts']>;
