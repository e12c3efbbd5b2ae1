import { defineRepositoryControl } from '../control.ts';
import { lifecyclePolicyFact } from '../facts/lifecycle-policy.ts';
import { evaluateLifecycle } from './evaluate.ts';
import { lifecycleGuard } from './guard.ts';
import { putLifecyclePolicy } from './put-lifecycle-policy.ts';
import { lifecycleSection } from './section.ts';

/**
 * Every repository has a lifecycle policy (AWS Foundational Security Best Practices ECR.3),
 * and none is attached that would expire an image in use (its guard).
 *
 * @example
 * ```ts
 * lifecycle.evaluate(state, standard.lifecycle);
 * ```
 */
export const lifecycle = defineRepositoryControl({
  name: 'lifecycle',
  level: 'repository',
  description: {
    compliantWhen:
      'a lifecycle policy exists (`add-if-missing`, default), or equals the standard (`enforce`)',
    remediation:
      '`PutLifecyclePolicy` with the standard policy, unless it would expire an image in use (`protectInUse`)',
  },
  section: lifecycleSection,
  reads: [lifecyclePolicyFact],
  remediations: { 'ecr:PutLifecyclePolicy': putLifecyclePolicy },
  evaluate: evaluateLifecycle,
  guard: lifecycleGuard,
});
