import type { ControlEvaluation, RepositoryState } from '../control.ts';
import type { NamingConfig } from './config.ts';
import { readName } from './name-pattern.ts';

/**
 * A repository is named by convention (`naming.pattern`, under an allowed namespace). ECR
 * cannot rename a repository: a violation says which name to create and migrate to.
 *
 * @example
 * ```ts
 * evaluateNaming({ ...state, repository: { ...repository, repositoryName: 'stuff' } }, config);
 * // → { compliant: false, reason: '"stuff" does not follow naming.pattern …; create stuff-<app>-<component> …' }
 * ```
 */
export function evaluateNaming(
  state: RepositoryState,
  config: NamingConfig,
): ControlEvaluation<never> {
  const reading = readName(state.repository.repositoryName, config);
  if (reading.follows) return { compliant: true };
  return {
    compliant: false,
    reason: `${reading.problem}; a repository cannot be renamed: create ${reading.suggestion} (fill in any <placeholder>), push the images there and retire this one`,
  };
}
