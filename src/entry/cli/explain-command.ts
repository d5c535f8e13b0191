// `hardening-audit explain`: ALLOWED / IMPLICITLY DENIED / EXPLICITLY DENIED, and the layer and statement that decided.
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { DEFAULT_MAX_ATTEMPTS } from '../../aws/clients.js';
import { redactSecrets } from '../../collect/classify.js';
import { explain, ExplainIncompleteError, parseContextPairs, renderExplainText, type ExplainResult } from '../../explain/explain.js';
import { InputError } from '../../errors.js';
import { readJsonFile } from '../../load/snapshot-file.js';
import { loadActionCatalog } from '../../policy/catalog.js';
import { AWS_MCP_SERVER, CALLED_VIA_AWS_MCP, VIA_AWS_MCP_SERVICE } from '../../policy/conditions.js';
import { normalizePolicyDocument, PolicyParseError } from '../../policy/normalize.js';
import type { PolicyDocument } from '../../snapshot/snapshot.js';
import { snapshotFromSource } from './snapshot-source.js';

const repeat = (value: string, previous: string[] = []) => [...previous, value];
const wholeNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};

export function buildExplainCommand() {
  return new Command('explain')
    .description('Can this principal do this action, and which layer (identity policy, permissions boundary, SCP) decides?')
    .addOption(new Option('--principal <arn-or-name>', 'the user or role (an assumed-role session ARN works too)').makeOptionMandatory())
    .addOption(new Option('--action <service:Action>', 'the action to evaluate (repeat for a table)').argParser(repeat).makeOptionMandatory())
    .addOption(new Option('--resource <arn>', 'the resource; default * (any resource)'))
    .addOption(new Option('--context <key=value>', 'request context, e.g. aws:MultiFactorAuthPresent=true (repeatable)').argParser(repeat))
    .addOption(new Option('--via-mcp [server]', `the call comes through an AWS-managed MCP server: sets ${VIA_AWS_MCP_SERVICE}=true and ${CALLED_VIA_AWS_MCP}=<server> (default ${AWS_MCP_SERVER})`))
    .addOption(new Option('--session-policy <file>', 'a session policy (JSON) the principal\'s session is limited by, as passed to sts:AssumeRole --policy'))
    .addOption(new Option('--resource-policy <file>', 'the resource\'s policy (JSON), e.g. a bucket or key policy in the same account'))
    .addOption(new Option('--json', 'print the evaluation as JSON'))
    .addOption(new Option('--snapshot <file>', 'a snapshot saved with --save-snapshot'))
    .addOption(new Option('--auth-details <files...>', 'an `aws iam get-account-authorization-details` export'))
    .addOption(new Option('--profile <name>', 'AWS profile (live account)'))
    .addOption(new Option('--region <region>', 'AWS region for the clients'))
    .addOption(new Option('--endpoint-url <url>', 'send AWS calls to this endpoint instead'))
    .addOption(new Option('--max-attempts <n>', 'attempts per AWS call').argParser(wholeNumber).default(DEFAULT_MAX_ATTEMPTS))
    .addOption(new Option('-q, --quiet', 'no progress on stderr'));
}

/**
 * Exit codes: 0 answered; 2 usage or input error (no such principal in a complete inventory, an action IAM does not
 * know); 3 the answer cannot be given or trusted because data it needs was not collected (the principal's part or
 * its own entry, an attached policy, boundary or group) — the same meaning as an incomplete audit.
 */
export async function runExplain(argv: string[]): Promise<number> {
  const command = buildExplainCommand().exitOverride();
  command.parse(argv, { from: 'user' });
  const opts = command.opts();
  const progress = opts.quiet ? () => {} : (m: string) => process.stderr.write(`${m}\n`);
  const context = parseContextPairs(opts.context ?? []);
  const now = new Date().toISOString();
  const catalog = await loadActionCatalog();
  const { snapshot } = await snapshotFromSource(opts, now, false, progress);
  const sessionPolicy = opts.sessionPolicy ? await readPolicyFile(opts.sessionPolicy) : undefined;
  const resourcePolicy = opts.resourcePolicy ? await readPolicyFile(opts.resourcePolicy) : undefined;
  let result: ExplainResult;
  try {
    result = explain(snapshot, {
      principal: opts.principal,
      actions: opts.action,
      ...(opts.resource ? { resource: opts.resource } : {}),
      context,
      ...(opts.viaMcp ? { viaMcp: opts.viaMcp === true ? AWS_MCP_SERVER : opts.viaMcp } : {}),
      ...(sessionPolicy ? { sessionPolicy } : {}),
      ...(resourcePolicy ? { resourcePolicy } : {}),
      catalog,
    });
  } catch (e) {
    if (!(e instanceof ExplainIncompleteError)) throw e;
    process.stderr.write(`hardening-audit: ${redactSecrets(e.message)}\n`);
    return e.exitCode;
  }
  process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : renderExplainText(result));
  const missing = result.gaps.length + result.unresolved.length;
  if (missing === 0) return 0;
  // Said on stderr too, so it is seen with --json and in scripts: the verdict above is not a confident one.
  process.stderr.write(`hardening-audit: warning: the answer for ${result.principal.arn} is incomplete: ${missing} ${missing === 1 ? 'input' : 'inputs'} could not be read (see above); exit 3\n`);
  return 3;
}

async function readPolicyFile(path: string): Promise<PolicyDocument> {
  const data = await readJsonFile(path);
  try {
    return normalizePolicyDocument(data);
  } catch (e) {
    if (e instanceof PolicyParseError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
}
