// What the option definitions (program.ts) need to print --help and parse, without loading the modules that use the
// values: those load the AWS SDK, handlebars, the IAM action catalogue and every renderer (~0.4 s before --help could
// print). test/entry/startup.test.ts checks that each value here equals the one it stands for, and that --help and
// --version load none of those modules.
import { InvalidArgumentError } from '@commander-js/extra-typings';
import type { ReportFormat } from '../../pipeline/renderers.js';

/** = DEFAULT_MAX_ATTEMPTS of src/aws/clients.ts. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** = DEFAULT_HTML_FINDINGS_PER_CHECK of src/report/html/view.ts. */
export const DEFAULT_HTML_FINDINGS_PER_CHECK = 200;

/** = REPORT_FORMATS of src/pipeline/renderers.ts (the registry of renderers). */
export const REPORT_FORMATS = ['json', 'html', 'csv'] as const satisfies readonly ReportFormat[];

/** `--format json,html` etc.: known formats, no repeats; the same answers as parseFormatList of src/pipeline/renderers.ts. */
export function parseFormatList(value: string): ReportFormat[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new Error(`expected one or more of ${REPORT_FORMATS.join(', ')}.`);
  const bad = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length) throw new Error(`unknown format ${bad.join(', ')}; choose from ${REPORT_FORMATS.join(', ')}.`);
  const repeated = list.filter((f, i) => list.indexOf(f) !== i);
  if (repeated.length) throw new Error(`${[...new Set(repeated)].join(', ')} given more than once.`);
  return list as ReportFormat[];
}

/** --accounts, --exclude-accounts: comma-separated 12-digit account ids (as src/org/cli.ts's accountList). */
export const accountList = (value: string): string[] => {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (bad.length || ids.length === 0) throw new InvalidArgumentError(`expected comma-separated 12-digit account ids${bad.length ? `, got ${bad.join(', ')}` : ''}.`);
  return ids;
};

/** --production-ous: comma-separated OU name globs (as src/org/cli.ts's globList). */
export const globList = (value: string): string[] => {
  const globs = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (globs.length === 0) throw new InvalidArgumentError('expected comma-separated OU name globs, e.g. Prod*,*-prod.');
  return globs;
};
