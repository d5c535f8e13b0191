// The ids of the shipped frameworks: light (imports nothing), so --framework can be parsed and listed in --help
// without loading and validating the catalogues. frameworks.ts refuses to start if the catalogues disagree.
export const FRAMEWORK_IDS: readonly string[] = ['cis-7.0', 'cis-3.0', 'security-hub'];

/** `--framework cis-7.0,security-hub`: known ids, no repeats. Throws a message naming the bad item. */
export function parseFrameworkList(value: string): string[] {
  const known = FRAMEWORK_IDS;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new Error(`expected one or more of ${known.join(', ')}.`);
  const bad = list.filter((f) => !known.includes(f));
  if (bad.length) throw new Error(`unknown framework ${bad.join(', ')}; choose from ${known.join(', ')}.`);
  const repeated = list.filter((f, i) => list.indexOf(f) !== i);
  if (repeated.length) throw new Error(`${[...new Set(repeated)].join(', ')} given more than once.`);
  return list;
}
