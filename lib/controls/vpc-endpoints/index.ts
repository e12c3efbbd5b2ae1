export type { VpcEndpointsConfig, VpcEndpointsMode } from './config.ts';
export {
  VPC_ENDPOINTS_DEFAULTS,
  VPC_ENDPOINTS_MODES,
  VpcEndpointsConfigSchema,
} from './config.ts';
export { vpcEndpoints } from './control.ts';
export type { VpcEndpointsState } from './evaluate.ts';
export { evaluateVpcEndpoints } from './evaluate.ts';
export { vpcEndpointsSection } from './section.ts';
export type {
  NetworkEndpoint,
  NetworkRouteTable,
  NetworkSubnet,
  VpcNetwork,
} from './vpc-network-fact.ts';
export { readVpcNetwork, vpcNetworkFact } from './vpc-network-fact.ts';
