// IAM condition evaluation, from AWS's documented condition operators: String*, Numeric*, Date*, Bool, Binary,
// IpAddress, Arn*, Null; the ...IfExists suffix; the ForAnyValue: / ForAllValues: set qualifiers; policy variables
// such as ${aws:username}. A key missing from the request context makes a condition false (true for IfExists and for
// the negated ForAllValues case), as AWS evaluates it.
import { wildcardRegExp } from './catalog.js';

export type RequestContext = Record<string, string[]>;

export interface ConditionResult {
  matched: boolean;
  /** The first failing operator/key, for explanations. */
  failed?: { operator: string; key: string; values: string[]; actual: string[] | undefined };
}

type Comparator = (actual: string, expected: string) => boolean;

const num = (v: string) => Number(v);
const date = (v: string) => (/^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v));

const COMPARATORS: Record<string, Comparator> = {
  StringEquals: (a, e) => a === e,
  StringNotEquals: (a, e) => a === e,
  StringEqualsIgnoreCase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  StringNotEqualsIgnoreCase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  StringLike: (a, e) => wildcardRegExpCaseSensitive(e).test(a),
  StringNotLike: (a, e) => wildcardRegExpCaseSensitive(e).test(a),
  NumericEquals: (a, e) => num(a) === num(e),
  NumericNotEquals: (a, e) => num(a) === num(e),
  NumericLessThan: (a, e) => num(a) < num(e),
  NumericLessThanEquals: (a, e) => num(a) <= num(e),
  NumericGreaterThan: (a, e) => num(a) > num(e),
  NumericGreaterThanEquals: (a, e) => num(a) >= num(e),
  DateEquals: (a, e) => date(a) === date(e),
  DateNotEquals: (a, e) => date(a) === date(e),
  DateLessThan: (a, e) => date(a) < date(e),
  DateLessThanEquals: (a, e) => date(a) <= date(e),
  DateGreaterThan: (a, e) => date(a) > date(e),
  DateGreaterThanEquals: (a, e) => date(a) >= date(e),
  Bool: (a, e) => a.toLowerCase() === e.toLowerCase(),
  BinaryEquals: (a, e) => a === e,
  IpAddress: (a, e) => ipInCidr(a, e),
  NotIpAddress: (a, e) => ipInCidr(a, e),
  ArnEquals: (a, e) => arnLike(a, e),
  ArnLike: (a, e) => arnLike(a, e),
  ArnNotEquals: (a, e) => arnLike(a, e),
  ArnNotLike: (a, e) => arnLike(a, e),
};

/** Operators whose result is the negation of "some value matches". */
const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
]);

export function isKnownOperator(operator: string): boolean {
  const base = parseOperator(operator).base;
  return base === 'Null' || base in COMPARATORS;
}

function parseOperator(operator: string) {
  let rest = operator;
  let qualifier: 'ForAnyValue' | 'ForAllValues' | undefined;
  for (const q of ['ForAnyValue', 'ForAllValues'] as const) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
    }
  }
  const ifExists = rest.endsWith('IfExists');
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  return { qualifier, ifExists, base };
}

/** Replaces ${aws:username}-style policy variables (and ${*}, ${?}, ${$}) with request context values. */
export function substituteVariables(value: string, context: RequestContext): string {
  return value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === '*') return '*';
    if (name === '?') return '?';
    if (name === '$') return '$';
    const [key, fallback] = name.split(/,\s*/);
    const actual = key === undefined ? undefined : lookup(context, key)?.[0];
    if (actual !== undefined) return actual;
    return fallback !== undefined ? fallback.replace(/^'|'$/g, '') : whole;
  });
}

function lookup(context: RequestContext, key: string): string[] | undefined {
  if (key in context) return context[key];
  const lower = key.toLowerCase();
  const found = Object.keys(context).find((k) => k.toLowerCase() === lower);
  return found ? context[found] : undefined;
}

export function evaluateCondition(
  condition: Record<string, Record<string, string[]>> | undefined,
  context: RequestContext,
): ConditionResult {
  if (!condition) return { matched: true };
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, rawValues] of Object.entries(keys)) {
      const values = rawValues.map((v) => substituteVariables(v, context));
      const actual = lookup(context, key);
      if (!evaluateOne(operator, values, actual)) return { matched: false, failed: { operator, key, values, actual } };
    }
  }
  return { matched: true };
}

