import { describe, expect, it } from 'vitest';
import {
  NamingConfigSchema,
  naming,
  namingPullThroughCacheExemption,
  namingSection,
  readName,
} from '#lib/controls/index.ts';
import { parseStandard, StandardValidationError } from '#lib/standard/index.ts';
import { compliantState, controlState, standardWith } from '../../support/repository-state.ts';

function stateNamed(repositoryName: string): ReturnType<typeof controlState> {
  return controlState(compliantState({ repositoryName }));
}

describe('Control: naming', () => {
  describe('Method: evaluate', () => {
    it.each([['payments-checkout-api'], ['data-etl-nightly'], ['a1-b2-c3']])(
      'accepts %s under {team}-{app}-{component}',
      (name) => {
        // Act
        const result = naming.evaluate(stateNamed(name), standardWith().naming);

        // Assess
        expect(result).toEqual({ compliant: true });
      },
    );

    it('reports a name that does not follow the pattern, and names the repository to migrate to', () => {
      // Act
      const result = naming.evaluate(stateNamed('stuff'), standardWith().naming);

      // Assess: report only, never a write.
      expect(result).toEqual({
        compliant: false,
        reason:
          '"stuff" does not follow naming.pattern {team}-{app}-{component} (each {placeholder} one segment of lowercase letters and digits); a repository cannot be renamed: create stuff-<app>-<component> (fill in any <placeholder>), push the images there and retire this one',
      });
    });

    it.each([
      ['payments-checkout', 'payments-checkout-<component>'],
      ['payments_checkout_api', 'payments-checkout-api'],
      ['pay-check-out-api', 'pay-check-outapi'],
    ])('suggests for %s a name made of its own words: %s', (name, suggestion) => {
      // Act
      const result = naming.evaluate(stateNamed(name), standardWith().naming);

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        reason: expect.stringContaining(`create ${suggestion} `),
      });
    });

    it('refuses a namespace naming.namespaces does not allow, by default any', () => {
      // Act
      const result = naming.evaluate(stateNamed('legacy/data-etl-batch'), standardWith().naming);

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        reason: expect.stringContaining(
          'namespace "legacy/" is not one naming.namespaces allows (none is allowed); a repository cannot be renamed: create data-etl-batch',
        ),
      });
    });

    it('accepts a namespace naming.namespaces allows, by wildcard too', () => {
      // Prepare
      const config = { ...standardWith().naming, namespaces: ['platform', 'team-*'] };

      // Act
      const results = ['platform/web-shop-api', 'team-a/web-shop-api', 'team-a/b/web-shop-api'].map(
        (name) => naming.evaluate(stateNamed(name), config),
      );

      // Assess
      expect(results).toEqual([{ compliant: true }, { compliant: true }, { compliant: true }]);
    });

    it('follows a pattern of its own, with / as a literal', () => {
      // Prepare
      const config = { ...standardWith().naming, pattern: '{team}/{app}' };

      // Act
      const good = naming.evaluate(stateNamed('payments/api'), config);
      const bad = naming.evaluate(stateNamed('payments-api'), config);

      // Assess
      expect(good).toEqual({ compliant: true });
      expect(bad).toMatchObject({
        compliant: false,
        reason: expect.stringContaining('create payments/api '),
      });
    });

    it('is off with mode: off', () => {
      expect(naming.enabled?.({ ...standardWith().naming, mode: 'off' })).toBe(false);
      expect(naming.enabled?.(standardWith().naming)).toBe(true);
    });
  });

  describe('Section: owner', () => {
    it('tells the owning team by the {team} segment of a conforming name', () => {
      expect(namingSection.owner?.('payments-checkout-api', standardWith().naming)).toBe(
        'payments',
      );
      expect(readName('payments-checkout-api', standardWith().naming)).toEqual({
        follows: true,
        segments: { team: 'payments', app: 'checkout', component: 'api' },
      });
    });

    it('tells no team for a name that does not conform, nor with mode off, nor without {team}', () => {
      const config = standardWith().naming;
      expect(namingSection.owner?.('stuff', config)).toBeUndefined();
      expect(
        namingSection.owner?.('payments-checkout-api', { ...config, mode: 'off' }),
      ).toBeUndefined();
      expect(
        namingSection.owner?.('payments-checkout-api', { ...config, pattern: '{app}-{x}-{y}' }),
      ).toBeUndefined();
    });
  });

  describe('Exemption: pull-through cache', () => {
    it('exempts a repository under a pull-through cache rule’s prefix when exemptPullThroughCache is on', () => {
      // Act
      const reason = namingPullThroughCacheExemption.exempt('docker-hub/library/nginx', {
        pullThroughCachePrefixes: ['docker-hub'],
      });

      // Assess
      expect(reason).toContain('pull-through cache repository (rule prefix docker-hub/)');
      expect(namingPullThroughCacheExemption.active(standardWith().naming)).toBe(true);
      expect(
        namingPullThroughCacheExemption.active({
          ...standardWith().naming,
          exemptPullThroughCache: false,
        }),
      ).toBe(false);
    });
  });

  describe('Schema: the naming section', () => {
    it.each([
      [{ pattern: 'repo' }, 'naming.pattern', 'needs at least one {placeholder}'],
      [{ pattern: '{team}{app}' }, 'naming.pattern', 'separated by a literal character'],
      [{ pattern: '{team}-{team}' }, 'naming.pattern', '{team} appears twice'],
      [{ pattern: '{Team}-x' }, 'naming.pattern', 'must be {placeholder}s'],
      [{ namespaces: ['Bad NS'] }, 'naming.namespaces[0]', 'must be a name prefix'],
      [{ mode: 'enforce' }, 'naming.mode', ''],
    ])('refuses %j at %s', (section, path, message) => {
      // Act
      let error: unknown;
      try {
        parseStandard({ naming: section });
      } catch (caught) {
        error = caught;
      }

      // Assess
      expect(error).toBeInstanceOf(StandardValidationError);
      expect((error as StandardValidationError).issues).toEqual([
        expect.objectContaining({ path, message: expect.stringContaining(message) }),
      ]);
    });

    it('defaults every field', () => {
      expect(NamingConfigSchema.parse({})).toEqual({
        mode: 'report',
        pattern: '{team}-{app}-{component}',
        namespaces: [],
        exemptPullThroughCache: true,
      });
    });
  });
});
