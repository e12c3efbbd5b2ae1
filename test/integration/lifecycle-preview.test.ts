/**
 * The "Done when" of lifecycle policies without fear, on the emulator through the real CLI:
 * 14 images build-1 … build-14, pushed in that order; the default standard would expire
 * build-1 to build-4; once an ECS service's task definition references build-2, the preview
 * marks it in use and exits 1, and `enforce` leaves the repository without a lifecycle
 * policy and says why.
 *
 * moto (5.2) has ECR DescribeImages and BatchGetImage, ECS and Lambda, and Inspector's
 * ListFindings (no findings unless queued); it has no StartLifecyclePolicyPreview, so the
 * evaluator is not compared against ECR's own preview here (the User Guide's examples hold it
 * in test/unit/lifecycle). moto records push times to the second: the images are pushed a
 * second apart so that their order is real.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ECRClient,
  GetLifecyclePolicyCommand,
  LifecyclePolicyNotFoundException,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LifecyclePreview, LifecyclePreviewSchema } from '#lib/lifecycle-preview/index.ts';
import { type SweepReport, SweepReportSchema } from '#lib/report/index.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository, TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { type CliRun, cliEnvironment, runCli } from '../support/run-cli.ts';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const REPOSITORY = 'payments-api';
/** Every image shares one base layer of this size; each has its own layer on top. */
const BASE_LAYER_BYTES = 30_000_000;
const ownLayerBytes = (build: number): number => 1_000_000 * build;

function sha(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/**
 * Pushes build-N: a Docker v2 manifest with the shared base layer and its own. moto reports
 * the config's `size` as the image's `imageSizeInBytes`, so the config says the image's
 * compressed size: both layers.
 */
async function pushBuild(
  ecr: ECRClient,
  build: number,
  repositoryName = REPOSITORY,
): Promise<string> {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: BASE_LAYER_BYTES + ownLayerBytes(build),
      digest: sha(`config-${build}`),
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: BASE_LAYER_BYTES,
        digest: sha('base'),
      },
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: ownLayerBytes(build),
        digest: sha(`layer-${build}`),
      },
    ],
  });
  const out = await ecr.send(
    new PutImageCommand({
      repositoryName,
      imageManifest: manifest,
      imageTag: `build-${build}`,
    }),
  );
  const digest = out.image?.imageId?.imageDigest;
  if (digest === undefined) throw new Error('PutImage returned no digest');
  return digest;
}

function previewOf(result: CliRun): LifecyclePreview {
  return LifecyclePreviewSchema.parse(JSON.parse(result.stdout));
}

