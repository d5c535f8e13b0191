// The frameworks this tool ships, in the order reports list them, and which controls each check decides.
// A new framework: its catalogue JSON in catalogues/ and one line here.
import { parseCatalogue, type FrameworkCatalogue } from './catalogue.js';
import cis7 from './catalogues/cis-7.0.json' with { type: 'json' };
import cis3 from './catalogues/cis-3.0.json' with { type: 'json' };
import securityHub from './catalogues/security-hub.json' with { type: 'json' };
import type { Compliance } from '../vocabulary.js';
import { FRAMEWORK_IDS, parseFrameworkList } from './framework-ids.js';

export const FRAMEWORKS: readonly FrameworkCatalogue[] = [
  parseCatalogue(cis7, 'src/compliance/catalogues/cis-7.0.json'),
  parseCatalogue(cis3, 'src/compliance/catalogues/cis-3.0.json'),
  parseCatalogue(securityHub, 'src/compliance/catalogues/security-hub.json'),
];

// The light list (framework-ids.ts, for --help) must name the catalogues, in order.
if (FRAMEWORKS.map((f) => f.id).join() !== FRAMEWORK_IDS.join()) {
  throw new Error(`src/compliance/framework-ids.ts lists ${FRAMEWORK_IDS.join(', ')} but the catalogues are ${FRAMEWORKS.map((f) => f.id).join(', ')}`);
}

export { FRAMEWORK_IDS, parseFrameworkList };

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
