/**
 * The lifecycle control's protection of images in use, through enforceRepository: a policy
 * that would expire an image in use is not written, unknown is not safe, and a compliant
 * repository pays nothing for it.
 */
import { describe, expect, it } from 'vitest';
import { toAwsCallError } from '#lib/aws/index.ts';
import { enforceRepository } from '#lib/enforcement/index.ts';
import {
  ImagesInUse,
  type ImageUse,
  type InUseSource,
  type InUseState,
  type LifecycleImage,
} from '#lib/lifecycle/index.ts';
import { DEFAULT_STANDARD } from '#lib/standard/index.ts';
import { FakeEcr } from '../../support/fake-ecr.ts';
import { compliantState, standardWith } from '../../support/repository-state.ts';

const INPUT = { account: '123456789012', region: 'us-east-1', repositoryName: 'payments-api' };
const NOW = new Date('2026-11-29T12:00:00Z');
const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/prod/payments';

/** build-1 … build-14, pushed an hour apart, build-14 the newest. */
function builds(): LifecycleImage[] {
  return Array.from({ length: 14 }, (_, i) => ({
    imageDigest: `sha256:${String(i + 1).padStart(64, '0')}`,
    imageTags: [`build-${i + 1}`],
    imagePushedAt: new Date(NOW.getTime() - (14 - i) * 3_600_000),
    sizeBytes: 1000,
    imageStatus: 'ACTIVE' as const,
  }));
}

class FakeInUse implements InUseSource {
  readonly reads: string[] = [];
  constructor(readonly state: InUseState) {}
  async imagesInUse(target: { account: string; region: string }): Promise<InUseState> {
    this.reads.push(`${target.account}/${target.region}`);
    return this.state;
  }
}

function inUseBy(uses: ImageUse[]): FakeInUse {
  return new FakeInUse({ known: new ImagesInUse(uses) });
}

const BUILD_2_IN_USE: ImageUse = {
  kind: 'ecs-service',
  name: SERVICE,
  image: { repositoryName: 'payments-api', tag: 'build-2' },
};

function withoutPolicy(): FakeEcr {
  const ecr = new FakeEcr(compliantState({ lifecyclePolicyText: undefined }));
  ecr.images = builds();
  return ecr;
}

