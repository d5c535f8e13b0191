// The frameworks this tool ships, in the order reports list them, and which controls each check decides.
// A new framework: its catalogue JSON in catalogues/ and one line here.
import { parseCatalogue, type FrameworkCatalogue } from './catalogue.js';
import cis7 from './catalogues/cis-7.0.json' with { type: 'json' };
import cis3 from './catalogues/cis-3.0.json' with { type: 'json' };
import securityHub from './catalogues/security-hub.json' with { type: 'json' };
import type { Compliance } from '../vocabulary.js';

export const FRAMEWORKS: readonly FrameworkCatalogue[] = [
  parseCatalogue(cis7, 'src/compliance/catalogues/cis-7.0.json'),
  parseCatalogue(cis3, 'src/compliance/catalogues/cis-3.0.json'),
  parseCatalogue(securityHub, 'src/compliance/catalogues/security-hub.json'),
];

export const FRAMEWORK_IDS: readonly string[] = FRAMEWORKS.map((f) => f.id);

/** Per check id: framework id -> the ids of the controls the check decides, in catalogue order. */
function controlsByCheck(frameworks: readonly FrameworkCatalogue[]): Map<string, Record<string, string[]>> {
  const out = new Map<string, Record<string, string[]>>();
  for (const framework of frameworks) {
    for (const control of framework.controls) {
      for (const check of control.checks) {
        let entry = out.get(check);
        if (!entry) out.set(check, (entry = {}));
        (entry[framework.id] ??= []).push(control.id);
      }
    }
  }
  for (const entry of out.values()) for (const ids of Object.values(entry)) Object.freeze(ids);
  return out;
}

const SHIPPED = controlsByCheck(FRAMEWORKS);

/** The controls of every shipped framework a check decides (empty object: none). */
export function complianceOf(checkId: string): Compliance {
  return SHIPPED.get(checkId) ?? {};
}

/** `--framework cis-7.0,security-hub`: known ids, no repeats. Throws a message naming the bad item. */
export function parseFrameworkList(value: string): string[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new Error(`expected one or more of ${FRAMEWORK_IDS.join(', ')}.`);
  const bad = list.filter((f) => !FRAMEWORK_IDS.includes(f));
  if (bad.length) throw new Error(`unknown framework ${bad.join(', ')}; choose from ${FRAMEWORK_IDS.join(', ')}.`);
  const repeated = list.filter((f, i) => list.indexOf(f) !== i);
  if (repeated.length) throw new Error(`${[...new Set(repeated)].join(', ')} given more than once.`);
  return list;
}
