// What the option definitions (program.ts) need to print --help and parse, without loading the modules that use the
// values: those load the AWS SDK, handlebars, the IAM action catalogue and every renderer (~0.4 s before --help could
// print). test/entry/startup.test.ts checks that each value here equals the one it stands for, and that --help and
// --version load none of those modules.
import { InvalidArgumentError } from '@commander-js/extra-typings';

/** = DEFAULT_MAX_ATTEMPTS of src/aws/clients.ts. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** = DEFAULT_HTML_FINDINGS_PER_CHECK of src/report/html/view.ts. */
export const DEFAULT_HTML_FINDINGS_PER_CHECK = 200;

export { DEFAULT_FORMATS, parseFormatList, REPORT_FORMATS } from '../../pipeline/formats.js';
export { FRAMEWORK_IDS, parseFrameworkList } from '../../compliance/framework-ids.js';

/** --accounts, --exclude-accounts: comma-separated 12-digit account ids. */
export const accountList = (value: string): string[] => {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (bad.length || ids.length === 0) throw new InvalidArgumentError(`expected comma-separated 12-digit account ids${bad.length ? `, got ${bad.join(', ')}` : ''}.`);
  return ids;
};

/** --production-ous: comma-separated OU name globs. */
export const globList = (value: string): string[] => {
  const globs = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (globs.length === 0) throw new InvalidArgumentError('expected comma-separated OU name globs, e.g. Prod*,*-prod.');
  return globs;
};
