/**
 * The event path protects images in use: enforce-repository (the Lambda handler, its own
 * clients from the environment) on a real push sample does not attach the standard
 * lifecycle policy when it would expire an image an ECS service runs, nor when what runs
 * cannot be read (ecs:ListClusters denied, answered by the proxy), and says why; once the
 * service is gone, the next push (the same warm function) attaches it: what runs is read
 * again for every event.
 */
import { createHash } from 'node:crypto';
import {
  type ECRClient,
  GetLifecyclePolicyCommand,
  LifecyclePolicyNotFoundException,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import { type AwsProxy, type FaultResponse, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository, TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventFixture } from '../../harness/fixtures.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';

// The real push sample: account 123456789012 (moto's default account), us-west-2.
const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');
const REPOSITORY = 'my-repository-name';
const REGION = 'us-west-2';
const ACCOUNT = '123456789012';

/** The answer ECS gives a caller without ecs:ListClusters (API reference, common errors). */
const LIST_CLUSTERS_DENIED: FaultResponse = {
  status: 400,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify({
    __type: 'AccessDeniedException',
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/ecr-guard-remediation/s is not authorized to perform: ecs:ListClusters`,
  }),
};

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<EnforceRepositoryResponse>;

async function push(ecr: ECRClient, build: number): Promise<void> {
  const layer = createHash('sha256').update(`layer-${build}`).digest('hex');
  await ecr.send(
    new PutImageCommand({
      repositoryName: REPOSITORY,
      imageTag: `build-${build}`,
      imageManifest: JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          size: 1000,
          digest: `sha256:${createHash('sha256').update(`config-${build}`).digest('hex')}`,
        },
        layers: [
          {
            mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
            size: 1000,
            digest: `sha256:${layer}`,
          },
        ],
      }),
    }),
  );
}

function lifecycleOf(result: EnforceRepositoryResponse): { status?: string; reason?: string } {
  if (result.outcome !== 'enforced') throw new Error(`not enforced: ${JSON.stringify(result)}`);
  return result.repositories[0]?.controls.find((c) => c.control === 'lifecycle') ?? {};
}

describe('Function: enforce-repository protects images in use (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let ecr: ECRClient;
  let handler: Handler;
  let denyListClusters = true;

  beforeAll(async () => {
    await resetEmulator(endpoint);
    proxy = await startAwsProxy({
      target: endpoint,
      fault: (call) =>
        denyListClusters && call.service === 'ecs' && call.operation === 'ListClusters'
          ? LIST_CLUSTERS_DENIED
          : undefined,
    });
    process.env.AWS_ENDPOINT_URL = proxy.endpoint;
    process.env.AWS_REGION = REGION;
    process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    ({ handler } = (await import('#functions/enforce-repository.ts')) as { handler: Handler });
    ecr = arrangeClient(endpoint, REGION);
    await createRepository(ecr, REPOSITORY, { mutability: 'IMMUTABLE', scanOnPush: true });
    // build-1 a second before the 10 others (moto records push times to the second): the
    // default standard keeps the 10 most recent and would expire build-1.
    await push(ecr, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (let build = 2; build <= 11; build += 1) await push(ecr, build);
  });

  afterAll(async () => {
    await proxy.close();
  });

  async function hasLifecyclePolicy(): Promise<boolean> {
    try {
      await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: REPOSITORY }));
      return true;
    } catch (error) {
      if (error instanceof LifecyclePolicyNotFoundException) return false;
      throw error;
    }
  }

  it('does not attach the policy when what runs cannot be read: unknown is not safe', async () => {
    // Act
    proxy.clear();
    const result = await handler(PUSH, lambdaContext('ecr-guard-enforce-repository'));

    // Assess
    const lifecycle = lifecycleOf(result);
    expect(lifecycle.status).toBe('violation');
    expect(lifecycle.reason).toContain('AccessDeniedException');
    expect(lifecycle.reason).toContain('unknown is not safe');
    expect(proxy.operations()).toContain('ecs:ListClusters');
    expect(proxy.operations()).not.toContain('ecr:PutLifecyclePolicy');
    expect(await hasLifecyclePolicy()).toBe(false);
  });

  it('does not attach the policy when it would expire the image an ECS service runs, and names both', async () => {
    // Prepare
    denyListClusters = false;
    const ecs = new ECSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'legacy',
        containerDefinitions: [
          {
            name: 'app',
            image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${REPOSITORY}:build-1`,
            memory: 256,
          },
        ],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'legacy',
        taskDefinition: registered.taskDefinition?.taskDefinitionArn,
        desiredCount: 0,
      }),
    );
    proxy.clear();

    // Act
    const result = await handler(PUSH, lambdaContext('ecr-guard-enforce-repository'));

    // Assess
    const lifecycle = lifecycleOf(result);
    expect(lifecycle.status).toBe('violation');
    expect(lifecycle.reason).toMatch(
      /build-1 .* used by ecs-service arn:aws:ecs:us-west-2:123456789012:service\/prod\/legacy/,
    );
    expect(proxy.operations()).not.toContain('ecr:PutLifecyclePolicy');
    expect(await hasLifecyclePolicy()).toBe(false);
  });

  it('attaches the policy on the next push once the service is gone: what runs is read again', async () => {
    // Prepare
    const ecs = new ECSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'legacy', force: true }));
    proxy.clear();

    // Act
    const result = await handler(PUSH, lambdaContext('ecr-guard-enforce-repository'));

    // Assess
    expect(lifecycleOf(result).status).toBe('remediated');
    expect(proxy.operations()).toContain('ecs:ListClusters');
    expect(proxy.operations()).toContain('ecr:PutLifecyclePolicy');
    expect(await hasLifecyclePolicy()).toBe(true);
  });
});
