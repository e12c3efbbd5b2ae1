import type { ControlEvaluation, RegistryState } from '../control.ts';
import type { VpcEndpointsConfig } from './config.ts';
import type { NetworkEndpoint, NetworkRouteTable, VpcNetwork } from './vpc-network-fact.ts';

/** What the control judges: the account's network in the region. */
export type VpcEndpointsState = RegistryState & { vpcNetwork: VpcNetwork };

/** States in which an endpoint serves (or is about to). */
const LIVE_STATES = new Set(['available', 'pending', 'pendingacceptance']);

/** A private subnet's VPC, and the route tables of its private subnets. */
interface PrivateVpc {
  vpcId: string;
  subnetIds: string[];
  routeTableIds: Set<string>;
}

/** The route table a subnet uses: its explicit association, else its VPC's main table. */
function routeTableOf(
  subnetId: string,
  vpcId: string,
  tables: readonly NetworkRouteTable[],
): NetworkRouteTable | undefined {
  return (
    tables.find((t) => t.subnetIds.includes(subnetId)) ??
    tables.find((t) => t.vpcId === vpcId && t.main)
  );
}

function privateVpcs(network: VpcNetwork): PrivateVpc[] {
  const vpcs = new Map<string, PrivateVpc>();
  for (const subnet of network.subnets) {
    const table = routeTableOf(subnet.subnetId, subnet.vpcId, network.routeTables);
    if (table === undefined || table.internetGateway) continue;
    let vpc = vpcs.get(subnet.vpcId);
    if (vpc === undefined) {
      vpc = { vpcId: subnet.vpcId, subnetIds: [], routeTableIds: new Set() };
      vpcs.set(subnet.vpcId, vpc);
    }
    vpc.subnetIds.push(subnet.subnetId);
    vpc.routeTableIds.add(table.routeTableId);
  }
  return [...vpcs.values()];
}

function live(endpoints: readonly NetworkEndpoint[], vpcId: string, suffix: string, type: string) {
  return endpoints.filter(
    (e) =>
      e.vpcId === vpcId &&
      e.type === type &&
      e.serviceName.endsWith(suffix) &&
      LIVE_STATES.has(e.state),
  );
}

/**
 * Workloads in private subnets reach ECR without the internet: every VPC with a private subnet
 * (one whose route table has no route to an internet gateway) has interface endpoints for
 * `ecr.api` and `ecr.dkr`, and a gateway endpoint for S3 (where ECR keeps image layers)
 * associated with the route tables of its private subnets. Report only; judged only with
 * `vpcEndpoints.check: true`.
 *
 * @example
 * ```ts
 * evaluateVpcEndpoints({ account, region: 'us-east-1', vpcNetwork }, config);
 * // → { compliant: false, reason: 'vpc-0abc (private subnets subnet-1): no interface endpoint com.amazonaws.us-east-1.ecr.dkr …' }
 * ```
 */
export function evaluateVpcEndpoints(
  state: VpcEndpointsState,
  _config: VpcEndpointsConfig,
): ControlEvaluation<never> {
  const { region, vpcNetwork } = state;
  const problems: string[] = [];
  for (const vpc of privateVpcs(vpcNetwork)) {
    const missing: string[] = [];
    for (const service of ['ecr.api', 'ecr.dkr']) {
      if (
        live(vpcNetwork.endpoints, vpc.vpcId, `.${region}.${service}`, 'Interface').length === 0
      ) {
        missing.push(`no interface endpoint for ${service}`);
      }
    }
    const s3 = live(vpcNetwork.endpoints, vpc.vpcId, `.${region}.s3`, 'Gateway');
    if (s3.length === 0) {
      missing.push('no gateway endpoint for S3 (image layers)');
    } else {
      const routed = new Set(s3.flatMap((e) => e.routeTableIds));
      const unrouted = [...vpc.routeTableIds].filter((id) => !routed.has(id));
      if (unrouted.length > 0) {
        missing.push(`the S3 gateway endpoint is not on route table ${unrouted.join(', ')}`);
      }
    }
    if (missing.length > 0) {
      problems.push(
        `${vpc.vpcId} (private subnet${vpc.subnetIds.length === 1 ? '' : 's'} ${vpc.subnetIds.join(', ')}): ${missing.join(', ')}`,
      );
    }
  }
  if (problems.length === 0) return { compliant: true };
  return {
    compliant: false,
    reason: `${problems.join('; ')}: pulls from private subnets need a NAT gateway or fail`,
  };
}
