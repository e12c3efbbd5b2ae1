/**
 * The lifecycle control's guard, through enforceRepository on the real gateway (an in-memory
 * ECR behind its client; ECS, Lambda and Inspector through their SDK clients, mocked): a
 * policy that would expire an image in use is not written, unknown is not safe, a compliant
 * repository pays nothing for it, and an audit judges the current policy and the storage.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { Inspector2Client, ListFindingsCommand } from '@aws-sdk/client-inspector2';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClientFactory } from '#lib/aws/index.ts';
import { enforceRepository } from '#lib/enforcement/index.ts';
import type { LifecycleImage } from '#lib/lifecycle/index.ts';
import { DEFAULT_STANDARD } from '#lib/standard/index.ts';
import { FakeEcr } from '../../support/fake-ecr.ts';
import { compliantState, standardWith } from '../../support/repository-state.ts';

const INPUT = {
  account: '123456789012',
  region: 'us-east-1',
  repositoryName: 'payments-checkout-api',
};
const NOW = new Date('2026-11-29T12:00:00Z');
const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod';
const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/prod/payments';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** build-1 … build-14, pushed an hour apart, build-14 the newest. */
function builds(count = 14): LifecycleImage[] {
  return Array.from({ length: count }, (_, i) => ({
    imageDigest: `sha256:${String(i + 1).padStart(64, '0')}`,
    imageTags: [`build-${i + 1}`],
    imagePushedAt: new Date(NOW.getTime() - (count - i) * 3_600_000),
    sizeBytes: 1000,
    imageStatus: 'ACTIVE' as const,
  }));
}

