// Publicly known AWS accounts: vendors (Datadog, Snowflake, ...) and AWS services that customers let into their
// accounts, so that a report can say "trusts Datadog (464622532012)" instead of a bare id, and judge an unknown
// external account more severely than a documented vendor.
//
// The shipped list is data/known-aws-accounts.yaml, a copy of github fwdcloudsec/known_aws_accounts accounts.yaml
// (Apache-2.0, see NOTICE). Users add their own with --known-accounts FILE (same YAML format); their entries win
// over the shipped ones for the same account id. Format of an entry:
//
//   - name: 'Datadog'                 vendor (or, with type: aws, the AWS service)
//     source: ['https://...']         where the id is documented (a string or a list; optional in user files)
//     type: 'aws'                     optional
//     enabled: false                  optional: the list's marker for ids no longer in use (kept, and said so)
//     accounts: ['464622532012']      12-digit ids, quoted (YAML reads unquoted digits as a number)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { firstIssueText } from '../util/zod-issue.js';

export interface KnownAccount {
  accountId: string;
  name: string;
  /** 'aws' when the account belongs to an AWS service. */
  type?: string;
  sources: string[];
  /** false when the list marks the id as no longer in use. */
  enabled: boolean;
  /** Where the entry came from: 'builtin' or the user's file. */
  origin: string;
}

/** Account id -> entry. */
export type KnownAccounts = ReadonlyMap<string, KnownAccount>;

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit account id');
const entrySchema = z
  .object({
    name: z.string().trim().min(1, 'expected a non-empty name'),
    source: z.union([z.string(), z.array(z.string())]).optional(),
    type: z.string().optional(),
    enabled: z.boolean().optional(),
    accounts: z.array(z.unknown()).min(1, 'expected at least one account id'),
  })
  .strict();

/** Parses a known-accounts YAML document; errors name the file, the entry (index and name) and the field. */
export function parseKnownAccounts(text: string, file: string, origin = file): Map<string, KnownAccount> {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new InputError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!Array.isArray(data)) throw new InputError(`${file}: expected a YAML list of entries (- name: ..., accounts: [...])`);
  const out = new Map<string, KnownAccount>();
  data.forEach((raw, index) => {
    const label = `entry ${index + 1}${raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? ` (${(raw as { name: string }).name})` : ''}`;
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      throw new InputError(`${file}: ${label}: ${firstIssueText(parsed.error, '(entry)')}`);
    }
    const e = parsed.data;
    e.accounts.forEach((value, i) => {
      if (typeof value === 'number') {
        throw new InputError(`${file}: ${label}: accounts[${i}]: ${value} is a number; quote account ids ('012345678901'), YAML drops leading zeros`);
      }
      const id = accountId.safeParse(value);
      if (!id.success) throw new InputError(`${file}: ${label}: accounts[${i}]: ${JSON.stringify(value)}: expected a 12-digit account id`);
      if (out.has(id.data)) return; // the first entry naming an id wins within one file
      out.set(id.data, {
        accountId: id.data,
        name: e.name,
        ...(e.type ? { type: e.type } : {}),
        sources: e.source === undefined ? [] : Array.isArray(e.source) ? e.source : [e.source],
        enabled: e.enabled ?? true,
        origin,
      });
    });
  });
  return out;
}

/** data/known-aws-accounts.yaml, found by walking up from this module to the package root (src/ and dist/src/ alike). */
export function builtinKnownAccountsFile(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'data', 'known-aws-accounts.yaml');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`data/known-aws-accounts.yaml not found above ${from}`);
  }
}

let builtin: Map<string, KnownAccount> | undefined;

export function builtinKnownAccounts(): KnownAccounts {
  if (!builtin) {
    const file = builtinKnownAccountsFile();
    builtin = parseKnownAccounts(readFileSync(file, 'utf8'), file, 'builtin');
  }
  return builtin;
}

/** The shipped list plus the users' files (later files win over earlier ones, all over the shipped list). */
export function loadKnownAccounts(files: readonly string[] = []): KnownAccounts {
  const merged = new Map(builtinKnownAccounts());
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`${file}: cannot read known-accounts file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    for (const [id, entry] of parseKnownAccounts(text, file)) merged.set(id, entry);
  }
  return merged;
}

/** "Datadog (464622532012)", or the bare id when unknown. */
export function describeAccount(id: string, known: KnownAccounts | undefined): string {
  const k = known?.get(id);
  return k ? `${k.name} (${id})` : id;
}
