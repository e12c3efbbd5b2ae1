import { describe, expect, it } from 'vitest';
import {
  evaluateVpcEndpoints,
  type NetworkEndpoint,
  type VpcNetwork,
  vpcEndpoints,
} from '#lib/controls/index.ts';
import { standardWith } from '../../support/repository-state.ts';

const REGION = 'eu-west-1';

/** One VPC with a public subnet (route to an IGW) and a private one (its own table, no IGW). */
function network(endpoints: NetworkEndpoint[]): VpcNetwork {
  return {
    subnets: [
      { subnetId: 'subnet-public', vpcId: 'vpc-1' },
      { subnetId: 'subnet-private', vpcId: 'vpc-1' },
    ],
    routeTables: [
      {
        routeTableId: 'rtb-main',
        vpcId: 'vpc-1',
        main: true,
        subnetIds: [],
        internetGateway: true,
      },
      {
        routeTableId: 'rtb-private',
        vpcId: 'vpc-1',
        main: false,
        subnetIds: ['subnet-private'],
        internetGateway: false,
      },
    ],
    endpoints,
  };
}

function endpoint(
  service: string,
  type: string,
  overrides: Partial<NetworkEndpoint> = {},
): NetworkEndpoint {
  return {
    vpcEndpointId: `vpce-${service}`,
    vpcId: 'vpc-1',
    serviceName: `com.amazonaws.${REGION}.${service}`,
    type,
    state: 'available',
    routeTableIds: type === 'Gateway' ? ['rtb-private'] : [],
    ...overrides,
  };
}

const ALL = [
  endpoint('ecr.api', 'Interface'),
  endpoint('ecr.dkr', 'Interface'),
  endpoint('s3', 'Gateway'),
];

function evaluate(vpcNetwork: VpcNetwork): ReturnType<typeof evaluateVpcEndpoints> {
  return evaluateVpcEndpoints(
    { account: '123456789012', region: REGION, vpcNetwork },
    { ...standardWith().vpcEndpoints, check: true },
  );
}

describe('Control: vpc-endpoints', () => {
  describe('Method: evaluate', () => {
    it('accepts a VPC whose private subnets have the three endpoints', () => {
      expect(evaluate(network(ALL))).toEqual({ compliant: true });
    });

    it('asks nothing of a VPC with public subnets only', () => {
      // Prepare: the private subnet's table now routes to the internet too.
      const open = network([]);
      open.routeTables = open.routeTables.map((t) => ({ ...t, internetGateway: true }));

      // Assess
      expect(evaluate(open)).toEqual({ compliant: true });
    });

    it('reports every missing endpoint of a VPC with a private subnet (report only)', () => {
      // Act
      const result = evaluate(network([]));

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason:
          'vpc-1 (private subnet subnet-private): no interface endpoint for ecr.api, no interface endpoint for ecr.dkr, no gateway endpoint for S3 (image layers): pulls from private subnets need a NAT gateway or fail',
      });
    });

    it('reads a subnet without an explicit table as using the main one', () => {
      // Prepare: the main table has no IGW route: subnet-public is private after all.
      const net = network(ALL);
      net.routeTables = net.routeTables.map((t) => (t.main ? { ...t, internetGateway: false } : t));

      // Act
      const result = evaluate(net);

      // Assess: the S3 endpoint is not on the main table.
      expect(result).toMatchObject({
        compliant: false,
        reason: expect.stringContaining(
          'vpc-1 (private subnets subnet-public, subnet-private): the S3 gateway endpoint is not on route table rtb-main',
        ),
      });
    });

    it.each([
      ['deleted', endpoint('ecr.dkr', 'Interface', { state: 'deleted' })],
      [
        'in another region',
        endpoint('ecr.dkr', 'Interface', { serviceName: 'com.amazonaws.us-east-1.ecr.dkr' }),
      ],
      ['in another VPC', endpoint('ecr.dkr', 'Interface', { vpcId: 'vpc-2' })],
      ['of the wrong type', endpoint('ecr.dkr', 'Gateway')],
    ])('does not count an endpoint %s', (_what, dkr) => {
      // Act
      const result = evaluate(
        network([endpoint('ecr.api', 'Interface'), dkr, endpoint('s3', 'Gateway')]),
      );

      // Assess
      expect(result).toMatchObject({
        reason: expect.stringContaining('no interface endpoint for ecr.dkr'),
      });
    });

    it('is off unless vpcEndpoints.check is true, and off with mode: off', () => {
      const config = standardWith().vpcEndpoints;
      expect(vpcEndpoints.enabled?.(config)).toBe(false);
      expect(vpcEndpoints.enabled?.({ ...config, check: true })).toBe(true);
      expect(vpcEndpoints.enabled?.({ ...config, check: true, mode: 'off' })).toBe(false);
      expect(vpcEndpoints.reads.flatMap((f) => f.actions)).toEqual([
        'ec2:DescribeRouteTables',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcEndpoints',
      ]);
    });
  });
});
