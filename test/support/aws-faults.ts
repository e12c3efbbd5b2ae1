/**
 * Faults for the loopback proxy's `fault` hook, shaped as AWS answers them: throttling and
 * server errors in each service's protocol (JSON for ECR, DynamoDB, Secrets Manager; XML for
 * the query protocol of STS and SNS), and a seeded, deterministic share of throttled calls.
 */
import type { FaultResponse, RecordedCall } from '../../harness/aws-proxy.ts';

/** Services that speak the AWS query protocol (errors are XML); the others answer JSON. */
const QUERY_PROTOCOL_SERVICES: ReadonlySet<string> = new Set(['sts', 'sns', 'iam']);

/** The two throttling answers ECR's JSON protocol gives (docs/ARCHITECTURE.md section 8: 429 `ThrottleException`). */
export type ThrottlingVariant = 'ThrottlingException' | 'ThrottleException';

/**
 * A throttling error as AWS sends it on the JSON protocol: HTTP 400 `ThrottlingException`, or
 * HTTP 429 `ThrottleException`, with `x-amzn-errortype` and a `__type` body.
 *
 * @example
 * ```ts
 * startAwsProxy({ target, fault: (call) => (call.service === 'ecr' ? throttlingError('ThrottleException') : undefined) });
 * ```
 */
export function throttlingError(variant: ThrottlingVariant = 'ThrottlingException'): FaultResponse {
  return {
    status: variant === 'ThrottlingException' ? 400 : 429,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': `${variant}:http://internal.amazon.com/coral/com.amazon.coral.availability/`,
      'x-amzn-requestid': '7f0c3f35-2b6c-4f3e-9a52-6a4a1c3e0b11',
    },
    body: JSON.stringify({
      __type: `com.amazon.coral.availability#${variant}`,
      message: 'Rate exceeded',
    }),
  };
}

/**
 * A server-side error in the call's own protocol: `InternalFailure` (500) or
 * `ServiceUnavailable` (503). The SDK retries both, then surfaces them with `$fault: 'server'`.
 *
 * @example
 * ```ts
 * fault: (call) => (call.service === 'dynamodb' ? serverError(call, 503) : undefined)
 * ```
 */
export function serverError(call: RecordedCall, status: 500 | 503 = 500): FaultResponse {
  const code = status === 500 ? 'InternalFailure' : 'ServiceUnavailable';
  const message =
    status === 500
      ? 'The request processing has failed because of an unknown error, exception or failure.'
      : 'The service is unavailable. Please try again shortly.';
  if (QUERY_PROTOCOL_SERVICES.has(call.service)) {
    return {
      status,
      headers: { 'content-type': 'text/xml' },
      body: `<ErrorResponse xmlns="https://${call.service}.amazonaws.com/doc/2010-03-31/">
  <Error><Type>Receiver</Type><Code>${code}</Code><Message>${message}</Message></Error>
  <RequestId>9b0c7d6e-5a4f-4e3d-8c2b-1a0f9e8d7c6b</RequestId>
</ErrorResponse>`,
    };
  }
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazon.coral.service/`,
    },
    body: JSON.stringify({ __type: `com.amazon.coral.service#${code}`, message }),
  };
}

/** A uniform number in [0, 1) from a text: FNV-1a, then a final avalanche. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

export interface ThrottleShareOptions {
  /** Picks the sequence; the same seed throttles the same calls. */
  seed: string;
  /** Share of the calls answered with throttling, e.g. `0.3`. */
  share: number;
  /** Services throttled (signing names), default `['ecr']`. */
  services?: readonly string[];
  /**
   * Most throttles in a row for one request (default 3). With 30 % independent throttling one
   * call would exhaust the SDK's 6 attempts with probability 0.3⁶ ≈ 0.07 %; the cap keeps the
   * test about the retry path rather than that tail (see the fault suite's notes).
   */
  maxInARow?: number;
}

export interface ThrottleShare {
  fault(call: RecordedCall, request: { body: string }): FaultResponse | undefined;
  /** Every call answered with throttling, in order. */
  readonly throttled: RecordedCall[];
  /** Every call of a throttled service that was let through, in order. */
  readonly passed: RecordedCall[];
  /** Most throttles any one request met in a row. */
  longestRun(): number;
}

/**
 * Throttles a seeded share of calls, deterministically whatever the order in which concurrent
 * calls arrive: whether the n-th sending of a request (operation and body) is throttled depends
 * only on the seed, the request and n. Alternates HTTP 400 `ThrottlingException` and HTTP 429
 * `ThrottleException`.
 *
 * @example
 * ```ts
 * const throttle = throttleShare({ seed: 'fault-suite', share: 0.3 });
 * const proxy = await startAwsProxy({ target, fault: throttle.fault });
 * // … run the code under test …
 * expect(throttle.throttled.length).toBeGreaterThan(0);
 * ```
 */
