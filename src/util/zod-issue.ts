import type { z } from 'zod';

/** The first issue of a failed parse as "path.to.field: message" (a failed parse always has at least one issue). */
export function firstIssueText(error: z.ZodError, topLevel = '(top level)'): string {
  const issue = error.issues[0];
  if (!issue) return `${topLevel}: invalid`;
  return `${issue.path.join('.') || topLevel}: ${issue.message}`;
}

/** The first issue's path, for callers that word the location themselves. */
export function firstIssue(error: z.ZodError): { path: PropertyKey[]; message: string } {
  const issue = error.issues[0];
  return issue ? { path: issue.path, message: issue.message } : { path: [], message: 'invalid' };
}
