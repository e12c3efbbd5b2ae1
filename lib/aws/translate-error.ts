import { AwsCallError } from './errors.ts';

interface SdkErrorShape {
  name?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const THROTTLING = new Set([
  'ThrottlingException',
  'ThrottleException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/**
 * Whether an SDK error can succeed when tried again later: throttling, a server fault, or a
 * network failure (no HTTP status at all).
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkErrorShape;
  if (typeof e.name === 'string' && THROTTLING.has(e.name)) return true;
  if (e.$fault === 'server' || e.$retryable !== undefined) return true;
  const status = e.$metadata?.httpStatusCode;
  return typeof status !== 'number' || status >= 500 || status === 429;
}

/** Wraps a failed AWS call into an {@link AwsCallError} carrying its context. */
export function toAwsCallError(
  error: unknown,
  context: { operation: string; account: string; region: string },
): AwsCallError {
  return new AwsCallError({ ...context, retryable: isRetryableAwsError(error) }, { cause: error });
}
