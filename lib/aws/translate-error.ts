import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { AwsCallError } from './errors.ts';

type SdkError = Parameters<typeof isThrottlingError>[0];

/**
 * Whether an SDK error can succeed when tried again later, by the SDK's own classification
 * (the one its retry strategy uses): throttling (any 429, or a throttling error code), a
 * transient or server fault, a network failure with no HTTP answer at all.
 *
 * @example
 * ```ts
 * isRetryableAwsError(error); // true for ECR's 429 ThrottleException and 400 ThrottlingException
 * ```
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkError;
  if (isThrottlingError(e) || isTransientError(e) || isServerError(e)) return true;
  if (e.$retryable !== undefined) return true;
  // No HTTP status: the request never got an answer (a network failure the SDK gave up on).
  return e.$metadata?.httpStatusCode === undefined;
}

/**
 * Wraps a failed AWS call into an {@link AwsCallError} carrying its context.
 *
 * @example
 * ```ts
 * throw toAwsCallError(error, { operation: 'ecr:PutLifecyclePolicy', account, region });
 * ```
 */
export function toAwsCallError(
  error: unknown,
  context: { operation: string; account: string; region: string },
): AwsCallError {
  return new AwsCallError({ ...context, retryable: isRetryableAwsError(error) }, { cause: error });
}
