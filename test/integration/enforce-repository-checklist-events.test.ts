/**
 * The checklist's events through the enforce-repository function, on the emulator: each real
 * sample (pull-through cache sync, replication SUCCESS and FAILED, scan frequency change) and
 * the CloudTrail drift on the new settings reach the path they should. moto has no repository
 * creation templates nor account settings: the loopback proxy's stand-ins answer them
 * (harness/ecr-stand-ins.ts), in the API reference's shapes.
 */
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  GetRepositoryPolicyCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventFixture, withField, wrapCloudTrailRecord } from '../../harness/fixtures.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';

const ACCOUNT = '123456789012'; // the samples' account: moto's default one

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<EnforceRepositoryResponse>;

/** A drift event: the real CreateRepository record, only the call, region and parameters changed. */
function driftEvent(
  eventName: string,
  region: string,
  requestParameters: Record<string, unknown>,
): unknown {
  let record = loadEventFixture('cloudtrail-record-ecr-createrepository.aws-docs.json');
  record = withField(record, ['eventName'], eventName);
  record = withField(record, ['awsRegion'], region);
  record = withField(record, ['requestParameters'], requestParameters);
  return wrapCloudTrailRecord(record);
}

/** Each control's status, by name, of every repository a response reports. */
function statuses(result: EnforceRepositoryResponse): Record<string, Record<string, string>> {
  const repositories = 'repositories' in result ? result.repositories : [];
  return Object.fromEntries(
    repositories.map((r) => [
      r.repositoryName,
      Object.fromEntries(r.controls.map((c) => [c.control, c.status])),
    ]),
  );
}

describe('Function: enforce-repository, the checklist’s events (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let handler: Handler;
  const clients: ECRClient[] = [];
  const ecrIn = (region: string): ECRClient => {
    const ecr = arrangeClient(endpoint, region);
    clients.push(ecr);
    return ecr;
  };
  const invoke = (event: unknown): Promise<EnforceRepositoryResponse> =>
    handler(event, lambdaContext('ecr-guard-enforce-repository'));

  beforeAll(async () => {
    proxy = await startAwsProxy({ target: endpoint });
    process.env.AWS_ENDPOINT_URL = proxy.endpoint;
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    ({ handler } = (await import('#functions/enforce-repository.ts')) as { handler: Handler });
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    proxy.clear();
  });

  it('enforces the repository a replication filled (SUCCESS), like a push', async () => {
    // Prepare: the sample replicates docker-hub/alpine into us-east-1.
    const ecr = ecrIn('us-east-1');
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'docker-hub/alpine' }));

    // Act
    const result = await invoke(loadEventFixture('ecr-replication-action-success.aws-docs.json'));

    // Assess
    expect(result).toMatchObject({ outcome: 'enforced' });
    expect(statuses(result)['docker-hub/alpine']).toMatchObject({
      immutability: 'remediated',
      lifecycle: 'remediated',
      scanning: 'remediated',
    });
    expect(proxy.operations().filter(isWriteOperation)).toEqual([
      'ecr:PutImageTagMutability',
      'ecr:PutLifecyclePolicy',
      'ecr:PutImageScanningConfiguration',
    ]);
  });

  it('enforces the repository a pull-through cache sync created', async () => {
    // Prepare: the sample syncs docker-hub/alpine in us-west-2.
    const ecr = ecrIn('us-west-2');
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'docker-hub/alpine' }));

    // Act
    const result = await invoke(
      loadEventFixture('ecr-pull-through-cache-action-success.aws-docs.json'),
    );

    // Assess
    expect(result).toMatchObject({
      outcome: 'enforced',
      repositories: [
        { account: ACCOUNT, region: 'us-west-2', repositoryName: 'docker-hub/alpine' },
      ],
    });
    expect(statuses(result)['docker-hub/alpine']?.lifecycle).toBe('remediated');
  });

  it('logs and counts a failed replication, and calls no AWS API', async () => {
    // Act
    const result = await invoke(loadEventFixture('ecr-replication-action-failed.aws-docs.json'));

    // Assess
    expect(result).toMatchObject({
      outcome: 'replication-failed',
      reason: expect.stringContaining('replication of my-app:latest'),
      event: { sourceAccount: ACCOUNT, sourceRegion: 'us-west-2' },
    });
    expect(proxy.operations()).toEqual([]);
  });

  it('judges again each repository a scan frequency change names', async () => {
    // Prepare
    const ecr = ecrIn('us-east-1');
    for (const repositoryName of ['repository-1', 'repository-2', 'repository-3']) {
      await ecr.send(new CreateRepositoryCommand({ repositoryName }));
    }

    // Act
    const result = await invoke(
      loadEventFixture('ecr-scan-resource-change-scan-frequency.aws-docs.json'),
    );

    // Assess
    expect(Object.keys(statuses(result)).sort()).toEqual([
      'repository-1',
      'repository-2',
      'repository-3',
    ]);
    for (const controls of Object.values(statuses(result))) {
      expect(controls.scanning).toBe('remediated');
    }
  });

  it('judges a repository again when someone sets its policy (drift), reporting a public grant', async () => {
    // Prepare
    const ecr = ecrIn('us-east-1');
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'payments-checkout-api' }));
    const policyText = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }],
    });
    await ecr.send(
      new SetRepositoryPolicyCommand({ repositoryName: 'payments-checkout-api', policyText }),
    );

    // Act
    const result = await invoke(
      driftEvent('SetRepositoryPolicy', 'us-east-1', {
        repositoryName: 'payments-checkout-api',
        policyText,
      }),
    );

    // Assess: report only by default, the policy stays as it is.
    expect(statuses(result)['payments-checkout-api']?.['repository-policy']).toBe('violation');
    const policy = await ecr.send(
      new GetRepositoryPolicyCommand({ repositoryName: 'payments-checkout-api' }),
    );
    expect(JSON.parse(policy.policyText ?? '{}')).toEqual(JSON.parse(policyText));
  });

  it.each([
    ['CreateRepositoryCreationTemplate', { prefix: 'ROOT', appliedFor: ['CREATE_ON_PUSH'] }],
    ['DeleteRepositoryCreationTemplate', { prefix: 'ROOT' }],
    ['PutAccountSetting', { name: 'BASIC_SCAN_TYPE_VERSION', value: 'CLAIR' }],
  ])(
    'evaluates the registry-level controls on a %s drift, and no repository',
    async (eventName, parameters) => {
      // Prepare: a repository that would be enforced, were the registry drift enforced per repository.
      const ecr = ecrIn('us-east-1');
      await ecr.send(new CreateRepositoryCommand({ repositoryName: 'payments-checkout-api' }));

      // Act
      const result = await invoke(driftEvent(eventName, 'us-east-1', parameters));

      // Assess: the registry without template is a creation-templates violation (report only).
      expect(result).toMatchObject({
        outcome: 'enforced',
        repositories: [],
        registry: [
          {
            account: ACCOUNT,
            region: 'us-east-1',
            controls: expect.arrayContaining([
              expect.objectContaining({ control: 'creation-templates', status: 'violation' }),
              expect.objectContaining({ control: 'registry-scanning' }),
            ]),
          },
        ],
      });
      expect(proxy.operations()).toContain('ecr:DescribeRepositoryCreationTemplates');
      expect(proxy.operations()).not.toContain('ecr:DescribeRepositories');
      expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
      const { repositories = [] } = await ecr.send(new DescribeRepositoriesCommand({}));
      expect(repositories.map((r) => r.imageTagMutability)).toEqual(['MUTABLE']);
    },
  );
});
