// The README's check table names, for every check, the controls the framework catalogues say it decides, and the
// README lists every control of every shipped framework with its checks (generated: UPDATE_README=1 rewrites).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkComplianceColumns, controlTables, EVERY_CHECK_ID } from '../helpers/readme-compliance.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const START = '<!-- controls:start (generated from src/compliance/catalogues: UPDATE_README=1 npx vitest run test/architecture/readme-compliance.test.ts) -->';
const END = '<!-- controls:end -->';

describe('README compliance tables', () => {
  const text = readFileSync(README, 'utf8');

  it('the check table has a row per check, with the CIS v7.0, CIS v3.0 and Security Hub controls it decides', () => {
    const rows = new Map<string, string[]>();
    const section = text.slice(text.indexOf('## What it checks'), text.indexOf('\n## ', text.indexOf('## What it checks') + 1));
    for (const line of section.split('\n')) {
      const m = /^\| `([a-z0-9.-]+)` \|(.*)\|$/.exec(line);
      if (m && EVERY_CHECK_ID.includes(m[1]!)) rows.set(m[1]!, m[2]!.split('|').map((s) => s.trim()));
    }
    expect([...rows.keys()].sort()).toEqual([...EVERY_CHECK_ID].sort());
    for (const [id, cells] of rows) expect(cells.slice(2), id).toEqual(checkComplianceColumns(id));
  });

  it('lists every control of every shipped framework with the checks that decide it', () => {
    const block = `${START}\n${controlTables()}\n${END}`;
    const start = text.indexOf(START.slice(0, 20));
    const end = text.indexOf(END);
    expect(start, 'README has the controls block').toBeGreaterThan(-1);
    const current = text.slice(start, end + END.length);
    if (process.env.UPDATE_README && current !== block) writeFileSync(README, text.replace(current, block));
    else expect(current).toBe(block);
  });
});
