import { describe, expect, it } from 'vitest';
import { AwsCallError, isRetryableAwsError, toAwsCallError } from '#lib/aws/index.ts';

function sdkError(name: string, status: number | undefined): Error {
  return Object.assign(new Error(name), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });
}

describe('Function: isRetryableAwsError', () => {
  it.each([
    ['ECR’s 400 ThrottlingException', sdkError('ThrottlingException', 400), true],
    [
      'ECR’s 429 ThrottleException (a name the SDK does not list: the status decides)',
      sdkError('ThrottleException', 429),
      true,
    ],
    ['a 503', sdkError('ServiceUnavailable', 503), true],
    ['a timeout', sdkError('TimeoutError', undefined), true],
    [
      'a connection refused with no answer',
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      true,
    ],
    ['an access denial', sdkError('AccessDeniedException', 400), false],
    ['a validation error', sdkError('ValidationException', 400), false],
  ])('classifies %s as retryable: %s', (_case, error, retryable) => {
    expect(isRetryableAwsError(error)).toBe(retryable);
  });

  it('treats what is not an error object as final', () => {
    expect(isRetryableAwsError('boom')).toBe(false);
  });
});

describe('Function: toAwsCallError', () => {
  it('keeps the cause and the context', () => {
    // Prepare
    const cause = sdkError('ThrottlingException', 400);

    // Act
    const error = toAwsCallError(cause, {
      operation: 'ecr:PutLifecyclePolicy',
      account: '123456789012',
      region: 'eu-west-1',
    });

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      retryable: true,
      account: '123456789012',
      region: 'eu-west-1',
      cause,
    });
    expect(error.message).toBe(
      'ecr:PutLifecyclePolicy failed in 123456789012/eu-west-1: ThrottlingException: ThrottlingException',
    );
  });
});