function evaluateOne(operator: string, expected: string[], actual: string[] | undefined): boolean {
  const { qualifier, ifExists, base } = parseOperator(operator);
  if (base === 'Null') {
    // Null: "true" means the key must be absent, "false" that it must be present.
    const absent = actual === undefined || actual.length === 0;
    return expected.some((e) => (e.toLowerCase() === 'true') === absent);
  }
  const compare = COMPARATORS[base];
  if (!compare) return false; // An operator AWS does not know never matches.
  const negated = NEGATED.has(base);
  if (actual === undefined || actual.length === 0) {
    if (ifExists) return true;
    // ForAllValues over an empty set is vacuously true; a negated single-valued operator on a missing key is true.
    if (qualifier === 'ForAllValues') return true;
    return negated && qualifier === undefined;
  }
  const matchesAny = (a: string) => expected.some((e) => compare(a, e));
  if (qualifier === 'ForAllValues') return actual.every((a) => (negated ? !matchesAny(a) : matchesAny(a)));
  if (qualifier === 'ForAnyValue') return actual.some((a) => (negated ? !matchesAny(a) : matchesAny(a)));
  // Single-valued: a negated operator holds when no value matches.
  return negated ? !actual.some(matchesAny) : actual.some(matchesAny);
}

// Compiled patterns, a pure function of the pattern string: safe to share across calls and runs; bounded by the
// distinct patterns of the policies read (a few thousand on large accounts).
const caseSensitive = new Map<string, RegExp>();
function wildcardRegExpCaseSensitive(pattern: string): RegExp {
  let re = caseSensitive.get(pattern);
  if (!re) {
    re = new RegExp(wildcardRegExp(pattern).source);
    caseSensitive.set(pattern, re);
  }
  return re;
}

/** ARN matching: each of the six colon-separated parts matched with wildcards, case-sensitively. */
export function arnLike(arn: string, pattern: string): boolean {
  if (pattern === '*') return true;
  const a = arn.split(':');
  const p = pattern.split(':');
  if (a.length < 6 || p.length < 6) return wildcardRegExpCaseSensitive(pattern).test(arn);
  const head = (parts: string[]) => parts.slice(0, 5);
  const tail = (parts: string[]) => parts.slice(5).join(':');
  return head(p).every((part, i) => wildcardRegExpCaseSensitive(part).test(head(a)[i] ?? '')) && wildcardRegExpCaseSensitive(tail(p)).test(tail(a));
}

function ipInCidr(ip: string, cidr: string): boolean {
  const [range, bitsText] = cidr.split('/');
  const v4 = (s: string) => {
    const parts = s.split('.').map(Number);
    if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return undefined;
    return parts.reduce((acc, n) => acc * 256 + n, 0);
  };
  const a = v4(ip);
  const r = range === undefined ? undefined : v4(range);
  if (a === undefined || r === undefined) return ip === range; // IPv6: exact match only (not needed by our checks)
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(r / size);
}

// AWS-managed MCP servers add two global keys to every call they forward to a service (AWS MCP Server user guide, "How
// AWS MCP Server works with IAM"): aws:ViaAWSMCPService, a Boolean, "true" through any AWS-managed MCP server, and
// aws:CalledViaAWSMCP, a single-valued string, the service principal of the server that forwarded the call (the AWS
// MCP Server's is aws-mcp.amazonaws.com). A direct call carries neither key.
export const VIA_AWS_MCP_SERVICE = 'aws:ViaAWSMCPService';
export const CALLED_VIA_AWS_MCP = 'aws:CalledViaAWSMCP';
export const AWS_MCP_SERVER = 'aws-mcp.amazonaws.com';

/** The keys a call forwarded by the AWS-managed MCP server `server` carries. */
export function mcpRequestContext(server: string = AWS_MCP_SERVER): RequestContext {
  return { [VIA_AWS_MCP_SERVICE]: ['true'], [CALLED_VIA_AWS_MCP]: [server] };
}

/** Whether a Condition tests one of the MCP keys (key names are case-insensitive). */
export function conditionUsesMcpKeys(condition: Record<string, Record<string, string[]>> | undefined): boolean {
  if (!condition) return false;
  const mcpKeys = [VIA_AWS_MCP_SERVICE.toLowerCase(), CALLED_VIA_AWS_MCP.toLowerCase()];
  return Object.values(condition).some((block) => Object.keys(block).some((k) => mcpKeys.includes(k.toLowerCase())));
}
