// Turns a policy document as IAM returns it (URL-encoded JSON text) or as the AWS CLI writes it (a JSON object)
// into the normalized form of the snapshot: Statement always an array, Action/Resource/... always string arrays,
// Principal "*" as {AWS: ["*"]} (AWS documents the two as equivalent), condition values always string arrays.
import type { PolicyDocument, PolicyStatement } from '../snapshot/snapshot.js';

export class PolicyParseError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function decodePolicyText(text: string): unknown {
  const trimmed = text.trim();
  // IAM returns documents URL-encoded ("%7B%22Version..."); the CLI and most exports give plain JSON.
  let json = trimmed;
  if (trimmed.startsWith('%')) {
    try {
      json = decodeURIComponent(trimmed);
    } catch {
      throw new PolicyParseError('policy document is not valid %-encoding (a "%" not followed by two hex digits, or not UTF-8)');
    }
  }
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new PolicyParseError(`policy document is not valid JSON: ${(e as Error).message}`);
  }
}

export function normalizePolicyDocument(raw: unknown): PolicyDocument {
  const doc = typeof raw === 'string' ? decodePolicyText(raw) : raw;
  if (!isObject(doc)) throw new PolicyParseError('policy document must be a JSON object');
  const statements = doc.Statement;
  if (statements === undefined) throw new PolicyParseError('policy document has no Statement');
  const list = Array.isArray(statements) ? statements : [statements];
  const out: PolicyDocument = { Statement: list.map((s, i) => normalizeStatement(s, i)) };
  if (typeof doc.Version === 'string') out.Version = doc.Version;
  if (typeof doc.Id === 'string') out.Id = doc.Id;
  return out;
}

function normalizeStatement(raw: Json, index: number): PolicyStatement {
  if (!isObject(raw)) throw new PolicyParseError(`Statement[${index}] must be an object`);
  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw new PolicyParseError(`Statement[${index}].Effect must be "Allow" or "Deny", got ${JSON.stringify(effect)}`);
  }
  const st: PolicyStatement = { Effect: effect };
  if (raw.Sid !== undefined) st.Sid = String(raw.Sid);
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    if (raw[key] !== undefined) st[key] = stringArray(raw[key], `Statement[${index}].${key}`);
  }
  if (raw.Principal !== undefined) st.Principal = principal(raw.Principal, `Statement[${index}].Principal`);
  if (raw.NotPrincipal !== undefined) st.NotPrincipal = principal(raw.NotPrincipal, `Statement[${index}].NotPrincipal`);
  if (raw.Condition !== undefined) st.Condition = condition(raw.Condition, `Statement[${index}].Condition`);
  return st;
}

function principal(raw: Json, where: string): Record<string, string[]> {
  if (raw === '*') return { AWS: ['*'] };
  if (!isObject(raw)) throw new PolicyParseError(`${where} must be "*" or an object`);
  const out: Record<string, string[]> = {};
  for (const [type, value] of Object.entries(raw)) out[type] = stringArray(value, `${where}.${type}`);
  return out;
}

function condition(raw: Json, where: string): Record<string, Record<string, string[]>> {
  if (!isObject(raw)) throw new PolicyParseError(`${where} must be an object`);
  const out: Record<string, Record<string, string[]>> = {};
  for (const [operator, block] of Object.entries(raw)) {
    if (!isObject(block)) throw new PolicyParseError(`${where}.${operator} must be an object`);
    const keys: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(block)) keys[key] = stringArray(value, `${where}.${operator}.${key}`);
    out[operator] = keys;
  }
  return out;
}

function stringArray(raw: Json, where: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new PolicyParseError(`${where} must be a string or a list of strings`);
  });
}

function isObject(v: unknown): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