describe('Function: enforceRepository › lifecycle protection of images in use', () => {
  it('does not attach the standard policy when it would expire an image in use, and says why', async () => {
    // Prepare
    const ecr = withoutPolicy();
    const inUse = inUseBy([BUILD_2_IN_USE]);

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: () => NOW,
      inUse,
    });

    // Assess
    const lifecycle = report.controls.find((c) => c.control === 'lifecycle');
    expect(lifecycle?.status).toBe('violation');
    expect(lifecycle?.writes).toEqual([]);
    expect(lifecycle?.reason).toContain('the repository has no lifecycle policy; not remediated');
    expect(lifecycle?.reason).toContain('build-2');
    expect(lifecycle?.reason).toContain(SERVICE);
    expect(ecr.writes).toEqual([]);
    expect(inUse.reads).toEqual(['123456789012/us-east-1']);
  });

  it('plans no write in a dry run either: the plan tells the same refusal', async () => {
    // Act
    const report = await enforceRepository(INPUT, {
      reader: withoutPolicy(),
      writer: withoutPolicy(),
      standard: standardWith(),
      dryRun: true,
      now: () => NOW,
      inUse: inUseBy([BUILD_2_IN_USE]),
    });

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('violation');
  });

  it('attaches the policy when the images it expires are not in use', async () => {
    // Prepare
    const ecr = withoutPolicy();

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: () => NOW,
      inUse: inUseBy([
        { ...BUILD_2_IN_USE, image: { repositoryName: 'payments-api', tag: 'build-9' } },
      ]),
    });

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('remediated');
    expect(ecr.writes.map((w) => w.action)).toEqual(['ecr:PutLifecyclePolicy']);
  });

  it('does not write when what is in use cannot be read: unknown is not safe', async () => {
    // Prepare
    const ecr = withoutPolicy();

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: () => NOW,
      inUse: new FakeInUse({
        unknown: 'ecs in 123456789012/us-east-1 could not be read (AccessDeniedException)',
      }),
    });

    // Assess
    const lifecycle = report.controls.find((c) => c.control === 'lifecycle');
    expect(lifecycle?.status).toBe('violation');
    expect(lifecycle?.reason).toContain('AccessDeniedException');
    expect(lifecycle?.reason).toContain('unknown is not safe');
    expect(ecr.writes).toEqual([]);
  });

  it('does not write when no in-use source is wired and the policy would expire something', async () => {
    // Prepare
    const ecr = withoutPolicy();

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: () => NOW,
    });

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('violation');
    expect(ecr.writes).toEqual([]);
  });

  it('reads nothing of what runs for a repository whose images all stay', async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState({ lifecyclePolicyText: undefined }));
    ecr.images = builds().slice(0, 3);
    const inUse = inUseBy([]);

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: () => NOW,
      inUse,
    });

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('remediated');
    expect(inUse.reads).toEqual([]);
    expect(ecr.calls.filter((c) => c === 'DescribeImages')).toHaveLength(1);
  });

  it('writes whatever the policy expires with protectInUse: false', async () => {
    // Prepare
    const ecr = withoutPolicy();
    const inUse = inUseBy([BUILD_2_IN_USE]);

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith({
        lifecycle: { ...structuredClone(DEFAULT_STANDARD.lifecycle), protectInUse: false },
      }),
      dryRun: false,
      now: () => NOW,
      inUse,
    });

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('remediated');
    expect(ecr.calls).not.toContain('DescribeImages');
    expect(inUse.reads).toEqual([]);
  });

  it('costs a compliant repository nothing: no image read, nothing of what runs', async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState());
    ecr.images = builds();
    const inUse = inUseBy([BUILD_2_IN_USE]);

    // Act
    await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: true,
      now: () => NOW,
      inUse,
      readTags: 'always',
    });

    // Assess
    expect(ecr.calls).not.toContain('DescribeImages');
    expect(inUse.reads).toEqual([]);
  });

  it('reports a current policy that will expire an image in use, when the audit asks for it', async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState());
    ecr.images = builds();

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: true,
      now: () => NOW,
      inUse: inUseBy([BUILD_2_IN_USE]),
      auditImages: true,
    });

    // Assess
    const lifecycle = report.controls.find((c) => c.control === 'lifecycle');
    expect(lifecycle?.status).toBe('violation');
    expect(lifecycle?.writes).toEqual([]);
    expect(lifecycle?.reason).toMatch(
      /^the current lifecycle policy would expire or archive 1 image\(s\) in use: build-2/,
    );
  });
});

describe('Function: enforceRepository › lifecycle protection when the images cannot be read', () => {
  it('does not attach the policy when DescribeImages is denied, and fixes the other controls', async () => {
    // Prepare
    const ecr = new FakeEcr(
      compliantState({
        lifecyclePolicyText: undefined,
        imageTagMutability: 'MUTABLE',
        exclusionFilters: [],
      }),
    );
    const denied = Object.assign(new Error('not authorized to perform: ecr:DescribeImages'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    ecr.listImages = async () => {
      throw toAwsCallError(denied, {
        operation: 'ecr:DescribeImages',
        account: INPUT.account,
        region: INPUT.region,
      });
    };

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: () => NOW,
      inUse: inUseBy([]),
    });

    // Assess
    const lifecycle = report.controls.find((c) => c.control === 'lifecycle');
    expect(lifecycle?.status).toBe('violation');
    expect(lifecycle?.reason).toContain(
      "not remediated: the repository's images could not be read",
    );
    expect(ecr.writes.map((w) => w.action)).toEqual(['ecr:PutImageTagMutability']);
  });
});
