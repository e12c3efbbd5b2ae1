import { describe, expect, it } from 'vitest';
import { controlActions, immutability } from '#lib/controls/index.ts';
import { compliantState, controlState, standardWith } from '../../support/repository-state.ts';

describe('Control: immutability', () => {
  describe('Method: evaluate', () => {
    it.each([
      ['IMMUTABLE', []],
      ['IMMUTABLE_WITH_EXCLUSION', ['latest']],
    ])('accepts %s with exclusions %j under the default standard', (mutability, filters) => {
      // Prepare
      const state = compliantState({ imageTagMutability: mutability, exclusionFilters: filters });

      // Act
      const result = immutability.evaluate(controlState(state), standardWith().immutability);

      // Assess
      expect(result).toEqual({ compliant: true });
    });

    it('asks for the standard mutability and exclusions on a MUTABLE repository', () => {
      // Prepare
      const state = compliantState({ imageTagMutability: 'MUTABLE', exclusionFilters: [] });

      // Act
      const result = immutability.evaluate(controlState(state), standardWith().immutability);

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason: 'image tags are MUTABLE: a pushed tag can be overwritten',
        remediation: {
          action: 'ecr:PutImageTagMutability',
          repositoryName: 'payments-checkout-api',
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          exclusionFilters: ['latest'],
        },
      });
    });

    it('refuses exclusion filters beyond the allowed ones', () => {
      // Prepare
      const state = compliantState({ exclusionFilters: ['latest', 'dev-*'] });

      // Act
      const result = immutability.evaluate(controlState(state), standardWith().immutability);

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        reason: 'tag exclusions latest, dev-* go beyond the allowed ones (latest)',
      });
    });

    it('accepts a narrower filter that an allowed wildcard covers', () => {
      // Prepare
      const standard = standardWith({
        immutability: {
          ...standardWith().immutability,
          mode: 'IMMUTABLE_WITH_EXCLUSION',
          exclusions: ['release-*'],
        },
      });
      const state = compliantState({ exclusionFilters: ['release-1*'] });

      // Act
      const result = immutability.evaluate(controlState(state), standard.immutability);

      // Assess
      expect(result).toEqual({ compliant: true });
    });

    it('requires full immutability, without filters, when the standard says IMMUTABLE', () => {
      // Prepare
      const standard = standardWith({
        immutability: { ...standardWith().immutability, mode: 'IMMUTABLE', exclusions: [] },
      });

      // Act
      const result = immutability.evaluate(controlState(compliantState()), standard.immutability);

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        remediation: { imageTagMutability: 'IMMUTABLE', exclusionFilters: [] },
      });
    });
  });

  it('declares the IAM actions it reads and writes with', () => {
    // The repository itself is the engine's read; the rules are its exemption hook's.
    expect(controlActions(immutability)).toEqual({
      reads: ['ecr:DescribePullThroughCacheRules'],
      writes: ['ecr:PutImageTagMutability'],
    });
  });
});
