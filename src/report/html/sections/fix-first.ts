// "Fix first" of the HTML report: the ranking of src/report/fix-first.ts (the one stdout and the mail use), at most
// ten checks, each with one command from its remediation draft.
import { type FixFirstItem, fixFirst } from '../../fix-first.js';
import type { ReportFinding } from '../../model.js';
import { plural, resourceLabel, SEVERITY_LABEL } from '../common.js';

export const HTML_FIX_FIRST_MAX = 10;

export interface FixFirstView {
  severity: string;
  severityLabel: string;
  checkId: string;
  title: string;
  /** "3 findings" when the check has more than the one shown. */
  countText: string | null;
  /** Why it ranks ahead of the others of its severity (public trust, root, admin reach, ...), when it does. */
  exposure: string | null;
  resource: string;
  message: string;
  command: string;
  /** The finding's row in the table (its evidence and the whole remediation draft), when the HTML lists it. */
  href: string | null;
}

/**
 * The one line of a remediation draft to run or do: the first AWS CLI command; else the first line that is not a
 * comment (a draft written as a sentence), unless it only opens a heredoc; else, for a console-only fix (root MFA,
 * root keys), the comment that names the console path ("Account menu > Security credentials > ..."), else the first.
 */
export function remediationCommand(remediation: string): string {
  const lines = remediation
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const aws = lines.find((l) => /^aws\s/.test(l));
  if (aws) return aws;
  const plain = lines.find((l) => !l.startsWith('#'));
  if (plain && !/<<\s*'?[A-Z]+'?$/.test(plain)) return plain;
  const comments = lines.filter((l) => l.startsWith('#')).map((l) => l.replace(/^#+\s*(\d+\.\s*)?/, ''));
  return comments.find((l) => l.includes(' > ')) ?? comments[0] ?? plain ?? '';
}

export function fixFirstView(findings: readonly ReportFinding[], listed: ReadonlySet<string>): FixFirstView[] {
  return fixFirst(findings, HTML_FIX_FIRST_MAX).map(
    (item: FixFirstItem): FixFirstView => ({
      severity: item.severity,
      severityLabel: SEVERITY_LABEL[item.severity],
      checkId: item.checkId,
      title: item.finding.title,
      countText: item.count > 1 ? plural(item.count, 'finding') : null,
      exposure: item.exposure ?? null,
      resource: resourceLabel(item.finding),
      message: item.finding.message,
      command: remediationCommand(item.finding.remediation),
      href: listed.has(item.finding.id) ? `#finding-${item.finding.id}` : null,
    }),
  );
}
