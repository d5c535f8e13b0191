// An AWS service error as the endpoint answers it: code, HTTP status, Sender/Receiver fault and message.
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', 400, `1 validation error detected: ${message}`);
}
