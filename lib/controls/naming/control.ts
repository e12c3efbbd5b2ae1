import { defineRepositoryControl } from '../control.ts';
import { evaluateNaming } from './evaluate.ts';
import { namingPullThroughCacheExemption } from './pull-through-cache.ts';
import { namingSection } from './section.ts';

/**
 * Repositories are named by convention (`{team}-{app}-{component}` by default); the `{team}`
 * segment is the owner of a repository without a team tag. Report only: ECR cannot rename.
 *
 * @example
 * ```ts
 * naming.evaluate(state, standard.naming);
 * ```
 */
export const naming = defineRepositoryControl({
  name: 'naming',
  level: 'repository',
  description: {
    compliantWhen:
      'the name follows `naming.pattern` (default `{team}-{app}-{component}`, lowercase segments), under a namespace `naming.namespaces` allows; without a team tag, `{team}` is the owning team',
    remediation:
      'report only (a repository cannot be renamed): the report names the conforming repository to create and migrate to',
  },
  section: namingSection,
  reads: [],
  remediations: {},
  enabled: (config) => config.mode !== 'off',
  evaluate: evaluateNaming,
  exemption: namingPullThroughCacheExemption,
});