export function throttleShare(options: ThrottleShareOptions): ThrottleShare {
  const services = new Set(options.services ?? ['ecr']);
  const maxInARow = options.maxInARow ?? 3;
  const sent = new Map<string, number>();
  const inARow = new Map<string, number>();
  const throttled: RecordedCall[] = [];
  const passed: RecordedCall[] = [];
  let longest = 0;
  return {
    throttled,
    passed,
    longestRun: () => longest,
    fault(call, { body }) {
      if (!services.has(call.service)) return undefined;
      const key = `${call.service}:${call.operation}:${body}`;
      const n = (sent.get(key) ?? 0) + 1;
      sent.set(key, n);
      const run = inARow.get(key) ?? 0;
      const throttle = run < maxInARow && unitHash(`${options.seed}|${key}|${n}`) < options.share;
      if (!throttle) {
        inARow.set(key, 0);
        passed.push(call);
        return undefined;
      }
      inARow.set(key, run + 1);
      longest = Math.max(longest, run + 1);
      throttled.push(call);
      return throttlingError(
        throttled.length % 2 === 1 ? 'ThrottlingException' : 'ThrottleException',
      );
    },
  };
}

export interface RateLimitOptions {
  /** Calls let through per second, sustained (a token bucket refilled at this rate). */
  ratePerSecond: number;
  /** Calls let through at once before throttling starts. */
  burst: number;
  /** Services limited (signing names), default `['ecr']`. */
  services?: readonly string[];
  now?: () => number;
}

export interface RateLimit {
  fault(call: RecordedCall): FaultResponse | undefined;
  /** Every call answered with throttling, in order. */
  readonly throttled: RecordedCall[];
  /** Every call of a limited service that was let through, in order. */
  readonly passed: RecordedCall[];
}

/**
 * Throttles the way AWS does: a token bucket per account and API family, here one bucket for
 * every call of the limited services. Calls beyond the rate are answered with throttling,
 * alternating HTTP 400 `ThrottlingException` and HTTP 429 `ThrottleException`. Which calls
 * are throttled depends on timing; how many depends on how fast the client sends.
 *
 * @example
 * ```ts
 * const limit = rateLimit({ ratePerSecond: 40, burst: 10 });
 * const proxy = await startAwsProxy({ target, fault: limit.fault });
 * ```
 */
export function rateLimit(options: RateLimitOptions): RateLimit {
  const services = new Set(options.services ?? ['ecr']);
  const now = options.now ?? Date.now;
  const throttled: RecordedCall[] = [];
  const passed: RecordedCall[] = [];
  let tokens = options.burst;
  let last = now();
  return {
    throttled,
    passed,
    fault(call) {
      if (!services.has(call.service)) return undefined;
      const at = now();
      tokens = Math.min(options.burst, tokens + ((at - last) / 1000) * options.ratePerSecond);
      last = at;
      if (tokens >= 1) {
        tokens -= 1;
        passed.push(call);
        return undefined;
      }
      throttled.push(call);
      return throttlingError(
        throttled.length % 2 === 1 ? 'ThrottlingException' : 'ThrottleException',
      );
    },
  };
}

/**
 * Checks that every throttled call was sent again by the SDK (same `amz-sdk-invocation-id`,
 * a higher attempt) and finally let through, and returns what the retries came to.
 *
 * @param calls - every call the proxy recorded
 * @param throttled - the calls answered with throttling
 * @returns the retried commands, the longest attempt, and the throttled commands never let through
 *
 * @example
 * ```ts
 * const { unresolved, maxAttempt } = retriesOf(proxy.calls, limit.throttled);
 * expect(unresolved).toEqual([]);
 * ```
 */
export function retriesOf(
  calls: readonly RecordedCall[],
  throttled: readonly RecordedCall[],
): { retried: number; maxAttempt: number; resent: number; unresolved: RecordedCall[] } {
  const failed = new Set(throttled);
  const resolved = new Set<string>();
  let maxAttempt = 1;
  let resent = 0;
  for (const call of calls) {
    maxAttempt = Math.max(maxAttempt, call.attempt ?? 1);
    if ((call.attempt ?? 1) > 1) resent += 1;
    if (!failed.has(call) && call.invocationId !== undefined) resolved.add(call.invocationId);
  }
  const throttledIds = new Set(throttled.map((c) => c.invocationId));
  return {
    retried: throttledIds.size,
    maxAttempt,
    resent,
    unresolved: throttled.filter(
      (c) => c.invocationId === undefined || !resolved.has(c.invocationId),
    ),
  };
}
