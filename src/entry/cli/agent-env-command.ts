// `hardening-audit check-agent-env`: lint the AWS config and credentials an agent process would see.
import { Command, Option } from '@commander-js/extra-typings';
import { checkAgentEnv, renderAgentEnvText } from '../../agents/agent-env.js';
import { SEVERITIES } from '../../vocabulary.js';

const repeat = (value: string, previous: string[] = []) => [...previous, value];

export function buildAgentEnvCommand() {
  return new Command('check-agent-env')
    .description('Lint the AWS config/credentials files an AI agent would see: static keys, unexpected profiles, chained static keys, credential_process, missing region. Prints profile names, never secrets.')
    .addOption(new Option('--config <file>', 'AWS config file (default: AWS_CONFIG_FILE or ~/.aws/config)'))
    .addOption(new Option('--credentials <file>', 'AWS credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)'))
    .addOption(new Option('--expect-profile <glob>', 'a profile the agent is meant to have (repeatable); any other is reported').argParser(repeat))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...SEVERITIES, 'none'] as const).default('high' as const))
    .addOption(new Option('--json', 'print the result as JSON'));
}

export async function runAgentEnv(argv: string[]): Promise<number> {
  const command = buildAgentEnvCommand().exitOverride();
  command.parse(argv, { from: 'user' });
  const opts = command.opts();
  const result = await checkAgentEnv({
    ...(opts.config ? { configFile: opts.config } : {}),
    ...(opts.credentials ? { credentialsFile: opts.credentials } : {}),
    ...(opts.expectProfile ? { expectedProfiles: opts.expectProfile } : {}),
  });
  process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : renderAgentEnvText(result));
  if (opts.failOn === 'none') return 0;
  const threshold = SEVERITIES.indexOf(opts.failOn);
  return result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold) ? 1 : 0;
}
