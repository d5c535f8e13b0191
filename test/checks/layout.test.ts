// One check, one file, named as its id: src/checks/<family>/<rest of the id, dots as dashes>.ts, registered in its
// family's index and, in report order, in ALL_CHECKS (ORG_CHECKS for the org family).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_CHECKS } from '../../src/checks/agent/index.js';
import { CLOUDTRAIL_CHECKS } from '../../src/checks/cloudtrail/index.js';
import { IAM_CHECKS } from '../../src/checks/iam/index.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { ORG_CHECKS } from '../../src/checks/org/index.js';

const CHECKS_DIR = join(import.meta.dirname, '../../src/checks');
const FAMILIES = { iam: IAM_CHECKS, agent: AGENT_CHECKS, cloudtrail: CLOUDTRAIL_CHECKS, org: ORG_CHECKS };

const fileOf = (id: string) => {
  const [family, ...rest] = id.split('.');
  return join(family!, `${rest.join('-')}.ts`);
};

describe('the checks tree', () => {
  it('has each check in the file named as its id, declaring that id', () => {
    for (const check of [...ALL_CHECKS, ...ORG_CHECKS]) {
      const text = readFileSync(join(CHECKS_DIR, fileOf(check.id)), 'utf8');
      expect(text, fileOf(check.id)).toContain(`id: '${check.id}'`);
    }
  });

  it('registers every check file of a family folder in that family, and every family in the catalogue', () => {
    for (const [family, checks] of Object.entries(FAMILIES)) {
      const declared = readdirSync(join(CHECKS_DIR, family))
        .map((f) => readFileSync(join(CHECKS_DIR, family, f), 'utf8').match(/^\s*id: '([^']+)'/m)?.[1])
        .filter((id): id is string => id !== undefined);
      expect(new Set(checks.map((c) => c.id)), family).toEqual(new Set(declared));
      expect(checks.every((c) => c.id.startsWith(`${family}.`)), family).toBe(true);
    }
    const single = [...IAM_CHECKS, ...AGENT_CHECKS, ...CLOUDTRAIL_CHECKS];
    expect(new Set(ALL_CHECKS)).toEqual(new Set(single));
    expect(ALL_CHECKS).toHaveLength(single.length);
  });

  it('gives every check a distinct id', () => {
    const ids = [...ALL_CHECKS, ...ORG_CHECKS].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
