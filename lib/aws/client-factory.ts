import type { AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { atMostOnceRetryStrategy } from './at-most-once-retry-strategy.ts';

/** Where an AWS call acts. */
export interface AccountRegion {
  account: string;
  region: string;
}

/** The configuration every SDK client of ecr-guard is built with. */
export interface SdkClientConfig {
  region: string;
  retryMode: 'standard' | 'adaptive';
  maxAttempts: number;
  requestHandler: typeof SDK_TIMEOUTS;
  credentials?: AwsCredentialIdentityProvider;
  /** Replaces the retry mode (see {@link ClientProfile}). */
  retryStrategy?: RetryStrategyV2;
}

/**
 * How a client retries: `default` with its factory's retry mode; `at-most-once` for calls
 * that must not reach the service twice (`sns:Publish`): retried only when the service
 * refused the request or the connection was never made, never after a timeout or a lost
 * answer (see `atMostOnceRetryStrategy`).
 */
export type ClientProfile = 'default' | 'at-most-once';

/** Any AWS SDK v3 client class (`ECRClient`, `SNSClient`, …). */
export type SdkClientClass<T> = new (config: SdkClientConfig) => T;

/** Hands out AWS clients for an account and region, built once and reused. */
export interface ClientFactory {
  /** An SDK client of `clientClass` acting in `target`, cached per class, target and profile. */
  client<T>(clientClass: SdkClientClass<T>, target: AccountRegion, profile?: ClientProfile): T;
}

export interface ClientFactoryOptions {
  /** {@link SDK_RETRY} (default) for event handlers, {@link SDK_RETRY_BULK} for sweeps. */
  retry?: typeof SDK_RETRY | typeof SDK_RETRY_BULK;
  /**
   * The credentials to act in a target with; `undefined` means the process's own (the
   * default chain). The cross-account factory plugs assumed-role credentials in here.
   */
  credentialsFor?: (target: AccountRegion) => AwsCredentialIdentityProvider | undefined;
}

/**
 * The timeouts of every SDK client ecr-guard builds (each spreads {@link SDK_RETRY} or
 * {@link SDK_RETRY_BULK}, which carry them): a connection within 1 s, an answer's headers
 * within 4 s (`requestTimeout`, thrown, not only logged), and no 4 s without a byte of it
 * (`socketTimeout`). Without them an endpoint that accepts and never answers holds the call
 * until the function's own timeout, where nothing after the call (giving a claim back) runs.
 * Regional AWS endpoints answer these calls in tens of milliseconds.
 */
export const SDK_TIMEOUTS = {
  connectionTimeout: 1_000,
  requestTimeout: 4_000,
  socketTimeout: 4_000,
  throwOnRequestTimeout: true,
} as const;

/**
 * Retry for one event's few calls: exponential backoff with jitter. Measured under injected
 * throttling (test/integration/faults), adaptive mode let one throttle in a fresh client's
 * first half second hold every later call to about 0.5 per second, so a push event took 5 to
 * 12 s instead of 50 ms.
 */
export const SDK_RETRY = {
  retryMode: 'standard',
  maxAttempts: 6,
  requestHandler: SDK_TIMEOUTS,
} as const;

/**
 * Retry for a sweep's hundreds of calls per account and region: adaptive mode also slows the
 * client down when ECR throttles (`ThrottleException`), so the sweep settles under the rate
 * limit instead of spending its attempts.
 */
export const SDK_RETRY_BULK = {
  retryMode: 'adaptive',
  maxAttempts: 6,
  requestHandler: SDK_TIMEOUTS,
} as const;

/** Attempts of an `at-most-once` client (see {@link ClientProfile}). */
export const AT_MOST_ONCE_ATTEMPTS = 3;

/**
 * The longest one call of a {@link SDK_RETRY} client can take: every attempt running into
 * both timeouts, plus the standard mode's largest backoffs (100 ms doubled, before each
 * retry). Adaptive mode may add its own client-side rate limiting on top.
 */
export const SDK_CALL_BOUND_MS =
  SDK_RETRY.maxAttempts * (SDK_TIMEOUTS.connectionTimeout + SDK_TIMEOUTS.requestTimeout) +
  Array.from({ length: SDK_RETRY.maxAttempts - 1 }, (_, i) =>
    Math.min(20_000, 100 * 2 ** (i + 1)),
  ).reduce((a, b) => a + b, 0);

/**
 * Creates the client factory used by the Lambdas and the CLI. Clients are cached per account
 * and region, so a warm Lambda reuses connections and credentials.
 *
 * @example
 * ```ts
 * const clients = createClientFactory();
 * const ecr = clients.client(ECRClient, { account: '123456789012', region: 'eu-west-1' });
 * const sns = clients.client(SNSClient, { account: '123456789012', region: 'eu-west-1' });
 * ```
 */
export function createClientFactory(options: ClientFactoryOptions = {}): ClientFactory {
  const credentialsFor = options.credentialsFor ?? (() => undefined);
  const retry = options.retry ?? SDK_RETRY;
  const clients = new Map<unknown, Map<string, unknown>>();

  function client<T>(
    clientClass: SdkClientClass<T>,
    target: AccountRegion,
    profile: ClientProfile = 'default',
  ): T {
    const key = `${profile}/${target.account}/${target.region}`;
    let byTarget = clients.get(clientClass);
    if (byTarget === undefined) {
      byTarget = new Map();
      clients.set(clientClass, byTarget);
    }
    const cached = byTarget.get(key);
    if (cached !== undefined) return cached as T;
    const credentials = credentialsFor(target);
    const created = new clientClass({
      region: target.region,
      ...retry,
      ...(profile === 'at-most-once'
        ? {
            maxAttempts: AT_MOST_ONCE_ATTEMPTS,
            retryStrategy: atMostOnceRetryStrategy(AT_MOST_ONCE_ATTEMPTS),
          }
        : {}),
      ...(credentials === undefined ? {} : { credentials }),
    });
    byTarget.set(key, created);
    return created;
  }

  return { client };
}
