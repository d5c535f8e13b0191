// A compliance framework as data: one JSON catalogue per framework (src/compliance/catalogues/), validated here.
// A control lists the checks that decide it (all must hold) and, when a check decides it, what those checks verify
// of it (`coverage`). Adding a framework is a new catalogue file and one line in frameworks.ts; no check changes.
import { z } from 'zod';
import { firstIssueText } from '../util/zod-issue.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../vocabulary.js';

const THRESHOLD_KEYS = Object.keys(DEFAULT_THRESHOLDS) as [keyof Thresholds, ...Array<keyof Thresholds>];

/** Named subsets of a check's findings that a control judges (coverage.ts defines each). */
export const SCOPE_NAMES = ['not-aws-managed-or-inline', 'not-inline-policy', 'not-attached-to-nothing', 'customer-managed-policy', 'inline-policy'] as const;
export type ScopeName = (typeof SCOPE_NAMES)[number];

const ThresholdSchema = z.strictObject({
  check: z.string().min(1),
  threshold: z.enum(THRESHOLD_KEYS),
  /** The control's own value. */
  required: z.number(),
  /** 'higher' for a minimum (password length), 'lower' for a maximum (key age in days). */
  stricter: z.enum(['higher', 'lower']),
});

const CoverageSchema = z.strictObject({
  /** What the control's checks verify of it. */
  checked: z.string().min(1),
  /** What of the control no check verifies: the control is at best PARTIAL. */
  notChecked: z.string().min(1).optional(),
  /** The control's own values for thresholds its checks take from the run. */
  thresholds: z.array(ThresholdSchema).optional(),
  /** The control judges only these findings of its checks. */
  scope: z.enum(SCOPE_NAMES).optional(),
  /** The findings `scope` leaves out, in words. */
  outOfScope: z.string().min(1).optional(),
});

const ControlSchema = z
  .strictObject({
    id: z.string().min(1),
    title: z.string().min(1),
    /** The framework's own grouping (CIS section). */
    section: z.string().min(1).optional(),
    /** CIS: whether the benchmark says a program can assess it. */
    assessment: z.enum(['Automated', 'Manual']).optional(),
    /** CIS: profile level. */
    level: z.union([z.literal(1), z.literal(2)]).optional(),
    /** The checks that decide the control, all of which must hold. Empty: no check of this tool decides it. */
    checks: z.array(z.string().min(1)),
    coverage: CoverageSchema.optional(),
    /** What a person should look at to judge the control by hand (shown for a control no check decides). */
    review: z.string().min(1).optional(),
  })
  .refine((c) => c.checks.length === 0 || c.coverage !== undefined, { message: 'a control with checks needs coverage (what they verify)', path: ['coverage'] })
  .refine((c) => c.checks.length > 0 || c.review !== undefined, { message: 'a control no check decides needs review (what to look at)', path: ['review'] })
  .refine((c) => !c.coverage?.thresholds || c.coverage.thresholds.every((t) => c.checks.includes(t.check)), {
    message: 'a threshold names a check the control does not list',
    path: ['coverage', 'thresholds'],
  });

const CatalogueSchema = z
  .strictObject({
    /** What --framework takes, and the key in a finding's `compliance`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes'),
    name: z.string().min(1),
    version: z.string().min(1),
    /** How a finding's mapping is labelled in the HTML and CSV reports: "CIS 7.0" 2.10. */
    shortName: z.string().min(1),
    /** Where the ids and titles come from (attribution). */
    source: z.string().min(1),
    /** Which of the framework's controls the catalogue lists. */
    scope: z.string().min(1),
    controls: z.array(ControlSchema).min(1),
  })
  .refine((f) => new Set(f.controls.map((c) => c.id)).size === f.controls.length, { message: 'control ids repeat', path: ['controls'] });

export type ControlThreshold = z.infer<typeof ThresholdSchema>;
export type ControlCoverage = z.infer<typeof CoverageSchema>;
export type ControlDefinition = z.infer<typeof ControlSchema>;
export type FrameworkCatalogue = z.infer<typeof CatalogueSchema>;

/** Validates a catalogue; the error names the file and the field. */
export function parseCatalogue(value: unknown, file: string): FrameworkCatalogue {
  const parsed = CatalogueSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${file}: ${firstIssueText(parsed.error)}`);
  return parsed.data;
}
