import type { SdkError } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { atMostOnceRetryStrategy, isSafeToResend } from '#lib/aws/at-most-once-retry-strategy.ts';

function networkError(code: string): SdkError {
  return Object.assign(new Error(`${code} from the network`) as SdkError, { code, $metadata: {} });
}

function answer(status: number, name: string): SdkError {
  return Object.assign(new Error(name) as SdkError, {
    name,
    $metadata: { httpStatusCode: status },
  });
}

describe('Function: isSafeToResend', () => {
  it.each<[string, Parameters<typeof isSafeToResend>[0], boolean]>([
    ['throttling answered', { errorType: 'THROTTLING', error: answer(400, 'Throttling') }, true],
    ['a 500 answered', { errorType: 'TRANSIENT', error: answer(500, 'InternalError') }, true],
    ['a connection refused', { errorType: 'TRANSIENT', error: networkError('ECONNREFUSED') }, true],
    ['a host not found', { errorType: 'TRANSIENT', error: networkError('ENOTFOUND') }, true],
    ['a reset connection', { errorType: 'TRANSIENT', error: networkError('ECONNRESET') }, false],
    [
      'a timeout',
      {
        errorType: 'TRANSIENT',
        error: Object.assign(networkError('ETIMEDOUT'), { name: 'TimeoutError' }),
      },
      false,
    ],
    [
      'a client error',
      { errorType: 'CLIENT_ERROR', error: answer(400, 'InvalidParameter') },
      false,
    ],
  ])('%s: %s', (_what, info, expected) => {
    expect(isSafeToResend(info)).toBe(expected);
  });
});

describe('Function: atMostOnceRetryStrategy', () => {
  it('retries what is safe, with a jittered exponential backoff, up to the attempts', async () => {
    // Prepare
    const strategy = atMostOnceRetryStrategy(3, () => 0.5);
    const throttled = { errorType: 'THROTTLING' as const, error: answer(400, 'Throttling') };

    // Act
    const first = await strategy.acquireInitialRetryToken('us-east-1');
    const second = await strategy.refreshRetryTokenForRetry(first, throttled);
    const third = await strategy.refreshRetryTokenForRetry(second, throttled);

    // Assess
    expect([second.getRetryCount(), second.getRetryDelay()]).toEqual([1, 100]);
    expect([third.getRetryCount(), third.getRetryDelay()]).toEqual([2, 200]);
    await expect(strategy.refreshRetryTokenForRetry(third, throttled)).rejects.toThrow();
  });

  it('never sends again a request that may have reached the service', async () => {
    // Prepare
    const strategy = atMostOnceRetryStrategy(3);
    const token = await strategy.acquireInitialRetryToken('us-east-1');

    // Act / Assess
    await expect(
      strategy.refreshRetryTokenForRetry(token, {
        errorType: 'TRANSIENT',
        error: networkError('ECONNRESET'),
      }),
    ).rejects.toThrow();
  });

  it('refuses a meaningless attempt count', () => {
    expect(() => atMostOnceRetryStrategy(0)).toThrow(RangeError);
  });
});
