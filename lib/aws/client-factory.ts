import { ECRClient } from '@aws-sdk/client-ecr';
import { EcrGateway } from './ecr-gateway.ts';

/** Where an AWS call acts. */
export interface AccountRegion {
  account: string;
  region: string;
}

/** Hands out AWS adapters for an account and region, built once and reused. */
export interface ClientFactory {
  ecrGateway(target: AccountRegion): EcrGateway;
}

export interface ClientFactoryOptions {
  /**
   * Builds the ECR client for a target. The default acts with the process's own
   * credentials; the cross-account factory plugs assumed-role credentials in here.
   */
  createEcrClient?: (target: AccountRegion) => ECRClient;
}

/** Adaptive retry absorbs ECR throttling (`ThrottleException`) before an error surfaces. */
export const SDK_RETRY = { retryMode: 'adaptive', maxAttempts: 6 } as const;

function defaultEcrClient(target: AccountRegion): ECRClient {
  return new ECRClient({ region: target.region, ...SDK_RETRY });
}

/**
 * Creates the client factory used by the Lambdas and the CLI. Clients and gateways are
 * cached per account and region, so a warm Lambda reuses connections and the cached
 * registry scanning configuration.
 *
 * @example
 * ```ts
 * const clients = createClientFactory();
 * const gateway = clients.ecrGateway({ account: '123456789012', region: 'eu-west-1' });
 * ```
 */
export function createClientFactory(options: ClientFactoryOptions = {}): ClientFactory {
  const createEcrClient = options.createEcrClient ?? defaultEcrClient;
  const gateways = new Map<string, EcrGateway>();
  return {
    ecrGateway(target: AccountRegion): EcrGateway {
      const key = `${target.account}/${target.region}`;
      let gateway = gateways.get(key);
      if (gateway === undefined) {
        gateway = new EcrGateway({ client: createEcrClient(target), ...target });
        gateways.set(key, gateway);
      }
      return gateway;
    },
  };
}
