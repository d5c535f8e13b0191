// The CLI adapter: parse the options, then load the command asked for and return its exit code. Only commander and
// the option definitions load up front, so --help and --version print without the AWS SDK, the IAM action catalogue,
// handlebars or the checks (test/entry/startup.test.ts); each command imports its code when it runs.
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { FatalAwsError, InputError } from '../../errors.js';

export { buildProgram } from './program.js';

export async function main(argv = process.argv): Promise<number> {
  try {
    // Subcommands have their own options; the audit is the default command.
    if (argv[2] === 'explain') return await (await import('./explain-command.js')).runExplain(argv.slice(3));
    if (argv[2] === 'paths') return await (await import('./paths-command.js')).runPaths(argv.slice(3));
    if (argv[2] === 'check-agent-env') return await (await import('./agent-env-command.js')).runAgentEnv(argv.slice(3));
    const program = buildProgram().exitOverride();
    program.parse(argv);
    const { runAuditCommand } = await import('./audit-command.js');
    return await runAuditCommand(program.opts());
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version are not errors; commander has already printed what it had to say.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    // An error message may carry an SMTP URL with its password (--smtp-url).
    const { redactUrl } = await import('../../deliver/email.js');
    if (e instanceof InputError || e instanceof FatalAwsError) {
      process.stderr.write(`hardening-audit: ${redactUrl(e.message)}\n`);
      return e.exitCode;
    }
    process.stderr.write(`hardening-audit: internal error: ${redactUrl(String((e as Error).message ?? e))}\n`);
    if (process.env.HARDENING_AUDIT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 2;
  }
}
