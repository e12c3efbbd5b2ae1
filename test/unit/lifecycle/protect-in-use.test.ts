import { describe, expect, it } from 'vitest';
import {
  describeInUseVerdict,
  ImagesInUse,
  type LifecycleImage,
  protectInUse,
} from '#lib/lifecycle/index.ts';

const A: LifecycleImage = {
  imageDigest: 'sha256:aaaa',
  imageTags: ['build-1'],
  imagePushedAt: new Date('2026-01-01T00:00:00Z'),
  sizeBytes: 10,
  imageStatus: 'ACTIVE',
};
const B: LifecycleImage = { ...A, imageDigest: 'sha256:bbbb', imageTags: ['build-2'] };
const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/prod/payments';

describe('Function: protectInUse', () => {
  it('is safe when nothing would be expired, without needing to know what is in use', () => {
    // Act
    const verdict = protectInUse({
      repositoryName: 'api',
      images: [A],
      decisions: [{ imageDigest: A.imageDigest, action: 'keep' }],
      inUse: { unknown: 'AccessDenied' },
    });

    // Assess
    expect(verdict).toEqual({ safe: true });
  });

  it('names an image in use by tag that a rule would expire, and what uses it', () => {
    // Prepare
    const inUse = new ImagesInUse([
      { kind: 'ecs-service', name: SERVICE, image: { repositoryName: 'api', tag: 'build-2' } },
    ]);

    // Act
    const verdict = protectInUse({
      repositoryName: 'api',
      images: [A, B],
      decisions: [
        { imageDigest: A.imageDigest, action: 'expire', rulePriority: 4 },
        { imageDigest: B.imageDigest, action: 'expire', rulePriority: 4 },
      ],
      inUse: { known: inUse },
    });

    // Assess
    expect(verdict).toEqual({
      safe: false,
      hits: [
        {
          imageDigest: 'sha256:bbbb',
          imageTags: ['build-2'],
          action: 'expire',
          rulePriority: 4,
          uses: [
            {
              kind: 'ecs-service',
              name: SERVICE,
              image: { repositoryName: 'api', tag: 'build-2' },
            },
          ],
        },
      ],
    });
    if (!verdict.safe) expect(describeInUseVerdict(verdict)).toContain(`build-2`);
  });

  it('counts an archive transition of an image in use by digest (archived images cannot be pulled)', () => {
    // Prepare
    const inUse = new ImagesInUse([
      { kind: 'ecs-task', name: 'task/1', image: { repositoryName: 'api', digest: 'sha256:aaaa' } },
    ]);

    // Act
    const verdict = protectInUse({
      repositoryName: 'api',
      images: [A],
      decisions: [{ imageDigest: A.imageDigest, action: 'transition', rulePriority: 1 }],
      inUse: { known: inUse },
    });

    // Assess
    expect(verdict.safe).toBe(false);
  });

  it('ignores a use of another repository with the same tag', () => {
    // Prepare
    const inUse = new ImagesInUse([
      { kind: 'lambda', name: 'fn', image: { repositoryName: 'other', tag: 'build-1' } },
    ]);

    // Act
    const verdict = protectInUse({
      repositoryName: 'api',
      images: [A],
      decisions: [{ imageDigest: A.imageDigest, action: 'expire', rulePriority: 1 }],
      inUse: { known: inUse },
    });

    // Assess
    expect(verdict).toEqual({ safe: true });
  });

  it('is not safe when something would expire and the images in use are unknown', () => {
    // Act
    const verdict = protectInUse({
      repositoryName: 'api',
      images: [A],
      decisions: [{ imageDigest: A.imageDigest, action: 'expire', rulePriority: 1 }],
      inUse: { unknown: 'ecs:ListClusters denied' },
    });

    // Assess
    expect(verdict).toEqual({ safe: false, unknown: 'ecs:ListClusters denied', atRisk: 1 });
  });
});
