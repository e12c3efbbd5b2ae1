import { defineRegistryFact, type FactContext } from '../fact.ts';

/** A subnet and its VPC. */
export interface NetworkSubnet {
  subnetId: string;
  vpcId: string;
}

/** A route table: its VPC, whether it is the VPC's main one, its subnets and its IGW route. */
export interface NetworkRouteTable {
  routeTableId: string;
  vpcId: string;
  main: boolean;
  /** The subnets explicitly associated with it. */
  subnetIds: string[];
  /** It routes to an internet gateway (`igw-…`): its subnets are public. */
  internetGateway: boolean;
}

/** A VPC endpoint, reduced to what the control judges. */
export interface NetworkEndpoint {
  vpcEndpointId: string;
  vpcId: string;
  serviceName: string;
  /** `Interface`, `Gateway`, `GatewayLoadBalancer`, … */
  type: string;
  /** `available`, `pending`, `deleted`, … (EC2's, lowercase). */
  state: string;
  /** The route tables a gateway endpoint is associated with. */
  routeTableIds: string[];
}

/** The network of one account and region, as EC2 describes it. */
export interface VpcNetwork {
  subnets: NetworkSubnet[];
  routeTables: NetworkRouteTable[];
  endpoints: NetworkEndpoint[];
}

/**
 * Reads the account's subnets, route tables and VPC endpoints in the region (EC2, all pages).
 * The EC2 client is loaded on first use: a registry whose standard leaves `vpcEndpoints.check`
 * off never loads it.
 *
 * @example
 * ```ts
 * const network = await readVpcNetwork(context);
 * ```
 */
export async function readVpcNetwork(context: FactContext): Promise<VpcNetwork> {
  const {
    EC2Client,
    paginateDescribeRouteTables,
    paginateDescribeSubnets,
    paginateDescribeVpcEndpoints,
  } = await import('@aws-sdk/client-ec2');
  const client = context.client(EC2Client);
  const network: VpcNetwork = { subnets: [], routeTables: [], endpoints: [] };
  for await (const page of paginateDescribeSubnets({ client }, {})) {
    for (const s of page.Subnets ?? []) {
      if (s.SubnetId !== undefined && s.VpcId !== undefined) {
        network.subnets.push({ subnetId: s.SubnetId, vpcId: s.VpcId });
      }
    }
  }
  for await (const page of paginateDescribeRouteTables({ client }, {})) {
    for (const t of page.RouteTables ?? []) {
      if (t.RouteTableId === undefined || t.VpcId === undefined) continue;
      const associations = t.Associations ?? [];
      network.routeTables.push({
        routeTableId: t.RouteTableId,
        vpcId: t.VpcId,
        main: associations.some((a) => a.Main === true),
        subnetIds: associations.flatMap((a) => (a.SubnetId === undefined ? [] : [a.SubnetId])),
        internetGateway: (t.Routes ?? []).some((r) => r.GatewayId?.startsWith('igw-') === true),
      });
    }
  }
  for await (const page of paginateDescribeVpcEndpoints({ client }, {})) {
    for (const e of page.VpcEndpoints ?? []) {
      if (e.VpcEndpointId === undefined || e.VpcId === undefined || e.ServiceName === undefined) {
        continue;
      }
      network.endpoints.push({
        vpcEndpointId: e.VpcEndpointId,
        vpcId: e.VpcId,
        serviceName: e.ServiceName,
        type: e.VpcEndpointType ?? 'Interface',
        state: (e.State ?? 'available').toLowerCase(),
        routeTableIds: [...(e.RouteTableIds ?? [])],
      });
    }
  }
  return network;
}

/**
 * The registry's network: one fact per account and region, reused for five minutes.
 */
export const vpcNetworkFact = defineRegistryFact({
  name: 'vpcNetwork',
  actions: ['ec2:DescribeRouteTables', 'ec2:DescribeSubnets', 'ec2:DescribeVpcEndpoints'],
  ttlMs: 5 * 60_000,
  read: readVpcNetwork,
});
