/**
 * What runs, as the lifecycle control's registry facts read it through the real gateway and
 * its SDK clients (aws-sdk-client-mock), with response shapes from the ECS (DescribeServices,
 * DescribeTaskDefinition, DescribeTasks), Lambda (ListFunctions, GetFunction) and Inspector
 * (ListFindings, awsEcrContainerImage) API references, reduced to the fields read.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { Inspector2Client, ListFindingsCommand } from '@aws-sdk/client-inspector2';
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClientFactory } from '#lib/aws/index.ts';
import {
  createGatewayPool,
  type GatewayPool,
  type InUseSourceName,
  inUseCalls,
  readImagesInUse,
  type SourceUses,
} from '#lib/controls/index.ts';
import type { InUseState } from '#lib/lifecycle/index.ts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const TARGET = { account: ACCOUNT, region: REGION };
const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const DIGEST = `sha256:${'b'.repeat(64)}`;
const NOW = new Date('2026-11-29T12:00:00Z');

describe('Facts: what runs, for the lifecycle control', () => {
  const ecs = mockClient(ECSClient);
  const lambda = mockClient(LambdaClient);
  const inspector = mockClient(Inspector2Client);

  beforeEach(() => {
    ecs.reset();
    lambda.reset();
    inspector.reset();
    ecs.on(ListClustersCommand).resolves({ clusterArns: [] });
    lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
    inspector.on(ListFindingsCommand).resolves({ findings: [] });
  });

  /** The facts of `sources`, read through a gateway of `pool`, and the calls they took. */
  function collector(
    sources: InUseSourceName[] = ['ecs', 'lambda', 'inspector'],
    options: { windowDays?: number; pool?: GatewayPool } = {},
  ) {
    const pool = options.pool ?? createGatewayPool(createClientFactory());
    const gateway = pool.ecrGateway(TARGET);
    const values: SourceUses[] = [];
    return {
      imagesInUse: (): Promise<InUseState> =>
        readImagesInUse(
          async (fact) => {
            const value = await gateway.readRegistryFact(fact);
            values.push(value as SourceUses);
            return value;
          },
          { sources, windowDays: options.windowDays ?? 30, now: NOW },
        ),
      // The calls of each distinct read (a fact reused from the cache costs none).
      calls: () => inUseCalls([...new Set(values)]),
    };
  }

  it('finds the images of ECS services (every deployment) and of running tasks, pinned by digest', async () => {
    // Prepare
    const cluster = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`;
    const service = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/api`;
    ecs.on(ListClustersCommand).resolves({ clusterArns: [cluster] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: [service] });
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceArn: service,
          status: 'ACTIVE',
          taskDefinition: 'api:7',
          deployments: [{ taskDefinition: 'api:7' }, { taskDefinition: 'api:6' }],
        },
      ],
    });
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: 'api:7' }).resolves({
      taskDefinition: {
        containerDefinitions: [{ image: `${REGISTRY}/api:build-7` }, { image: 'nginx:1.27' }],
      },
    });
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: 'api:6' }).resolves({
      taskDefinition: { containerDefinitions: [{ image: `${REGISTRY}/api:build-6` }] },
    });
    ecs.on(ListTasksCommand).resolves({ taskArns: ['task-1'] });
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'task-1',
          group: 'service:api',
          containers: [{ image: `${REGISTRY}/api:build-6`, imageDigest: DIGEST }],
        },
      ],
    });
    const inUse = collector(['ecs']);

    // Act
    const state = await inUse.imagesInUse();

    // Assess
    if (!('known' in state)) throw new Error(`unknown: ${state.unknown}`);
    const uses = (digest: string, tags: string[]) =>
      state.known
        .usesOf('api', { imageDigest: digest, imageTags: tags })
        .map((u) => [u.kind, u.name]);
    expect(uses('sha256:x', ['build-7'])).toEqual([['ecs-service', service]]);
    expect(uses(DIGEST, [])).toEqual([['ecs-task', 'task-1 (service:api)']]);
    expect(uses('sha256:y', ['build-6'])).toEqual([
      ['ecs-task', 'task-1 (service:api)'],
      ['ecs-service', service],
    ]);
    expect(inUse.calls()).toEqual({
      'ecs:ListClusters': 1,
      'ecs:ListServices': 1,
      'ecs:DescribeServices': 1,
      'ecs:ListTasks': 1,
      'ecs:DescribeTasks': 1,
      'ecs:DescribeTaskDefinition': 2,
    });
  });

  it('finds the image of every version of a Lambda image function, by tag and resolved digest', async () => {
    // Prepare
    lambda.on(ListFunctionsCommand).resolves({
      Functions: [
        {
          FunctionName: 'resize',
          FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:resize:3',
          Version: '3',
          PackageType: 'Image',
        },
        {
          FunctionName: 'zip',
          FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:zip',
          PackageType: 'Zip',
        },
      ],
    });
    lambda.on(GetFunctionCommand, { FunctionName: 'resize', Qualifier: '3' }).resolves({
      Code: {
        RepositoryType: 'ECR',
        ImageUri: `${REGISTRY}/resize:v3`,
        ResolvedImageUri: `${REGISTRY}/resize@${DIGEST}`,
      },
    });
    const inUse = collector(['lambda']);

    // Act
    const state = await inUse.imagesInUse();

    // Assess
    if (!('known' in state)) throw new Error('unknown');
    expect(state.known.usesOf('resize', { imageDigest: DIGEST, imageTags: [] })).toHaveLength(1);
    expect(
      state.known.usesOf('resize', { imageDigest: 'sha256:z', imageTags: ['v3'] }),
    ).toHaveLength(1);
    expect(inUse.calls()).toEqual({ 'lambda:ListFunctions': 1, 'lambda:GetFunction': 1 });
  });

  it('finds what Inspector reports in use, with two filtered queries', async () => {
    // Prepare
    inspector.on(ListFindingsCommand).resolves({
      findings: [
        {
          resources: [
            {
              type: 'AWS_ECR_CONTAINER_IMAGE',
              id: 'x',
              region: REGION,
              details: {
                awsEcrContainerImage: {
                  repositoryName: 'web',
                  imageHash: DIGEST,
                  registry: ACCOUNT,
                  inUseCount: 3,
                },
              },
            },
          ],
        } as never,
      ],
    });
    const inUse = collector(['inspector']);

    // Act
    const state = await inUse.imagesInUse();

    // Assess
    if (!('known' in state)) throw new Error('unknown');
    expect(state.known.usesOf('web', { imageDigest: DIGEST, imageTags: [] })).toEqual([
      {
        kind: 'inspector',
        name: 'Amazon Inspector: in use by 3 task(s) or pod(s)',
        image: { repositoryName: 'web', digest: DIGEST },
        inUseCount: 3,
      },
    ]);
    const filters = inspector
      .commandCalls(ListFindingsCommand)
      .map((c) => Object.keys(c.args[0].input.filterCriteria ?? {}).sort());
    expect(filters).toEqual([
      ['awsAccountId', 'ecrImageInUseCount', 'resourceType'],
      ['awsAccountId', 'ecrImageLastInUseAt', 'resourceType'],
    ]);
  });

  it.each([
    [30, 0],
    [60, 1],
  ])(
    'counts an image Inspector last saw running 40 days ago only within a window of %i days',
    async (windowDays, uses) => {
      // Prepare
      inspector.on(ListFindingsCommand).resolves({
        findings: [
          {
            resources: [
              {
                type: 'AWS_ECR_CONTAINER_IMAGE',
                id: 'x',
                region: REGION,
                details: {
                  awsEcrContainerImage: {
                    repositoryName: 'web',
                    imageHash: DIGEST,
                    registry: ACCOUNT,
                    lastInUseAt: new Date(NOW.getTime() - 40 * 86_400_000),
                  },
                },
              },
            ],
          } as never,
        ],
      });

      // Act
      const state = await collector(['inspector'], { windowDays }).imagesInUse();

      // Assess
      if (!('known' in state)) throw new Error('unknown');
      expect(state.known.usesOf('web', { imageDigest: DIGEST, imageTags: [] })).toHaveLength(uses);
    },
  );

  it('reads each account and region once per run, and again in the next run', async () => {
    // Prepare
    const pool = createGatewayPool(createClientFactory());
    const inUse = collector(['ecs', 'lambda', 'inspector'], { pool });

    // Act
    await inUse.imagesInUse();
    await inUse.imagesInUse();
    const firstRun = ecs.commandCalls(ListClustersCommand).length;
    pool.startRun();
    await inUse.imagesInUse();

    // Assess
    expect(firstRun).toBe(1);
    expect(ecs.commandCalls(ListClustersCommand)).toHaveLength(2);
    expect(inspector.commandCalls(ListFindingsCommand)).toHaveLength(4);
  });

  it('quotes the calls each source took', async () => {
    // Act
    const inUse = collector();
    await inUse.imagesInUse();

    // Assess
    expect(inUse.calls()).toEqual({
      'ecs:ListClusters': 1,
      'lambda:ListFunctions': 1,
      'inspector2:ListFindings': 2,
    });
  });

  it('is unknown, naming the source and the call, when a call is denied', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized to perform: lambda:ListFunctions'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    lambda.on(ListFunctionsCommand).rejects(denied);

    // Act
    const state = await collector().imagesInUse();

    // Assess
    expect(state).toEqual({
      unknown: `lambda could not be read (lambda:ListFunctions failed in ${ACCOUNT}/${REGION}: AccessDeniedException: not authorized to perform: lambda:ListFunctions)`,
    });
  });

  it('throws a failure that can pass (throttling), so the event or the sweep is tried again', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    ecs.on(ListClustersCommand).rejects(throttled);

    // Act
    const reading = collector(['ecs']).imagesInUse();

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'ecs:ListClusters',
      retryable: true,
    });
  });
});
