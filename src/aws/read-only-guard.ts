// Refuses, before anything is signed or sent, every command that is not a read. The audit must never change an
// account; this makes that a property of the clients rather than a promise of the code that uses them.
import type { Pluggable } from '@smithy/types';

const READ_PREFIXES = ['Get', 'List', 'Describe', 'LookupEvents', 'Simulate'];
/** Not named like reads, but they only create a report or temporary credentials for the caller. */
const READ_LIKE = new Set(['GenerateCredentialReport', 'GenerateServiceLastAccessedDetails', 'AssumeRole']);

export class ReadOnlyViolationError extends Error {
  override name = 'ReadOnlyViolationError';
}

export function isReadOnlyCommand(commandName: string): boolean {
  const action = commandName.replace(/Command$/, '');
  return READ_LIKE.has(action) || READ_PREFIXES.some((p) => action.startsWith(p));
}

// biome-ignore lint/suspicious/noExplicitAny: one middleware for every client, whatever its input/output types
export const readOnlyGuard: Pluggable<any, any> = {
  applyToStack(stack) {
    stack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? '');
        if (!isReadOnlyCommand(command)) {
          throw new ReadOnlyViolationError(
            `hardening-audit only reads: refused to send ${context.clientName ?? 'AWS'} ${command.replace(/Command$/, '')}`,
          );
        }
        return next(args);
      },
      { step: 'initialize', name: 'hardeningAuditReadOnlyGuard', priority: 'high' },
    );
  },
};
