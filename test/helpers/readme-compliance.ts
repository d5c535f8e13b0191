// The README's compliance tables, generated from the check registry and the framework catalogues, so the README
// cannot drift from what the report says. test/architecture/readme-compliance.test.ts compares; run it with
// UPDATE_README=1 to rewrite the README's generated blocks.
import { ALL_CHECKS } from '../../src/checks/index.js';
import { ORG_CHECKS } from '../../src/checks/org/index.js';
import { complianceOf, FRAMEWORKS } from '../../src/compliance/frameworks.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The check table's compliance columns, per check id: CIS v7.0, CIS v3.0, Security Hub. */
export function checkComplianceColumns(checkId: string): [string, string, string] {
  const c = complianceOf(checkId);
  const ids = (fw: string) => (c[fw] ?? []).join(', ');
  return [ids('cis-7.0'), ids('cis-3.0'), ids('security-hub')];
}

export const EVERY_CHECK_ID = [...ALL_CHECKS, ...ORG_CHECKS].map((c) => c.id);

/** One table per shipped framework: every control, its checks, or MANUAL / not implemented. */
export function controlTables(): string {
  return FRAMEWORKS.map((fw) => {
    const rows = fw.controls.map((c) => {
      const decided = c.checks.length
        ? c.checks.map((id) => `\`${id}\``).join(', ') + (c.coverage?.notChecked ? ' (in part)' : '')
        : c.assessment === 'Manual'
          ? 'MANUAL'
          : 'not implemented';
      return `| ${c.id} | ${cell(c.title)} | ${c.assessment ?? ''} | ${decided} |`;
    });
    return [
      `<details><summary><b>${fw.name} ${fw.version}</b> (<code>--framework ${fw.id}</code>): ${fw.controls.length} controls</summary>`,
      '',
      '| control | title | CIS assessment | decided by |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
      '</details>',
    ].join('\n');
  }).join('\n\n');
}
