import { ECRClient } from '@aws-sdk/client-ecr';
import type { AccountRegion, ClientFactory } from '#lib/aws/client-factory.ts';
import { EcrGateway } from './ecr-gateway.ts';

/** Hands out one {@link EcrGateway} per account and region, built once and reused. */
export interface GatewayPool {
  ecrGateway(target: AccountRegion): EcrGateway;
}

/**
 * The gateways of a client factory: a warm Lambda reuses each gateway, its client (and
 * assumed-role session) and its cached registry facts.
 *
 * @example
 * ```ts
 * const gateways = createGatewayPool(createClientFactory());
 * const gateway = gateways.ecrGateway({ account: '123456789012', region: 'eu-west-1' });
 * ```
 */
export function createGatewayPool(clients: Pick<ClientFactory, 'client'>): GatewayPool {
  const gateways = new Map<string, EcrGateway>();
  return {
    ecrGateway(target: AccountRegion): EcrGateway {
      const key = `${target.account}/${target.region}`;
      let gateway = gateways.get(key);
      if (gateway === undefined) {
        gateway = new EcrGateway({
          client: clients.client(ECRClient, target),
          ...target,
          clientOf: (clientClass) => clients.client(clientClass, target),
        });
        gateways.set(key, gateway);
      }
      return gateway;
    },
  };
}
