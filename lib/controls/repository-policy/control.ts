import { defineRepositoryControl } from '../control.ts';
import { deleteRepositoryPolicy } from './delete-repository-policy.ts';
import { evaluateRepositoryPolicy } from './evaluate.ts';
import { repositoryPolicyFact } from './repository-policy-fact.ts';
import { repositoryPolicySection } from './section.ts';
import { setRepositoryPolicy } from './set-repository-policy.ts';

/**
 * The repository policy grants nothing to everyone outside the organization, nothing to
 * foreign accounts, and push to no other account unless allowed.
 *
 * @example
 * ```ts
 * repositoryPolicy.evaluate(state, standard.repositoryPolicy);
 * ```
 */
export const repositoryPolicy = defineRepositoryControl({
  name: 'repository-policy',
  level: 'repository',
  description: {
    compliantWhen:
      'the repository policy grants nothing to `"*"` unless conditioned on the organization (`aws:PrincipalOrgID` / `aws:ResourceOrgID`), nothing to accounts outside it and `repositoryPolicy.allowedAccounts`, and push actions to no other account but `repositoryPolicy.pushAccounts`; a malformed policy is reported',
    remediation:
      'with `repositoryPolicy.mode: enforce` (default `report`): `SetRepositoryPolicy` without exactly the offending statements, or `DeleteRepositoryPolicy` when none is left; never widening',
  },
  section: repositoryPolicySection,
  reads: [repositoryPolicyFact],
  remediations: {
    'ecr:SetRepositoryPolicy': setRepositoryPolicy,
    'ecr:DeleteRepositoryPolicy': deleteRepositoryPolicy,
  },
  enabled: (config) => config.mode !== 'off',
  evaluate: evaluateRepositoryPolicy,
});
