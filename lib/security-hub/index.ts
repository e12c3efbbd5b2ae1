export {
  ASFF_SCHEMA_VERSION,
  asffFindings,
  COMPLIANCE_STATUS_OF,
  defaultProductArn,
  GENERATOR_PREFIX,
} from './asff-findings.ts';
export { FindingsRefusedError, FindingTooLargeError, SecurityHubError } from './errors.ts';
export { clip, SECURITY_HUB_LIMITS } from './limits.ts';
export { publishSweepReport } from './publish-sweep-report.ts';
export type {
  PublishToSecurityHubDeps,
  SecurityHubTargetResult,
} from './publish-to-security-hub.ts';
export { describeSecurityHubResult, publishToSecurityHub } from './publish-to-security-hub.ts';
export type { SecurityHubGateway } from './security-hub-gateway.ts';
export { batches, securityHubGateway } from './security-hub-gateway.ts';
