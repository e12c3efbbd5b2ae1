import { defineRegistryControl } from '../control.ts';
import { evaluateVpcEndpoints } from './evaluate.ts';
import { vpcEndpointsSection } from './section.ts';
import { vpcNetworkFact } from './vpc-network-fact.ts';

/**
 * Private subnets reach ECR through VPC endpoints (`ecr.api`, `ecr.dkr`, S3). Off unless
 * `vpcEndpoints.check: true`: it reads EC2, which not every member role may.
 *
 * @example
 * ```ts
 * vpcEndpoints.evaluate(state, standard.vpcEndpoints);
 * ```
 */
export const vpcEndpoints = defineRegistryControl({
  name: 'vpc-endpoints',
  level: 'registry',
  description: {
    compliantWhen:
      'in every VPC with a private subnet (a route table without an internet gateway route), interface endpoints for `ecr.api` and `ecr.dkr` and a gateway endpoint for S3 exist; off unless `vpcEndpoints.check: true`',
    remediation: 'report only',
  },
  section: vpcEndpointsSection,
  reads: [vpcNetworkFact],
  remediations: {},
  enabled: (config) => config.check && config.mode !== 'off',
  evaluate: evaluateVpcEndpoints,
});
