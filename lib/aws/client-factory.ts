import type { AwsCredentialIdentityProvider } from '@smithy/types';

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
  credentials?: AwsCredentialIdentityProvider;
}

/** Any AWS SDK v3 client class (`ECRClient`, `SNSClient`, …). */
export type SdkClientClass<T> = new (config: SdkClientConfig) => T;

/** Hands out AWS clients for an account and region, built once and reused. */
export interface ClientFactory {
  /** An SDK client of `clientClass` acting in `target`, cached per class and target. */
  client<T>(clientClass: SdkClientClass<T>, target: AccountRegion): T;
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
 * Retry for one event's few calls: exponential backoff with jitter. Measured under injected
 * throttling (test/integration/faults), adaptive mode let one throttle in a fresh client's
 * first half second hold every later call to about 0.5 per second, so a push event took 5 to
 * 12 s instead of 50 ms.
 */
export const SDK_RETRY = { retryMode: 'standard', maxAttempts: 6 } as const;

/**
 * Retry for a sweep's hundreds of calls per account and region: adaptive mode also slows the
 * client down when ECR throttles (`ThrottleException`), so the sweep settles under the rate
 * limit instead of spending its attempts.
 */
export const SDK_RETRY_BULK = { retryMode: 'adaptive', maxAttempts: 6 } as const;

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

  function client<T>(clientClass: SdkClientClass<T>, target: AccountRegion): T {
    const key = `${target.account}/${target.region}`;
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
      ...(credentials === undefined ? {} : { credentials }),
    });
    byTarget.set(key, created);
    return created;
  }

  return { client };
}