describe('CLI: ecr-guard lifecycle preview and enforce protect images in use (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let env: Record<string, string>;
  let ecr: ECRClient;
  const digests = new Map<number, string>();

  beforeAll(async () => {
    await resetEmulator(endpoint);
    proxy = await startAwsProxy({ target: endpoint });
    env = cliEnvironment(proxy.endpoint, REGION);
    ecr = arrangeClient(endpoint, REGION);
    await createRepository(ecr, REPOSITORY, { tags: { team: 'payments' } });
    for (let build = 1; build <= 14; build += 1) {
      if (build > 1) await new Promise((resolve) => setTimeout(resolve, 1_050));
      digests.set(build, await pushBuild(ecr, build));
    }
  }, 60_000);

  afterAll(async () => {
    await proxy.close();
  });

  it('previews build-1 to build-4 expiring under the default standard, freeing the sum of their sizes', async () => {
    // Act
    proxy.clear();
    const result = await runCli(
      ['lifecycle', 'preview', '--repository', REPOSITORY, '--format', 'json'],
      env,
    );

    // Assess
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    const preview = previewOf(result);
    const [repository] = preview.repositories;
    expect(repository).toMatchObject({
      account: ACCOUNT,
      region: REGION,
      repositoryName: REPOSITORY,
      team: 'payments',
      policySource: 'standard',
      status: 'ok',
      imageCount: 14,
      expiringCount: 4,
      layerBytesFreed: null,
      inUseAtRisk: 0,
    });
    expect(repository?.images.map((i) => i.imageTags)).toEqual([
      ['build-1'],
      ['build-2'],
      ['build-3'],
      ['build-4'],
    ]);
    expect(repository?.images.map((i) => [i.action, i.rulePriority, i.inUse])).toEqual(
      Array.from({ length: 4 }, () => ['expire', 4, []]),
    );
    const sizes = [1, 2, 3, 4].map((b) => BASE_LAYER_BYTES + ownLayerBytes(b));
    expect(repository?.bytesFreed).toBe(sizes.reduce((a, b) => a + b, 0));
    // 0.10 EUR per GiB-month (the default) of the summed sizes.
    expect(repository?.monthlyCostFreed).toBeCloseTo((130_000_000 / 1024 ** 3) * 0.1, 6);
    expect(preview.totals.byTeam).toEqual([
      expect.objectContaining({ team: 'payments', expiringCount: 4 }),
    ]);
    // Read-only; what runs was read once for the account and region, and the calls quoted.
    expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
    expect(preview.targets[0]?.inUseCalls).toEqual({
      'ecs:ListClusters': 1,
      'lambda:ListFunctions': 1,
      'inspector2:ListFindings': 2,
    });
    expect(result.stderr).toContain(`images in use read in ${ACCOUNT}/${REGION}: 4 calls`);
  });

  it('counts each layer once with --layers: the shared base layer stays with the kept images', async () => {
    // Act
    const result = await runCli(
      ['lifecycle', 'preview', '--repository', REPOSITORY, '--layers', '--format', 'json'],
      env,
    );

    // Assess
    expect(result.code).toBe(0);
    const [repository] = previewOf(result).repositories;
    expect(repository?.layerBytesFreed).toBe(
      [1, 2, 3, 4].map(ownLayerBytes).reduce((a, b) => a + b, 0),
    );
    expect(repository?.costBasis).toBe('layerBytesFreed');
  });

  describe('once an ECS service runs build-2', () => {
    beforeAll(async () => {
      const ecs = new ECSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
      await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
      const registered = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'payments',
          containerDefinitions: [
            {
              name: 'api',
              image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${REPOSITORY}:build-2`,
              memory: 512,
            },
          ],
        }),
      );
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: 'payments',
          taskDefinition: registered.taskDefinition?.taskDefinitionArn,
          desiredCount: 1,
        }),
      );
      // A team's own policy keeps one image; a service still runs the older of two.
      await createRepository(ecr, 'legacy-api', {
        mutability: 'IMMUTABLE',
        scanOnPush: true,
        lifecyclePolicyText: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: 'Keep only the newest image',
              selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 },
              action: { type: 'expire' },
            },
          ],
        }),
      });
      await pushBuild(ecr, 1, 'legacy-api');
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      await pushBuild(ecr, 2, 'legacy-api');
      const legacy = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'legacy',
          containerDefinitions: [
            {
              name: 'app',
              image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/legacy-api:build-1`,
              memory: 256,
            },
          ],
        }),
      );
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: 'legacy',
          taskDefinition: legacy.taskDefinition?.taskDefinitionArn,
          desiredCount: 1,
        }),
      );
    });

    it('audits the current policies and the storage with lifecycle.auditImages', async () => {
      // Prepare
      const config = join(tmpdir(), `ecr-guard-audit-images-${process.pid}.yml`);
      await writeFile(config, 'lifecycle:\n  auditImages: true\n');

      // Act
      proxy.clear();
      const result = await runCli(['audit', '--format', 'json', '--config', config], env);
      const html = await runCli(['audit', '--format', 'html', '--config', config], env);

      // Assess
      const report: SweepReport = SweepReportSchema.parse(JSON.parse(result.stdout));
      const legacy = report.repositories.find((r) => r.repositoryName === 'legacy-api');
      expect(legacy?.controls.find((c) => c.control === 'lifecycle')).toMatchObject({
        status: 'violation',
        reason: expect.stringMatching(
          /^the current lifecycle policy would expire or archive 1 image\(s\) in use: build-1 .* used by ecs-service .*service\/prod\/legacy/,
        ),
      });
      expect(report.repositories.find((r) => r.repositoryName === REPOSITORY)?.storage).toEqual({
        images: 14,
        bytes: Array.from({ length: 14 }, (_, i) => BASE_LAYER_BYTES + ownLayerBytes(i + 1)).reduce(
          (a, b) => a + b,
          0,
        ),
        freedByStandardBytes: 130_000_000,
        freedByStandardMonthlyCost: expect.any(Number),
        currency: 'EUR',
      });
      expect(report.storage?.byTeam.map((t) => t.team)).toEqual(['(no team)', 'payments']);
      expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
      expect(html.stdout).toContain(
        '<title>Storage per account, and what the standard lifecycle policy would free</title>',
      );
      expect(html.stdout).toContain('Storage per team');
    });

    it('marks build-2 in use by the service and exits 1', async () => {
      // Act
      proxy.clear();
      const result = await runCli(
        ['lifecycle', 'preview', '--repository', REPOSITORY, '--format', 'json'],
        env,
      );

      // Assess
      expect(result.code).toBe(1);
      const preview = previewOf(result);
      const build2 = preview.repositories[0]?.images.find((i) => i.imageTags.includes('build-2'));
      expect(build2?.inUse).toEqual([
        { kind: 'ecs-service', name: expect.stringMatching(/:service\/prod\/payments$/) },
      ]);
      expect(preview.repositories[0]?.status).toBe('in-use');
      expect(preview.totals.organization.inUseAtRisk).toBe(1);
      // What one cluster with two services (two task definitions) costs to read, quoted per
      // account and region.
      expect(preview.targets[0]?.inUseCalls).toEqual({
        'ecs:ListClusters': 1,
        'ecs:ListServices': 1,
        'ecs:DescribeServices': 1,
        'ecs:ListTasks': 1,
        'ecs:DescribeTaskDefinition': 2,
        'lambda:ListFunctions': 1,
        'inspector2:ListFindings': 2,
      });
    });

    it('renders the same in a table a person reads', async () => {
      // Act
      const result = await runCli(['lifecycle', 'preview', '--repository', REPOSITORY], env);

      // Assess
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('build-2');
      expect(result.stdout).toMatch(
        /ecs-service arn:aws:ecs:us-east-1:123456789012:service\/prod\/payments/,
      );
      expect(result.stdout).toContain('1 image(s) in use would be expired or archived (exit 1)');
    });

    it('enforce leaves the repository without a lifecycle policy, and says why', async () => {
      // Act
      proxy.clear();
      const result = await runCli(['enforce', '--format', 'json'], env);

      // Assess
      expect(result.code).toBe(1);
      const report: SweepReport = SweepReportSchema.parse(JSON.parse(result.stdout));
      const lifecycle = report.repositories
        .find((r) => r.repositoryName === REPOSITORY)
        ?.controls.find((c) => c.control === 'lifecycle');
      expect(lifecycle?.status).toBe('violation');
      expect(lifecycle?.fix).toEqual([]);
      expect(lifecycle?.reason).toContain('not remediated');
      expect(lifecycle?.reason).toContain('build-2');
      expect(lifecycle?.reason).toMatch(
        /ecs-service arn:aws:ecs:us-east-1:123456789012:service\/prod\/payments/,
      );
      expect(proxy.operations()).not.toContain('ecr:PutLifecyclePolicy');
      await expect(
        ecr.send(new GetLifecyclePolicyCommand({ repositoryName: REPOSITORY })),
      ).rejects.toBeInstanceOf(LifecyclePolicyNotFoundException);
      // The other controls were fixed as usual.
      expect(proxy.operations()).toContain('ecr:PutImageTagMutability');
      expect(result.stderr).toContain(`images in use read in ${ACCOUNT}/${REGION}:`);
    });
  });
});
