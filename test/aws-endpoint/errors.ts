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

/** A JSON-protocol request body (empty: {}), or the SerializationException AWS answers to one it cannot parse. */
export function parseJsonInput(body: string): Record<string, unknown> | AwsError {
  try {
    return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  } catch {
    return new AwsError('SerializationException', 400, 'Could not parse the request body as JSON');
  }
}
