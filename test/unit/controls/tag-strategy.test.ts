import { describe, expect, it } from 'vitest';
import {
  evaluateTagStrategy,
  isAllowedTag,
  type TagStrategyConfig,
  tagStrategy,
} from '#lib/controls/index.ts';
import type { LifecycleImage } from '#lib/lifecycle/index.ts';
import { parseStandard, StandardValidationError } from '#lib/standard/index.ts';
import { compliantState, controlState, standardWith } from '../../support/repository-state.ts';

function image(n: number, tags: string[]): LifecycleImage {
  return {
    imageDigest: `sha256:${String(n).padStart(64, '0')}`,
    imageTags: tags,
    imagePushedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000),
    sizeBytes: 1000,
    imageStatus: 'ACTIVE',
  };
}

/** The images as DescribeImages lists them: in no particular order (here, reversed pairs). */
function state(images: LifecycleImage[]): Parameters<typeof evaluateTagStrategy>[0] {
  const unordered = images.flatMap((_, i) =>
    i % 2 === 0 ? [images[i + 1], images[i]].filter((x) => x !== undefined) : [],
  );
  return { ...controlState(compliantState()), images: unordered };
}

function config(overrides: Partial<TagStrategyConfig> = {}): TagStrategyConfig {
  return { ...standardWith().tagStrategy, ...overrides };
}

describe('Control: tag-strategy', () => {
  describe('Function: isAllowedTag', () => {
    it.each([
      ['v1.2.3', 'semver', true],
      ['1.2.3-rc.1+build.5', 'semver', true],
      ['v1.2', 'semver', false],
      ['3f2a9c1', 'git-sha', true],
      ['3f2a9c1d0e4b5a6978c3d2e1f0a9b8c7d6e5f4a3', 'git-sha', true],
      ['3f2a9c', 'git-sha', false],
      ['3F2A9C1', 'git-sha', false],
      ['2024-01-15', 'date', true],
      ['2024-13-01', 'date', false],
      ['prod', 'prod', true],
      ['production', 'prod', false],
      ['release-7', 'release-*', true],
    ])('%s with %s: %s', (tag, allowed, expected) => {
      expect(isAllowedTag(tag, [allowed])).toBe(expected);
    });
  });

  describe('Method: evaluate', () => {
    it('accepts images that each carry one allowed tag, whatever their other tags', () => {
      // Act
      const result = evaluateTagStrategy(
        state([
          image(1, ['v1.0.0', 'x7k2q']),
          image(2, ['latest']),
          image(3, ['staging', 'abc1234']),
        ]),
        config(),
      );

      // Assess
      expect(result).toEqual({ compliant: true });
    });

    it('accepts a repository without tagged images', () => {
      expect(evaluateTagStrategy(state([]), config())).toEqual({ compliant: true });
    });

    it('lists the images of the sample that carry no allowed tag (report only)', () => {
      // Act
      const result = evaluateTagStrategy(
        state([image(1, ['x7k2q']), image(2, ['v2.0.0']), image(3, ['wip', 'zz'])]),
        config(),
      );

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason: `2 of the 3 newest images carry no allowed tag (tagStrategy.allowed: semver, git-sha, date, prod, staging, latest): sha256:000000000000… (wip, zz), sha256:000000000000… (x7k2q)`,
      });
    });

    it('judges only the newest sampleImages, and counts those beyond five', () => {
      // Prepare: 30 images, the 8 newest with random tags, older ones fine.
      const images = Array.from({ length: 30 }, (_, i) =>
        image(i, i >= 22 ? [`r${i}x`] : ['v1.0.0']),
      );

      // Act
      const sampled = evaluateTagStrategy(state(images), config({ sampleImages: 5 }));
      const wider = evaluateTagStrategy(state(images), config());

      // Assess
      expect(sampled).toMatchObject({
        reason: expect.stringMatching(/^5 of the 5 newest images carry/),
      });
      expect(wider).toMatchObject({
        reason: expect.stringMatching(/^8 of the 20 newest images .* and 3 more$/),
      });
    });

    it('leaves untagged images out of the sample: the newest tagged ones are judged', () => {
      // Prepare: the two newest images are untagged, the next one carries a random tag.
      const images = [image(1, ['v1.0.0']), image(2, ['x7k2q']), image(3, []), image(4, [])];

      // Act
      const result = evaluateTagStrategy(state(images), config({ sampleImages: 1 }));

      // Assess
      expect(result).toMatchObject({
        reason: expect.stringMatching(
          /^1 of the 1 newest images carries no allowed tag .*\(x7k2q\)$/,
        ),
      });
    });

    it('reads the images the lifecycle guard reads (one fact, read once), and is off with mode: off', () => {
      expect(tagStrategy.reads.map((f) => [f.name, f.actions])).toEqual([
        ['images', ['ecr:DescribeImages']],
      ]);
      expect(tagStrategy.enabled?.(config({ mode: 'off' }))).toBe(false);
    });
  });

  describe('Schema: the tagStrategy section', () => {
    it.each([
      [{ sampleImages: 0 }, 'tagStrategy.sampleImages'],
      [{ sampleImages: 1001 }, 'tagStrategy.sampleImages'],
      [{ allowed: [] }, 'tagStrategy.allowed'],
      [{ allowed: ['semver', 'has space'] }, 'tagStrategy.allowed[1]'],
    ])('refuses %j at %s', (section, path) => {
      // Act
      let error: unknown;
      try {
        parseStandard({ tagStrategy: section });
      } catch (caught) {
        error = caught;
      }

      // Assess
      expect(error).toBeInstanceOf(StandardValidationError);
      expect((error as StandardValidationError).issues.map((i) => i.path)).toEqual([path]);
    });
  });
});
