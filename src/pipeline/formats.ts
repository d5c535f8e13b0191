// The report formats, by name: light (imports nothing), so the CLI's option definitions can print --help without
// loading the renderers (src/pipeline/renderers.ts, the registry, maps each to its render function).
export const REPORT_FORMATS = ['json', 'html', 'csv', 'sarif', 'ocsf', 'asff'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** What `--format` writes when not given (the finding-exchange formats are asked for by name). */
export const DEFAULT_FORMATS: readonly ReportFormat[] = ['json', 'html', 'csv'];
/** Formats of one account's findings: the organization report holds per-account summaries, not findings. */
export const FINDING_FORMATS: readonly ReportFormat[] = ['sarif', 'ocsf', 'asff'];

/** `--format json,html` etc.: known formats, no repeats. Throws a message naming the bad item. */
export function parseFormatList(value: string): ReportFormat[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new Error(`expected one or more of ${REPORT_FORMATS.join(', ')}.`);
  const bad = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length) throw new Error(`unknown format ${bad.join(', ')}; choose from ${REPORT_FORMATS.join(', ')}.`);
  const repeated = list.filter((f, i) => list.indexOf(f) !== i);
  if (repeated.length) throw new Error(`${[...new Set(repeated)].join(', ')} given more than once.`);
  return list as ReportFormat[];
}
