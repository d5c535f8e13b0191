// What every Lambda handler of the tool shares: the JSON-lines logger, the injectable dependencies (tests pass an
// environment, a clock, a fast sleep and a log collector) and the parts of the Lambda context the handlers read.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/** One JSON object per line (CloudWatch Logs Insights can filter on the fields); never given a secret. */
export const jsonLogger: Logger = (level, message, fields = {}) => {
  const line = JSON.stringify({ level, message, ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
};

export interface HandlerDeps {
  /** Environment to read the settings from (default process.env). */
  env?: Record<string, string | undefined>;
  /** The run's clock (default: now). */
  now?: () => Date;
  /** Backoff sleeps between email attempts (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  log?: Logger;
}

/** What the Lambda context offers that the handlers use. */
export interface LambdaContextLike {
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

export const MINUTE = 60_000;

/** The credential report wait, capped so archiving and mailing still fit in the invocation's remaining time. */
export function credentialReportDeadlineMs(timeoutSeconds: number, context: LambdaContextLike): number {
  const remaining = context.getRemainingTimeInMillis?.();
  return Math.min(timeoutSeconds * 1000, remaining ? Math.max(MINUTE, remaining - 3 * MINUTE) : Infinity);
}
