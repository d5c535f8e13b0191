// Errors a user meets, each with its exit code (see README "Exit codes"). The CLI prints the message only.
export class InputError extends Error {
  override name = 'InputError';
  readonly exitCode = 2;
}

export class FatalAwsError extends Error {
  override name = 'FatalAwsError';
  readonly exitCode = 2;
}
