import { ECRClient } from '@aws-sdk/client-ecr';
import type { AccountRegion, ClientFactory } from '#lib/aws/client-factory.ts';
import { EcrGateway } from './ecr-gateway.ts';

/** Hands out one {@link EcrGateway} per account and region, built once and reused. */
export interface GatewayPool {
  ecrGateway(target: AccountRegion): EcrGateway;
  /**
   * Starts a run (one event, one sweep worker's batch): the registry facts that last one run
   * (`perRun`, such as what runs in ECS) are read again when next needed.
   */
  startRun(): void;
}

/**
 * The gateways of a client factory: a warm Lambda reuses each gateway, its client (and
 * assumed-role session) and its cached registry facts. The facts that read other services of
 * an account (ECS, Lambda, Inspector) get their clients from the same factory.
 *
 * @example
 * ```ts
 * const gateways = createGatewayPool(createClientFactory());
 * gateways.startRun();
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
        gateway = new EcrGateway({ client: clients.client(ECRClient, target), clients, ...target });
        gateways.set(key, gateway);
      }
      return gateway;
    },
    startRun(): void {
      for (const gateway of gateways.values()) gateway.forgetRunFacts();
    },
  };
}
