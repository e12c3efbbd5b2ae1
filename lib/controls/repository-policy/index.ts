export type { RepositoryPolicyConfig, RepositoryPolicyMode } from './config.ts';
export {
  PUSH_ACTIONS,
  REPOSITORY_POLICY_DEFAULTS,
  REPOSITORY_POLICY_MODES,
  RepositoryPolicyConfigSchema,
} from './config.ts';
export { repositoryPolicy } from './control.ts';
export type { DeleteRepositoryPolicy } from './delete-repository-policy.ts';
export type { RepositoryPolicyState } from './evaluate.ts';
export { evaluateRepositoryPolicy } from './evaluate.ts';
export type { GrantLimits } from './judge-statement.ts';
export { judgeStatement } from './judge-statement.ts';
export type { PolicyDocument, PolicyStatement, Principal } from './policy-document.ts';
export { MalformedPolicyError, parsePolicy, policyTextWith } from './policy-document.ts';
export { repositoryPolicyFact } from './repository-policy-fact.ts';
export { repositoryPolicySection } from './section.ts';
export type { SetRepositoryPolicy } from './set-repository-policy.ts';
