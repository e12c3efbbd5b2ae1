import { describe, expect, it } from 'vitest';
import {
  BASE_SCOPE,
  effectiveStandard,
  parseStandard,
  parseStandardYaml,
  StandardValidationError,
  scopesNeedTags,
  standardWarnings,
} from '#lib/standard/index.ts';

/** The scoped standard of the issue: production fully immutable, a sandbox keeping five images. */
const SCOPED = `
scopes:
  - name: production
    match:
      repositories: ['*-prod-*', 'prod/*']
      tags: { env: prod }
    immutability: { mode: IMMUTABLE }
  - name: sandbox
    match: { repositories: ['sandbox-*'] }
    lifecycle:
      mode: enforce
      policy:
        rules:
          - rulePriority: 1
            description: Keep five images
            selection: { tagStatus: any, countType: imageCountMoreThan, countNumber: 5 }
            action: { type: expire }
`;

function issuesOf(raw: unknown): { path: string; message: string }[] {
  try {
    parseStandard(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(StandardValidationError);
    return (error as StandardValidationError).issues;
  }
  throw new Error('expected the standard to be refused');
}

describe('Standard: scopes', () => {
  describe('Function: parseStandard', () => {
    it('merges a scope’s sections over the base, field by field', () => {
      // Act
      const standard = parseStandardYaml(SCOPED, 'ecr-guard.yml');

      // Assess
      const [production, sandbox] = standard.scopes;
      expect(production?.overrides).toEqual(['immutability']);
      expect(production?.sections.immutability).toEqual({
        mode: 'IMMUTABLE',
        exclusions: ['latest'],
        exemptPullThroughCache: true,
      });
      expect(production?.sections.lifecycle).toEqual(standard.lifecycle);
      expect(sandbox?.sections.lifecycle.mode).toBe('enforce');
      expect(sandbox?.sections.lifecycle.policy.rules).toHaveLength(1);
      expect(sandbox?.sections.immutability).toEqual(standard.immutability);
    });

    it('validates a scope’s lifecycle policy with ECR’s rules, naming the scope’s path', () => {
      // Act
      const issues = issuesOf({
        scopes: [
          { name: 'a', match: { repositories: ['a-*'] } },
          {
            name: 'b',
            lifecycle: {
              policy: {
                rules: [
                  {
                    rulePriority: 1,
                    selection: {
                      tagStatus: 'tagged',
                      countType: 'imageCountMoreThan',
                      countNumber: 1,
                    },
                    action: { type: 'expire' },
                  },
                ],
              },
            },
          },
        ],
      });

      // Assess
      expect(issues).toEqual([
        expect.objectContaining({
          path: expect.stringMatching(/^scopes\[1\]\.lifecycle\.policy\.rules\[0\]/),
        }),
      ]);
    });

    it('checks the merged section: an exclusion list the base allows can break a scope’s mode', () => {
      // Act
      const issues = issuesOf({
        immutability: { mode: 'IMMUTABLE', exclusions: [] },
        scopes: [{ name: 'loose', immutability: { mode: 'IMMUTABLE_WITH_EXCLUSION' } }],
      });

      // Assess
      expect(issues).toEqual([
        {
          path: 'scopes[0].immutability.exclusions',
          message: '1–5 filters required with mode IMMUTABLE_WITH_EXCLUSION (found 0)',
        },
      ]);
    });

    it('names a typo in a scope’s section, and suggests the key', () => {
      // Act
      const issues = issuesOf({ scopes: [{ name: 'x', immutability: { mdoe: 'IMMUTABLE' } }] });

      // Assess
      expect(issues).toEqual([
        { path: 'scopes[0].immutability.mdoe', message: 'unknown key (did you mean mode?)' },
      ]);
    });

    it.each([
      [{ scopes: [{ name: BASE_SCOPE }] }, 'scopes[0].name'],
      [{ scopes: [{ name: 'Prod' }] }, 'scopes[0].name'],
      [{ scopes: [{ name: 'p', match: { repositories: [] } }] }, 'scopes[0].match.repositories'],
      [{ scopes: [{ name: 'p', alerts: {} }] }, 'scopes[0].alerts'],
    ])('refuses %j at %s', (raw, path) => {
      // Act
      const issues = issuesOf(raw);

      // Assess
      expect(issues.map((i) => i.path)).toContain(path);
    });
  });

  describe('Function: effectiveStandard', () => {
    const standard = parseStandardYaml(SCOPED);

    it.each([
      ['shop-prod-api', { env: 'prod' }, 'production', 'IMMUTABLE'],
      ['prod/payments', { env: 'prod' }, 'production', 'IMMUTABLE'],
      // Both criteria are needed when both are given.
      ['shop-prod-api', { env: 'dev' }, BASE_SCOPE, 'IMMUTABLE_WITH_EXCLUSION'],
      ['shop-dev-api', { env: 'prod' }, BASE_SCOPE, 'IMMUTABLE_WITH_EXCLUSION'],
      ['sandbox-tools', {}, 'sandbox', 'IMMUTABLE_WITH_EXCLUSION'],
    ])('applies to %s tagged %j the scope %s', (name, tags, scope, mode) => {
      // Act
      const effective = effectiveStandard(standard, name, tags);

      // Assess
      expect(effective.scope).toBe(scope);
      expect(effective.sections.immutability.mode).toBe(mode);
    });

    it('takes the first scope that matches', () => {
      // Prepare
      const overlapping = parseStandard({
        scopes: [
          {
            name: 'first',
            match: { repositories: ['team-*'] },
            scanning: { manageRegistry: true },
          },
          { name: 'second', match: { repositories: ['team-a-*'] } },
        ],
      });

      // Act & Assess
      expect(effectiveStandard(overlapping, 'team-a-api').scope).toBe('first');
    });

    it('says when choosing a scope needs the tags', () => {
      expect(scopesNeedTags(standard)).toBe(true);
      expect(
        scopesNeedTags(parseStandard({ scopes: [{ name: 'x', match: { repositories: ['x*'] } }] })),
      ).toBe(false);
    });
  });

  describe('Function: standardWarnings', () => {
    it.each([
      [[{ name: 'all' }, { name: 'later', match: { repositories: ['a-*'] } }], 1],
      [
        [
          { name: 'team', match: { repositories: ['team-*'] } },
          { name: 'one', match: { repositories: ['team-a-*', 'team-b'] } },
        ],
        1,
      ],
      // An earlier scope with tag criteria does not shadow.
      [[{ name: 'tagged', match: { tags: { env: 'prod' } } }, { name: 'later' }], 0],
      [
        [
          { name: 'a', match: { repositories: ['a-*'] } },
          { name: 'b', match: { repositories: ['b-*'] } },
        ],
        0,
      ],
    ])('warns about a scope that can never match (%j)', (scopes, count) => {
      // Act
      const warnings = standardWarnings(parseStandard({ scopes }));

      // Assess
      expect(warnings).toHaveLength(count);
      if (count > 0)
        expect(warnings[0]).toMatch(/^scopes\[1\] \(.+\): can never match, scopes\[0\]/);
    });
  });
});
