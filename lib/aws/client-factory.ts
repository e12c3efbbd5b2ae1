import { ECRClient } from '@aws-sdk/client-ecr';
import type {
  AwsCredentialIdentityProvider,
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  RequestHandler,
} from '@smithy/types';
import { EcrGateway } from './ecr-gateway.ts';

/** Where an AWS call acts. */
export interface AccountRegion {
  account: string;
  region: string;
}

/**
 * What sends a client's HTTP requests. Left out, each client uses the SDK's own (HTTPS); the
 * scale benchmark plugs an in-process registry model in here, so that the SDK's serialization,
 * signing and retries run as they do against AWS.
 */
export type SdkRequestHandler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> & {
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
};

/** The configuration every SDK client of ecr-guard is built with. */
export interface SdkClientConfig {
  region: string;
  retryMode: 'standard' | 'adaptive';
  maxAttempts: number;
  credentials?: AwsCredentialIdentityProvider;
  requestHandler?: SdkRequestHandler;
}

/** Any AWS SDK v3 client class (`ECRClient`, `SNSClient`, …). */
export type SdkClientClass<T> = new (config: SdkClientConfig) => T;

/** Hands out AWS clients and adapters for an account and region, built once and reused. */
export interface ClientFactory {
  /** An SDK client of `clientClass` acting in `target`, cached per class and target. */
  client<T>(clientClass: SdkClientClass<T>, target: AccountRegion): T;
  ecrGateway(target: AccountRegion): EcrGateway;
}

export interface ClientFactoryOptions {
  /** {@link SDK_RETRY} (default) for event handlers, {@link SDK_RETRY_BULK} for sweeps. */
  retry?: typeof SDK_RETRY | typeof SDK_RETRY_BULK;
  /**
   * The credentials to act in a target with; `undefined` means the process's own (the
   * default chain). The cross-account factory plugs assumed-role credentials in here.
   */
  credentialsFor?: (target: AccountRegion) => AwsCredentialIdentityProvider | undefined;
  /** Sends every client's requests; default the SDK's own (see {@link SdkRequestHandler}). */
  requestHandler?: SdkRequestHandler;
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
 * Creates the client factory used by the Lambdas and the CLI. Clients and gateways are
 * cached per account and region, so a warm Lambda reuses connections, credentials and the
 * cached registry scanning configuration.
 *
 * @example
 * ```ts
 * const clients = createClientFactory();
 * const gateway = clients.ecrGateway({ account: '123456789012', region: 'eu-west-1' });
 * const sns = clients.client(SNSClient, { account: '123456789012', region: 'eu-west-1' });
 * ```
 */
export function createClientFactory(options: ClientFactoryOptions = {}): ClientFactory {
  const credentialsFor = options.credentialsFor ?? (() => undefined);
  const retry = options.retry ?? SDK_RETRY;
  const clients = new Map<unknown, Map<string, unknown>>();
  const gateways = new Map<string, EcrGateway>();

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
      ...(options.requestHandler === undefined ? {} : { requestHandler: options.requestHandler }),
    });
    byTarget.set(key, created);
    return created;
  }

  return {
    client,
    ecrGateway(target: AccountRegion): EcrGateway {
      const key = `${target.account}/${target.region}`;
      let gateway = gateways.get(key);
      if (gateway === undefined) {
        gateway = new EcrGateway({ client: client(ECRClient, target), ...target });
        gateways.set(key, gateway);
      }
      return gateway;
    },
  };
}
