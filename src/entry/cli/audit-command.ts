// The audit (the default command): run the one audit pipeline (src/pipeline/run.ts), print the summary, mail if
// asked, return the exit code. Loaded by main.ts only once the options are parsed. Everything an option means is in
// src/entry/cli/settings.ts.
import { checkOrgFormats } from '../../pipeline/renderers.js';
import type { CliOptions } from './program.js';
import { cliAuditSettings, cliMailSettings, cliRunInput } from './settings.js';
import { summaryText } from './summary.js';
import { redactUrl } from '../../deliver/email.js';
import { InputError } from '../../errors.js';
import { writeFilesAtomically } from '../../util/fs.js';
import { runOrgCli } from '../../org/cli.js';
import { mailAccountRun } from '../../pipeline/notify.js';
import { runAccountAudit } from '../../pipeline/run.js';
import { suppressionWarnings } from '../../settings/suppressions.js';

export async function runAuditCommand(opts: CliOptions): Promise<number> {
  const progress = opts.quiet ? () => {} : (m: string) => process.stderr.write(`${m}\n`);
  const now = opts.now ?? new Date().toISOString();
  const settings = await cliAuditSettings(opts);
  if (opts.org && (opts.previous || opts.history)) throw new InputError('--previous and --history compare reports of one account; they do not go with --org');
  if (opts.org && opts.emailTo) throw new InputError('--email-to is for one account; for an organization, deploy the nightly Lambda');
  // Before any account is audited, not when the org report is rendered at the end.
  if (opts.org) checkOrgFormats(settings.formats);
  const mail = cliMailSettings(opts);
  if (opts.org) return runOrgCli(opts, settings, now, progress);

  const input = await cliRunInput(opts, settings, now, progress);
  const result = await runAccountAudit({
    ...input,
    warn: (m) => process.stderr.write(`hardening-audit: warning: ${m}\n`),
    ...(opts.saveSnapshot
      ? {
          saveSnapshot: async (snapshot) => {
            await writeFilesAtomically([{ path: opts.saveSnapshot as string, content: `${JSON.stringify(snapshot, null, 2)}\n` }]);
            progress(`snapshot saved to ${opts.saveSnapshot}`);
          },
        }
      : {}),
  });
  const { report } = result;
  for (const notice of result.notices) process.stderr.write(`hardening-audit: --history: ${notice}\n`);
  if (result.previous && !input.previous) progress(`compared with ${result.previous.where}`);
  const failedStore = result.storeErrors[0];
  if (failedStore) throw failedStore.error;
  // Expired and unmatched suppression entries are warnings even with --quiet: a suppression that stopped working
  // (or never worked) is what a scheduled run must not hide.
  for (const line of suppressionWarnings(report.suppressions)) process.stderr.write(`hardening-audit: ${line}\n`);
  process.stdout.write(summaryText(report, result.stored.flatMap((s) => s.written)));
  if (mail) {
    try {
      const sent = await mailAccountRun(result, mail);
      if (sent.sent) progress(`mailed "${sent.subject}" to ${mail.to.join(', ')} (${sent.transport}, ${sent.attempts} attempt(s))`);
    } catch (e) {
      // The reports are on disk; the run still fails visibly.
      throw new InputError(`the reports were written, but the email was not sent: ${redactUrl((e as Error).message)}`);
    }
  }
  return result.exitCode;
}
