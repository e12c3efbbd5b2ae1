import { describe, expect, it } from 'vitest';
import { lifecycle } from '#lib/controls/index.ts';
import { canonicalLifecyclePolicyText } from '#lib/standard/index.ts';
import { compliantState, controlState, standardWith } from '../../support/repository-state.ts';

const TEAM_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'team policy',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 },
      action: { type: 'expire' },
    },
  ],
});

describe('Control: lifecycle', () => {
  describe('Method: evaluate', () => {
    it('adds the standard policy to a repository without one', () => {
      // Prepare
      const standard = standardWith();
      const state = compliantState({ lifecyclePolicyText: undefined });

      // Act
      const result = lifecycle.evaluate(controlState(state), standard.lifecycle);

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason: 'the repository has no lifecycle policy',
        remediation: {
          action: 'ecr:PutLifecyclePolicy',
          repositoryName: 'payments-checkout-api',
          lifecyclePolicyText: canonicalLifecyclePolicyText(standard.lifecycle.policy),
        },
      });
    });

    it('leaves a team lifecycle policy alone in add-if-missing mode', () => {
      // Act
      const result = lifecycle.evaluate(
        controlState(compliantState({ lifecyclePolicyText: TEAM_POLICY })),
        standardWith().lifecycle,
      );

      // Assess
      expect(result).toEqual({ compliant: true });
    });

    it('replaces a team lifecycle policy in enforce mode', () => {
      // Prepare
      const defaults = standardWith();
      const standard = standardWith({ lifecycle: { ...defaults.lifecycle, mode: 'enforce' } });

      // Act
      const result = lifecycle.evaluate(
        controlState(compliantState({ lifecyclePolicyText: TEAM_POLICY })),
        standard.lifecycle,
      );

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        reason: 'the lifecycle policy differs from the standard policy (mode enforce)',
        remediation: { action: 'ecr:PutLifecyclePolicy' },
      });
    });

    it('accepts the standard policy in enforce mode however ECR formatted it', () => {
      // Prepare
      const defaults = standardWith();
      const standard = standardWith({ lifecycle: { ...defaults.lifecycle, mode: 'enforce' } });
      const reformatted = JSON.stringify(standard.lifecycle.policy, null, 4);

      // Act
      const result = lifecycle.evaluate(
        controlState(compliantState({ lifecyclePolicyText: reformatted })),
        standard.lifecycle,
      );

      // Assess
      expect(result).toEqual({ compliant: true });
    });
  });
});
