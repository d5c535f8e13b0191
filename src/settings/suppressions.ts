// Suppressions: accepted findings, listed in a YAML or JSON file (--suppressions FILE, or `suppressions:` in the
// --config file). Each entry names a check (exact id or glob) and a resource (ARN or glob), says why, and may expire.
//
// Rules (README "Suppressions"):
// - globs: `*` matches any run of characters (also `/` and `:`), `?` exactly one; everything else is literal and
//   case-sensitive, as ARNs are;
// - a suppressed finding stays in the report, marked `suppressed: { reason, expires, entry }`, and is left out of the
//   summary counts and the exit code; the first (lowest-index) live entry that matches wins;
// - `expires` is an ISO date (valid through that day, UTC) or a date-time with a time zone; an entry past it at the
//   report time suppresses nothing and is listed under `suppressions.expired` with the findings it would cover;
// - a live entry that matches nothing is listed under `suppressions.unmatched` (stale, or a typo);
// - NOT_ASSESSED findings (missing data) are only suppressed by an entry that says `notAssessed: true` and names the
//   check exactly (no glob); such an entry covers only the check's NOT_ASSESSED finding, never its FAIL findings. A
//   broad entry written for failures can therefore never turn an incomplete audit into a clean exit.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Finding } from '../vocabulary.js';
import { InputError } from '../errors.js';
import type { ReportFinding, SuppressionEntryRef, SuppressionsSection } from '../report/model.js';

export interface SuppressionEntry {
  checkId: string;
  resource: string;
  reason: string;
  expires?: string;
  notAssessed?: boolean;
}

export interface Suppressions {
  /** Where the entries came from, for messages and the report. */
  source: string;
  entries: SuppressionEntry[];
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function realDate(y: string, m: string, d: string): boolean {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
}

export function isIsoDateOrDateTime(value: string): boolean {
  const m = DATE.exec(value) ?? DATE_TIME.exec(value);
  return m !== null && realDate(m[1]!, m[2]!, m[3]!) && !Number.isNaN(Date.parse(value));
}

/** The first instant at which the entry no longer applies: the next UTC midnight for a date, else the date-time. */
export function expiryInstant(expires: string): number {
  const m = DATE.exec(expires);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1) : Date.parse(expires);
}

export function isExpired(entry: Pick<SuppressionEntry, 'expires'>, now: string): boolean {
  if (entry.expires === undefined) return false;
  const end = expiryInstant(entry.expires);
  return DATE.test(entry.expires) ? Date.parse(now) >= end : Date.parse(now) > end;
}

// ---------------------------------------------------------------------------------------------------------------
// Globs

/** `*` = any run of characters (including none, `/` and `:`), `?` = exactly one character; the rest is literal. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    source += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}

export const hasGlob = (pattern: string) => /[*?]/.test(pattern);

// ---------------------------------------------------------------------------------------------------------------
// Validation

const FIELDS = ['checkId', 'resource', 'reason', 'expires', 'notAssessed'] as const;

const requiredText = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `required: ${what}` : `expected a string: ${what}`) })
    .trim()
    .min(1, { error: `must not be empty: ${what}` });

const entrySchema = z
  .object(
    {
      checkId: requiredText('a check id such as iam.user.console-without-mfa, or a glob such as iam.user.*'),
      resource: requiredText('a resource ARN, or a glob such as arn:aws:iam::*:role/ci-* (use "*" for every resource)').refine(
        (v) => v.startsWith('arn:') || v.startsWith('*') || v.startsWith('?'),
        { error: 'expected an ARN (arn:aws:iam::123456789012:user/alice) or a glob starting with arn: or *' },
      ),
      reason: requiredText('why the finding is accepted'),
      expires: z
        .preprocess(
          (v) => (v instanceof Date ? v.toISOString() : v),
          z.string({ error: 'expected an ISO-8601 date (2026-12-31) or date-time with a time zone (2026-12-31T18:00:00Z)' }),
        )
        .refine(isIsoDateOrDateTime, {
          error: 'expected an ISO-8601 date (2026-12-31) or date-time with a time zone (2026-12-31T18:00:00Z)',
        })
        .optional(),
      notAssessed: z.boolean({ error: 'expected true or false' }).optional(),
    },
    { error: 'expected a mapping with checkId, resource, reason (and optionally expires, notAssessed)' },
  )
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.notAssessed && hasGlob(entry.checkId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['checkId'],
        message: 'an entry with notAssessed: true must name one check exactly (no * or ?)',
      });
    }
  });

const listSchema = z.array(entrySchema, { error: 'expected a list of suppression entries' });

interface Located {
  file: string;
  /** The source text, to find line numbers (YAML or JSON). */
  text?: string;
  /** Path of the list inside the document ([] for a top-level list, ['suppressions'] inside a mapping). */
  prefix: Array<string | number>;
}

function lineOf(loc: Located, path: Array<string | number>): number | undefined {
  if (loc.text === undefined) return undefined;
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(loc.text, { lineCounter });
    // The deepest node that exists along the path (a missing field: its entry).
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
  } catch {
    // best effort only
  }
  return undefined;
}

