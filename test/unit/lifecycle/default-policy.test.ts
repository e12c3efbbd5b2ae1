/**
 * The default standard's lifecycle policy does what its descriptions say: images tagged
 * prod* or latest* are kept, untagged ones expire a day after push, and only the 10 most
 * recent of the others are kept.
 */
import { describe, expect, it } from 'vitest';
import { evaluateLifecyclePolicy, type LifecycleImage } from '#lib/lifecycle/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '#lib/standard/index.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const HOUR = 3_600_000;

function image(name: string, tags: string[], hoursAgo: number): LifecycleImage {
  return {
    imageDigest: `sha256:${name}`,
    imageTags: tags,
    imagePushedAt: new Date(NOW.getTime() - hoursAgo * HOUR),
    sizeBytes: 1,
    imageStatus: 'ACTIVE',
  };
}

describe('Policy: DEFAULT_LIFECYCLE_POLICY', () => {
  it('keeps an image tagged only prod*, and one tagged only latest*, however old', () => {
    // Prepare: 12 newer builds push both far beyond the 10 most recent.
    const builds = Array.from({ length: 12 }, (_, i) => image(`b${i}`, [`build-${i}`], i + 1));
    const images = [
      image('prod', ['prod-2024'], 5000),
      image('latest', ['latest'], 6000),
      ...builds,
    ];

    // Act
    const decisions = evaluateLifecyclePolicy(DEFAULT_LIFECYCLE_POLICY, images, NOW);

    // Assess
    const of = (digest: string) => decisions.find((d) => d.imageDigest === digest);
    expect(of('sha256:prod')).toEqual({
      imageDigest: 'sha256:prod',
      action: 'keep',
      rulePriority: 1,
    });
    expect(of('sha256:latest')).toEqual({
      imageDigest: 'sha256:latest',
      action: 'keep',
      rulePriority: 2,
    });
    expect(decisions.filter((d) => d.action === 'expire').map((d) => d.imageDigest)).toEqual([
      'sha256:b10',
      'sha256:b11',
    ]);
  });

  it('counts the claimed images among the 10 most recent the any rule keeps', () => {
    // Prepare: a fresh prod and latest image, then 12 builds.
    const builds = Array.from({ length: 12 }, (_, i) => image(`b${i}`, [`build-${i}`], i + 1));
    const images = [image('prod', ['prod-7'], 0.5), image('latest', ['latest'], 0.7), ...builds];

    // Act
    const decisions = evaluateLifecyclePolicy(DEFAULT_LIFECYCLE_POLICY, images, NOW);

    // Assess: 8 builds kept, the 4 oldest expired.
    expect(decisions.filter((d) => d.action === 'expire').map((d) => d.imageDigest)).toEqual([
      'sha256:b8',
      'sha256:b9',
      'sha256:b10',
      'sha256:b11',
    ]);
  });

  it('expires an untagged image a day after push, not before', () => {
    // Prepare
    const images = [image('old', [], 25), image('new', [], 23)];

    // Act
    const decisions = evaluateLifecyclePolicy(DEFAULT_LIFECYCLE_POLICY, images, NOW);

    // Assess
    expect(decisions.map((d) => [d.imageDigest, d.action, d.rulePriority])).toEqual([
      ['sha256:old', 'expire', 3],
      ['sha256:new', 'keep', 3],
    ]);
  });

  it('expires builds-1 to build-4 of 14 builds pushed in order', () => {
    // Prepare
    const images = Array.from({ length: 14 }, (_, i) =>
      image(`build-${i + 1}`, [`build-${i + 1}`], 14 - i),
    );

    // Act
    const decisions = evaluateLifecyclePolicy(DEFAULT_LIFECYCLE_POLICY, images, NOW);

    // Assess
    expect(decisions.filter((d) => d.action === 'expire').map((d) => d.imageDigest)).toEqual(
      ['build-1', 'build-2', 'build-3', 'build-4'].map((n) => `sha256:${n}`),
    );
  });
});