describe('Guard: lifecycle, through enforceRepository', () => {
  const ecs = mockClient(ECSClient);
  const lambda = mockClient(LambdaClient);
  const inspector = mockClient(Inspector2Client);

  /** An ECS service in the account runs payments-checkout-api:`tag`. */
  function serviceRuns(tag: string): void {
    ecs.on(ListClustersCommand).resolves({ clusterArns: [CLUSTER] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: [SERVICE] });
    ecs.on(DescribeServicesCommand).resolves({
      services: [{ serviceArn: SERVICE, status: 'ACTIVE', taskDefinition: 'payments:1' }],
    });
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        containerDefinitions: [{ image: `${REGISTRY}/payments-checkout-api:${tag}` }],
      },
    });
  }

  function inUseReads(): number {
    return ecs.commandCalls(ListClustersCommand).length;
  }

  beforeEach(() => {
    ecs.reset();
    lambda.reset();
    inspector.reset();
    ecs.on(ListClustersCommand).resolves({ clusterArns: [] });
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
    inspector.on(ListFindingsCommand).resolves({ findings: [] });
  });

  function repository(overrides: Parameters<typeof compliantState>[0] = {}, images = builds()) {
    const ecr = new FakeEcr(compliantState(overrides), {}, createClientFactory());
    ecr.images = images;
    return ecr;
  }

  /**
   * The standard without tag-strategy, which judges the images on every run (one
   * DescribeImages, shared with this guard): what the guard itself costs is then seen alone.
   */
  function withoutTagStrategy(overrides: Parameters<typeof standardWith>[0] = {}) {
    const standard = standardWith(overrides);
    standard.tagStrategy.mode = 'off';
    return standard;
  }

  const withoutPolicy = (images = builds()) =>
    repository({ lifecyclePolicyText: undefined }, images);

  function enforce(ecr: FakeEcr, options: Partial<Parameters<typeof enforceRepository>[1]> = {}) {
    return enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: () => NOW,
      ...options,
    });
  }

  it('does not attach the standard policy when it would expire an image in use, and says why', async () => {
    // Prepare
    const ecr = withoutPolicy();
    serviceRuns('build-2');

    // Act
    const report = await enforce(ecr);

    // Assess
    const lifecycle = report.controls.find((c) => c.control === 'lifecycle');
    expect(lifecycle?.status).toBe('violation');
    expect(lifecycle?.writes).toEqual([]);
    expect(lifecycle?.reason).toContain('the repository has no lifecycle policy; not remediated');
    expect(lifecycle?.reason).toMatch(
      /the standard policy would expire or archive 1 image\(s\) in use: build-2 .* used by ecs-service arn:aws:ecs:us-east-1:123456789012:service\/prod\/payments/,
    );
    expect(ecr.writes).toEqual([]);
    expect(inUseReads()).toBe(1);
  });

  it('plans no write in a dry run either: the plan tells the same refusal', async () => {
    // Prepare
    serviceRuns('build-2');

    // Act
    const report = await enforce(withoutPolicy(), { dryRun: true });

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')).toMatchObject({
      status: 'violation',
      writes: [],
    });
  });

  it('attaches the policy when the images it expires are not in use', async () => {
    // Prepare
    const ecr = withoutPolicy();
    serviceRuns('build-9');

    // Act
    const report = await enforce(ecr);

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('remediated');
    expect(ecr.writes.map((w) => w.action)).toEqual(['ecr:PutLifecyclePolicy']);
  });

  it('does not write when what is in use cannot be read: unknown is not safe', async () => {
    // Prepare
    const ecr = withoutPolicy();
    ecs.on(ListClustersCommand).rejects(
      Object.assign(new Error('not authorized to perform: ecs:ListClusters'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // Act
    const report = await enforce(ecr);

    // Assess
    const lifecycle = report.controls.find((c) => c.control === 'lifecycle');
    expect(lifecycle?.status).toBe('violation');
    expect(lifecycle?.reason).toContain('ecs could not be read (ecs:ListClusters failed');
    expect(lifecycle?.reason).toContain('AccessDeniedException');
    expect(lifecycle?.reason).toContain('unknown is not safe');
    expect(ecr.writes).toEqual([]);
  });

  it('throws a throttled read of what runs, so the event is tried again, and writes nothing', async () => {
    // Prepare
    const ecr = withoutPolicy();
    lambda.on(ListFunctionsCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429 },
      }),
    );

    // Act
    const enforcing = enforce(ecr);

    // Assess
    await expect(enforcing).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'lambda:ListFunctions',
      retryable: true,
    });
    expect(ecr.writes).toEqual([]);
  });

  it('reads nothing of what runs for a repository whose images all stay', async () => {
    // Prepare
    const ecr = withoutPolicy(builds(3));
    serviceRuns('build-2');

    // Act
    const report = await enforce(ecr);

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('remediated');
    expect(inUseReads()).toBe(0);
    expect(ecr.calls.filter((c) => c === 'DescribeImages')).toHaveLength(1);
  });

  it('reads only the sources the standard names', async () => {
    // Prepare
    const ecr = withoutPolicy();
    serviceRuns('build-2');

    // Act
    const report = await enforce(ecr, {
      standard: standardWith({
        lifecycle: { ...structuredClone(DEFAULT_STANDARD.lifecycle), inUseSources: ['lambda'] },
      }),
    });

    // Assess: ECS is not asked, so its service does not protect build-2.
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('remediated');
    expect(inUseReads()).toBe(0);
    expect(lambda.commandCalls(ListFunctionsCommand)).toHaveLength(1);
  });

  it('writes whatever the policy expires with protectInUse: false', async () => {
    // Prepare
    const ecr = withoutPolicy();
    serviceRuns('build-2');

    // Act
    const report = await enforce(ecr, {
      standard: withoutTagStrategy({
        lifecycle: { ...structuredClone(DEFAULT_STANDARD.lifecycle), protectInUse: false },
      }),
    });

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('remediated');
    expect(ecr.calls).not.toContain('DescribeImages');
    expect(inUseReads()).toBe(0);
  });

  it('costs a compliant repository nothing: no image read, nothing of what runs', async () => {
    // Prepare
    const ecr = repository();
    serviceRuns('build-2');

    // Act
    await enforce(ecr, { dryRun: true, readTags: 'always', standard: withoutTagStrategy() });

    // Assess
    expect(ecr.calls).not.toContain('DescribeImages');
    expect(inUseReads()).toBe(0);
  });

  it('shares the images tag-strategy reads: one DescribeImages for both, when a policy is written', async () => {
    // Prepare
    const ecr = withoutPolicy();
    serviceRuns('build-9');

    // Act
    const report = await enforce(ecr);

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('remediated');
    expect(report.controls.find((c) => c.control === 'tag-strategy')?.status).toBe('violation');
    expect(ecr.calls.filter((call) => call === 'DescribeImages')).toHaveLength(1);
  });

  it('costs nothing in an audit either, unless lifecycle.auditImages asks for the images', async () => {
    // Prepare
    const ecr = repository();
    serviceRuns('build-2');

    // Act
    const report = await enforce(ecr, {
      dryRun: true,
      readTags: 'always',
      audit: true,
      standard: withoutTagStrategy(),
    });

    // Assess
    expect(report.controls.every((c) => c.status === 'compliant')).toBe(true);
    expect(report.storage).toBeUndefined();
    expect(ecr.calls).not.toContain('DescribeImages');
  });

  it('reports a current policy that will expire an image in use, and the storage, in an audit with auditImages', async () => {
    // Prepare
    const ecr = repository();
    serviceRuns('build-2');
    const standard = standardWith({
      lifecycle: { ...structuredClone(DEFAULT_STANDARD.lifecycle), auditImages: true },
    });

    // Act
    const report = await enforce(ecr, { dryRun: true, audit: true, standard });

    // Assess
    const lifecycle = report.controls.find((c) => c.control === 'lifecycle');
    expect(lifecycle?.status).toBe('violation');
    expect(lifecycle?.writes).toEqual([]);
    expect(lifecycle?.reason).toMatch(
      /^the current lifecycle policy would expire or archive 1 image\(s\) in use: build-2/,
    );
    // 14 images of 1,000 bytes, build-1 … build-4 expiring; 0.10 EUR per GiB-month.
    expect(report.storage).toEqual({
      images: 14,
      bytes: 14_000,
      freedBytes: 4000,
      freedMonthlyCost: Math.round((4000 / 1024 ** 3) * 0.1 * 1e6) / 1e6,
      currency: 'EUR',
    });
    expect(ecr.calls.filter((c) => c === 'DescribeImages')).toHaveLength(1);
  });

  it('leaves an exempt repository’s current policy unjudged, and still measures it', async () => {
    // Prepare
    const ecr = repository();
    ecr.tags = { 'ecr-guard:exempt': 'lifecycle' };
    serviceRuns('build-2');
    const standard = standardWith({
      lifecycle: { ...structuredClone(DEFAULT_STANDARD.lifecycle), auditImages: true },
    });

    // Act
    const report = await enforce(ecr, { dryRun: true, audit: true, standard, readTags: 'always' });

    // Assess
    expect(report.controls.find((c) => c.control === 'lifecycle')?.status).toBe('compliant');
    expect(report.storage?.images).toBe(14);
  });
});

describe('Guard: lifecycle, when the images cannot be read', () => {
  it('does not attach the policy when DescribeImages is denied, and fixes the other controls', async () => {
    // Prepare
    const ecr = new FakeEcr(
      compliantState({
        lifecyclePolicyText: undefined,
        imageTagMutability: 'MUTABLE',
        exclusionFilters: [],
      }),
    );
    ecr.fake.describeImagesError = Object.assign(
      new Error('not authorized to perform: ecr:DescribeImages'),
      { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } },
    );

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: () => NOW,
    });

    // Assess
    const lifecycle = report.controls.find((c) => c.control === 'lifecycle');
    expect(lifecycle?.status).toBe('violation');
    expect(lifecycle?.reason).toContain(
      "not remediated: the repository's images could not be read (ecr:DescribeImages failed",
    );
    expect(lifecycle?.reason).toContain('unknown is not safe');
    expect(ecr.writes.map((w) => w.action)).toEqual(['ecr:PutImageTagMutability']);
  });
});