function describeIssue(loc: Located, issue: z.core.$ZodIssue): string {
  const [index, ...field] = issue.path as Array<string | number>;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (allowed: ${FIELDS.join(', ')})`;
  }
  const line = lineOf(loc, [...loc.prefix, ...(issue.path as Array<string | number>)]);
  const where = `${loc.file}${line !== undefined ? `:${line}` : ''}`;
  if (typeof index !== 'number') return `${where}: ${loc.prefix.length ? `${loc.prefix.join('.')}: ` : ''}${message}`;
  return `${where}: suppression entry ${index}${field.length ? `, field ${field.join('.')}` : ''}: ${message}`;
}

/**
 * Validates a list of entries (already parsed from YAML/JSON). Errors name the file, the line, the entry (0-based)
 * and the field, and are InputErrors (exit 2).
 */
export function parseSuppressionEntries(data: unknown, loc: Located): SuppressionEntry[] {
  if (data === null || data === undefined) return [];
  const parsed = listSchema.safeParse(data);
  if (!parsed.success) throw new InputError(describeIssue(loc, parsed.error.issues[0]!)); // a failed parse has an issue
  return parsed.data.map((e) => ({
    checkId: e.checkId,
    resource: e.resource,
    reason: e.reason,
    ...(e.expires !== undefined ? { expires: e.expires } : {}),
    ...(e.notAssessed !== undefined ? { notAssessed: e.notAssessed } : {}),
  }));
}

/** Reads a suppressions file: a list of entries, or a mapping with a `suppressions:` list. YAML, or JSON (*.json). */
export async function loadSuppressionsFile(path: string): Promise<Suppressions> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read suppressions file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseSuppressionsText(text, path);
}

/**
 * Parses suppressions from text read anywhere (a file, an S3 object): `source` names it in every message and in the
 * report (a path, or s3://bucket/key); it is JSON when `source` ends in .json, else YAML (JSON is valid YAML too).
 */
export function parseSuppressionsText(text: string, source: string): Suppressions {
  const path = source;
  const json = path.toLowerCase().endsWith('.json');
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : parseYamlStrict(text);
  } catch (e) {
    throw new InputError(`${path}: not valid ${json ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const keys = Object.keys(data);
    if (keys.length !== 1 || keys[0] !== 'suppressions') {
      throw new InputError(
        `${path}: expected a list of suppression entries, or a mapping with only a "suppressions:" list (found ${keys.map((k) => `"${k}"`).join(', ') || 'an empty mapping'})`,
      );
    }
    return { source: path, entries: parseSuppressionEntries((data as { suppressions: unknown }).suppressions, { file: path, text, prefix: ['suppressions'] }) };
  }
  if (data !== null && data !== undefined && !Array.isArray(data)) {
    throw new InputError(`${path}: expected a list of suppression entries, or a mapping with a "suppressions:" list`);
  }
  return { source: path, entries: parseSuppressionEntries(data, { file: path, text, prefix: [] }) };
}

function parseYamlStrict(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw doc.errors[0];
  return doc.toJS();
}

// ---------------------------------------------------------------------------------------------------------------
// Applying

export interface AppliedSuppressions {
  findings: ReportFinding[];
  section: SuppressionsSection;
}

function entryRef(entry: SuppressionEntry, index: number): SuppressionEntryRef {
  return {
    entry: index,
    checkId: entry.checkId,
    resource: entry.resource,
    reason: entry.reason,
    ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
    ...(entry.notAssessed ? { notAssessed: true as const } : {}),
  };
}

/**
 * Marks the findings the entries cover. Findings keep their order; a suppressed one gains `suppressed`.
 * `now` is the report time: entries past their `expires` suppress nothing and are reported as expired.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: Suppressions, now: string): AppliedSuppressions {
  const compiled = suppressions.entries.map((entry, index) => ({
    entry,
    index,
    check: globToRegExp(entry.checkId),
    resource: globToRegExp(entry.resource),
    expired: isExpired(entry, now),
    matched: [] as string[],
  }));
  const covers = (c: (typeof compiled)[number], f: Finding) =>
    c.check.test(f.checkId) &&
    c.resource.test(f.resourceArn) &&
    (f.status === 'NOT_ASSESSED' ? c.entry.notAssessed === true && !hasGlob(c.entry.checkId) : c.entry.notAssessed !== true);

  const out = findings.map((f): ReportFinding => {
    let winner: (typeof compiled)[number] | undefined;
    for (const c of compiled) {
      if (!covers(c, f)) continue;
      c.matched.push(f.id);
      if (!c.expired && winner === undefined) winner = c;
    }
    if (!winner) return { ...f };
    const { reason, expires } = winner.entry;
    return { ...f, suppressed: { reason, ...(expires !== undefined ? { expires } : {}), entry: winner.index } };
  });

  return {
    findings: out,
    section: {
      source: suppressions.source,
      entries: suppressions.entries.length,
      expired: compiled.filter((c) => c.expired).map((c) => ({ ...entryRef(c.entry, c.index), findings: c.matched })),
      unmatched: compiled.filter((c) => !c.expired && c.matched.length === 0).map((c) => entryRef(c.entry, c.index)),
    },
  };
}

/** One line per expired or unmatched entry, for stderr. */
export function suppressionWarnings(section: SuppressionsSection | undefined): string[] {
  if (!section) return [];
  const what = (e: SuppressionEntryRef) => `${section.source}: suppression entry ${e.entry} (${e.checkId} on ${e.resource})`;
  return [
    ...section.expired.map(
      (e) =>
        `warning: ${what(e)} expired ${e.expires}; it suppresses nothing${e.findings.length ? ` and ${e.findings.length} finding${e.findings.length === 1 ? '' : 's'} count${e.findings.length === 1 ? 's' : ''} again` : ''}`,
    ),
    ...section.unmatched.map((e) => `warning: ${what(e)} matched no finding`),
  ];
}
