/**
 * Properties of the evaluator that hold for any policy and any repository (fast-check):
 * one decision per image, independent of the listing order, and `imageCountMoreThan N`
 * never leaves more than N of the images it selects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateLifecyclePolicy, type LifecycleImage, ruleSelects } from '#lib/lifecycle/index.ts';
import type { LifecyclePolicy, LifecycleRule } from '#lib/standard/index.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const TAG_WORDS = ['prod', 'latest', 'beta', 'build', 'v1'];

const tagArb = fc
  .tuple(fc.constantFrom(...TAG_WORDS), fc.integer({ min: 0, max: 5 }))
  .map(([word, n]) => `${word}-${n}`);

const imageArb = (index: number): fc.Arbitrary<LifecycleImage> =>
  fc
    .record({
      tags: fc.uniqueArray(tagArb, { maxLength: 3 }),
      pushedDaysAgo: fc.integer({ min: 0, max: 400 }),
      pulledDaysAgo: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
      archived: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    })
    .map(({ tags, pushedDaysAgo, pulledDaysAgo, archived }) => ({
      imageDigest: `sha256:${index.toString(16).padStart(4, '0')}`,
      imageTags: tags,
      imagePushedAt: new Date(NOW.getTime() - pushedDaysAgo * DAY),
      sizeBytes: 1000 + index,
      imageStatus: archived === undefined ? ('ACTIVE' as const) : ('ARCHIVED' as const),
      ...(pulledDaysAgo === undefined
        ? {}
        : { lastRecordedPullTime: new Date(NOW.getTime() - pulledDaysAgo * DAY) }),
      ...(archived === undefined
        ? {}
        : { lastArchivedAt: new Date(NOW.getTime() - archived * DAY) }),
    }));

const imagesArb = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => imageArb(i))));

const selectionArb = fc.oneof(
  fc.constant({ tagStatus: 'any' as const }),
  fc.constant({ tagStatus: 'untagged' as const }),
  fc
    .uniqueArray(fc.constantFrom(...TAG_WORDS), { minLength: 1, maxLength: 2 })
    .map((prefixes) => ({ tagStatus: 'tagged' as const, tagPrefixList: prefixes })),
  fc
    .uniqueArray(fc.constantFrom(...TAG_WORDS.map((w) => `${w}*`), '*-1', 'b*d*'), {
      minLength: 1,
      maxLength: 2,
    })
    .map((patterns) => ({ tagStatus: 'tagged' as const, tagPatternList: patterns })),
);

const ruleArb = (priority: number): fc.Arbitrary<LifecycleRule> =>
  fc.oneof(
    fc
      .tuple(selectionArb, fc.integer({ min: 1, max: 8 }), fc.constantFrom('expire', 'transition'))
      .map(([selection, countNumber, type]) => ({
        rulePriority: priority,
        selection: { ...selection, countType: 'imageCountMoreThan' as const, countNumber },
        action:
          type === 'expire'
            ? { type: 'expire' as const }
            : { type: 'transition' as const, targetStorageClass: 'archive' as const },
      })),
    fc.tuple(selectionArb, fc.integer({ min: 1, max: 200 })).map(([selection, countNumber]) => ({
      rulePriority: priority,
      selection: {
        ...selection,
        countType: 'sinceImagePushed' as const,
        countUnit: 'days' as const,
        countNumber,
      },
      action: { type: 'expire' as const },
    })),
    fc.tuple(selectionArb, fc.integer({ min: 1, max: 200 })).map(([selection, countNumber]) => ({
      rulePriority: priority,
      selection: {
        ...selection,
        countType: 'sinceImagePulled' as const,
        countUnit: 'days' as const,
        countNumber,
      },
      action: { type: 'transition' as const, targetStorageClass: 'archive' as const },
    })),
    fc.tuple(selectionArb, fc.integer({ min: 90, max: 300 })).map(([selection, countNumber]) => ({
      rulePriority: priority,
      selection: {
        ...selection,
        storageClass: 'archive' as const,
        countType: 'sinceImageTransitioned' as const,
        countUnit: 'days' as const,
        countNumber,
      },
      action: { type: 'expire' as const },
    })),
  );

const policyArb: fc.Arbitrary<LifecyclePolicy> = fc
  .uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 })
  .chain((priorities) => fc.tuple(...priorities.map((p) => ruleArb(p))))
  .map((rules) => ({ rules }));

describe('Function: evaluateLifecyclePolicy › properties', () => {
  it('decides exactly once for every image: never both kept and expired', () => {
    fc.assert(
      fc.property(policyArb, imagesArb, (policy, images) => {
        // Act
        const decisions = evaluateLifecyclePolicy(policy, images, NOW);

        // Assess
        expect(decisions.map((d) => d.imageDigest)).toEqual(images.map((i) => i.imageDigest));
        for (const decision of decisions) {
          expect(['expire', 'transition', 'keep']).toContain(decision.action);
          if (decision.action !== 'keep') expect(decision.rulePriority).toBeDefined();
        }
      }),
    );
  });

  it('does not depend on the order the images are listed in', () => {
    fc.assert(
      fc.property(
        policyArb,
        imagesArb.chain((images) =>
          fc.tuple(fc.constant(images), fc.shuffledSubarray(images, { minLength: images.length })),
        ),
        (policy, [images, shuffled]) => {
          // Act
          const byDigest = (list: readonly LifecycleImage[]) =>
            Object.fromEntries(
              evaluateLifecyclePolicy(policy, list, NOW).map((d) => [d.imageDigest, d]),
            );

          // Assess
          expect(byDigest(shuffled)).toEqual(byDigest(images));
        },
      ),
    );
  });

  it('never leaves more than N of the images an imageCountMoreThan N rule selects', () => {
    fc.assert(
      fc.property(policyArb, imagesArb, (policy, images) => {
        // Act
        const decisions = evaluateLifecyclePolicy(policy, images, NOW);

        // Assess: the images a count rule selects and that no earlier rule claimed are either
        // acted on or among the N it keeps.
        const sorted = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
        sorted.forEach((rule, index) => {
          if (rule.selection.countType !== 'imageCountMoreThan') return;
          const earlier = sorted.slice(0, index);
          const own = images.filter(
            (image) => ruleSelects(rule, image) && !earlier.some((r) => ruleSelects(r, image)),
          );
          const left = own.filter(
            (image) =>
              decisions.find((d) => d.imageDigest === image.imageDigest)?.action === 'keep',
          );
          expect(left.length).toBeLessThanOrEqual(rule.selection.countNumber);
        });
      }),
    );
  });

  it('never acts on an image with a rule later than the first rule that selects it', () => {
    fc.assert(
      fc.property(policyArb, imagesArb, (policy, images) => {
        // Act
        const decisions = evaluateLifecyclePolicy(policy, images, NOW);

        // Assess
        const sorted = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
        for (const decision of decisions) {
          const image = images.find((i) => i.imageDigest === decision.imageDigest);
          if (image === undefined) continue;
          const first = sorted.find((rule) => ruleSelects(rule, image));
          expect(decision.rulePriority).toBe(first?.rulePriority);
        }
      }),
    );
  });
});
