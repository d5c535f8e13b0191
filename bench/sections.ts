// BENCHMARKS.md in parts: the account benchmark (bench.ts) writes the file's head; the start-up and size-curve
// figures are sections between markers, so `npm run bench -- --only startup` re-takes one part and keeps the others.
export const PARTS = ['account', 'startup', 'sizes'] as const;
export type Part = (typeof PARTS)[number];
type Section = Exclude<Part, 'account'>;

const begin = (name: Section) => `<!-- bench:${name} -->`;
const end = (name: Section) => `<!-- /bench:${name} -->`;

export function sectionText(name: Section, command: string, lines: string[]): string {
  return [begin(name), ...lines, `Re-take this section alone: \`${command}\`.`, '', end(name), ''].join('\n');
}

function extract(doc: string, name: Section): string | undefined {
  const from = doc.indexOf(begin(name));
  const to = doc.indexOf(end(name));
  return from >= 0 && to > from ? `${doc.slice(from, to + end(name).length)}\n` : undefined;
}

function withoutSections(doc: string): string {
  let out = doc;
  for (const name of ['startup', 'sizes'] as const) {
    const section = extract(out, name);
    if (section) out = out.replace(section.trimEnd(), '');
  }
  return out.trimEnd();
}

/** The new file: each part run now, else that part of the previous file (if it had one). */
export function composeBenchmarks(previous: string, parts: Partial<Record<Part, string>>): string {
  const head = parts.account ?? withoutSections(previous);
  const sections = (['startup', 'sizes'] as const).map((name) => parts[name] ?? extract(previous, name) ?? '').filter(Boolean);
  return `${[head.trimEnd(), ...sections.map((s) => s.trimEnd())].join('\n\n')}\n`;
}

export function parseParts(value: string | undefined): Set<Part> {
  if (!value) return new Set(PARTS);
  const asked = value.split(',').map((s) => s.trim());
  const bad = asked.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (bad.length || asked.length === 0) throw new Error(`--only: expected some of ${PARTS.join(', ')}, got ${value}`);
  return new Set(asked as Part[]);
}
