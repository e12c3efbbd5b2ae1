/**
 * The examples of the ECR User Guide's "Examples of lifecycle policies in Amazon ECR" page,
 * as fixtures (test/fixtures/lifecycle/user-guide-examples.json, source and date inside),
 * run through the evaluator. Where the page documents the outcome, the fixture holds it;
 * where it only describes a policy, the fixture's repository is chosen to show it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateLifecyclePolicy, type LifecycleImage } from '#lib/lifecycle/index.ts';
import { LifecyclePolicySchema } from '#lib/standard/index.ts';

interface FixtureImage {
  name: string;
  tags: string[];
  pushedDaysAgo: number;
  pushedHoursLater?: number;
  pulledDaysAgo?: number;
  status?: 'ACTIVE' | 'ARCHIVED';
  archivedDaysAgo?: number;
}

interface Example {
  title: string;
  documented: boolean;
  images: FixtureImage[];
  policy: unknown;
  outcome: { expire: string[]; transition: string[] };
}

const FIXTURE = JSON.parse(
  readFileSync(
    new URL('../../fixtures/lifecycle/user-guide-examples.json', import.meta.url),
    'utf8',
  ),
) as { clock: string; examples: Example[] };
const NOW = new Date(FIXTURE.clock);
const DAY = 86_400_000;

function daysAgo(days: number, hoursLater = 0): Date {
  return new Date(NOW.getTime() - days * DAY + hoursLater * 3_600_000);
}

function toImage(image: FixtureImage): LifecycleImage {
  return {
    // The fixture's image names stand in for digests: the evaluator only compares them.
    imageDigest: `sha256:${image.name}`,
    imageTags: image.tags,
    imagePushedAt: daysAgo(image.pushedDaysAgo, image.pushedHoursLater),
    sizeBytes: 1_000_000,
    imageStatus: image.status ?? 'ACTIVE',
    ...(image.pulledDaysAgo === undefined
      ? {}
      : { lastRecordedPullTime: daysAgo(image.pulledDaysAgo) }),
    ...(image.archivedDaysAgo === undefined
      ? {}
      : { lastArchivedAt: daysAgo(image.archivedDaysAgo) }),
  };
}

describe('Function: evaluateLifecyclePolicy › the ECR User Guide examples', () => {
  it('covers every example of the page, six of them with the outcome the page documents', () => {
    // Assess
    expect(FIXTURE.examples).toHaveLength(12);
    expect(FIXTURE.examples.filter((e) => e.documented)).toHaveLength(6);
  });

  it.each(FIXTURE.examples.map((e) => [e.title, e]))('%s', (_title, example) => {
    // Prepare
    const policy = LifecyclePolicySchema.parse(example.policy);
    const images = example.images.map(toImage);

    // Act
    const decisions = evaluateLifecyclePolicy(policy, images, NOW);

    // Assess
    const named = (action: string): string[] =>
      decisions
        .filter((d) => d.action === action)
        .map((d) => d.imageDigest.replace('sha256:', ''))
        .sort();
    expect(named('expire')).toEqual([...example.outcome.expire].sort());
    expect(named('transition')).toEqual([...example.outcome.transition].sort());
  });
});
