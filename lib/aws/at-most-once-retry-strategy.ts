/**
 * A retry strategy for calls that must not be sent twice (`sns:Publish`): retried only when
 * the service answered with a refusal, or when the request never left this machine.
 *
 * @module
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * Network errors of a connection that was never made: the request was not sent, sending it
 * again cannot make a second copy. Any other failure without an answer (a timeout, a reset
 * socket) may come after the service acted on the request.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The same bounds as the SDK's standard mode: base 100 ms, doubled, at most 20 s. */
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 20_000;

interface ErrorShape {
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Whether the service answered the request at all (with an HTTP status). */
function answered(error: ErrorShape | undefined): boolean {
  return typeof error?.$metadata?.httpStatusCode === 'number';
}

function neverSent(error: ErrorShape | undefined): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 4; depth += 1) {
    const code = (e as ErrorShape | null)?.code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    e = (e as ErrorShape | null)?.cause;
  }
  return false;
}

/**
 * Whether a failed attempt may be sent again without risking a second copy: the service
 * answered with throttling or a server error (it refused the request), or the connection
 * was never established. A timeout or a connection lost mid-call is never retried: the
 * caller decides, knowing it may have taken effect.
 *
 * @example
 * ```ts
 * const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', cause: undefined });
 * isSafeToResend({ errorType: 'TRANSIENT', error }); // false: it may have reached SNS
 * ```
 */
export function isSafeToResend(info: RetryErrorInfo): boolean {
  const error = info.error as ErrorShape | undefined;
  if (info.errorType === 'CLIENT_ERROR') return false;
  return answered(error) || neverSent(error);
}

/**
 * A `RetryStrategyV2` (what the AWS SDK v3 takes as `retryStrategy`) that retries only what
 * {@link isSafeToResend} allows, with the standard mode's exponential backoff and full
 * jitter, up to `maxAttempts` attempts in all.
 *
 * @example
 * ```ts
 * const sns = new SNSClient({ region, retryStrategy: atMostOnceRetryStrategy(3) });
 * ```
 */
export function atMostOnceRetryStrategy(
  maxAttempts: number,
  random: () => number = Math.random,
): RetryStrategyV2 {
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  }
  const token = (retryCount: number, delayMs: number): RetryToken => ({
    getRetryCount: () => retryCount,
    getRetryDelay: () => delayMs,
  });
  return {
    async acquireInitialRetryToken(): Promise<RetryToken> {
      return token(0, 0);
    },
    async refreshRetryTokenForRetry(previous, info): Promise<RetryToken> {
      const retries = previous.getRetryCount() + 1;
      if (retries >= maxAttempts || !isSafeToResend(info)) {
        // Rejecting is how a strategy says "no more attempts": the SDK throws the call's error.
        throw new Error('no retry');
      }
      const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retries);
      return token(retries, Math.floor(random() * ceiling));
    },
    recordSuccess(): void {},
  };
}
