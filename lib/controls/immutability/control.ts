import { defineRepositoryControl } from '../control.ts';
import { evaluateImmutability } from './evaluate.ts';
import { pullThroughCacheExemption } from './pull-through-cache.ts';
import { putImageTagMutability } from './put-image-tag-mutability.ts';
import { immutabilitySection } from './section.ts';

/**
 * Image tags are immutable, except for the exclusions the standard allows
 * (AWS Foundational Security Best Practices ECR.2).
 *
 * @example
 * ```ts
 * immutability.evaluate(state, standard.immutability);
 * ```
 */
export const immutability = defineRepositoryControl({
  name: 'immutability',
  level: 'repository',
  description: {
    compliantWhen:
      'tags are `IMMUTABLE`, or `IMMUTABLE_WITH_EXCLUSION` with only allowed exclusion filters',
    remediation: '`PutImageTagMutability` to the standard (default: immutable except `latest`)',
  },
  section: immutabilitySection,
  reads: [],
  remediations: { 'ecr:PutImageTagMutability': putImageTagMutability },
  evaluate: evaluateImmutability,
  exemption: pullThroughCacheExemption,
});
