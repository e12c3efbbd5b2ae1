import type { Context } from 'aws-lambda';

/** A Lambda context as the runtime passes it, for invoking handlers in tests. */
export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: '6f2b0a4e-1c39-4f0e-9d53-0b1f4a1c2d3e',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/29/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
