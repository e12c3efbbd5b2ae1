import {
  DescribeRepositoriesCommand,
  type ECRClient,
  GetLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository, TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventFixture, withField, wrapCloudTrailRecord } from '../../harness/fixtures.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';

// The real push sample: account 123456789012 (moto's default account), us-west-2.
const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');
const REPOSITORY = 'my-repository-name';
const REGION = 'us-west-2';
const TEAM_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'keep 50',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 },
      action: { type: 'expire' },
    },
  ],
});

/** A drift event: the real CreateRepository record, with only the call and its parameters changed. */
function driftEvent(eventName: string, roleName = 'Admin', sessionName = 'mary.major'): unknown {
  let record = loadEventFixture('cloudtrail-record-ecr-createrepository.aws-docs.json');
  record = withField(record, ['eventName'], eventName);
  record = withField(record, ['awsRegion'], REGION);
  record = withField(record, ['requestParameters'], { repositoryName: REPOSITORY });
  const account = '123456789012';
  record = withField(
    record,
    ['userIdentity', 'arn'],
    `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
  );
  record = withField(record, ['userIdentity', 'sessionContext', 'sessionIssuer'], {
    type: 'Role',
    arn: `arn:aws:iam::${account}:role/${roleName}`,
    accountId: account,
    userName: roleName,
  });
  return wrapCloudTrailRecord(record);
}

/** The new checklist's repository-level controls, compliant on an unremarkable repository. */
const CHECKLIST_COMPLIANT = {
  naming: 'compliant',
  'repository-policy': 'compliant',
  encryption: 'compliant',
  'tag-strategy': 'compliant',
} as const;

/** Each control's status, by name, of the one repository a response reports. */
function statuses(result: EnforceRepositoryResponse): Record<string, string> {
  const [repository] = 'repositories' in result ? result.repositories : [];
  return Object.fromEntries((repository?.controls ?? []).map((c) => [c.control, c.status]));
}

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<EnforceRepositoryResponse>;

describe('Function: enforce-repository (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let ecr: ECRClient;
  let handler: Handler;
  const invoke = (event: unknown): Promise<EnforceRepositoryResponse> =>
    handler(event, lambdaContext('ecr-guard-enforce-repository'));

  beforeAll(async () => {
    proxy = await startAwsProxy({ target: endpoint });
    // The handler builds its clients from the environment, like in Lambda.
    process.env.AWS_ENDPOINT_URL = proxy.endpoint;
    process.env.AWS_REGION = REGION;
    process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    ({ handler } = (await import('#functions/enforce-repository.ts')) as { handler: Handler });
    ecr = arrangeClient(endpoint, REGION);
  });

  afterAll(async () => {
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    proxy.clear();
  });

  async function describeRepository(): Promise<Record<string, unknown>> {
    const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [REPOSITORY] }));
    return out.repositories?.[0] as Record<string, unknown>;
  }

  async function lifecyclePolicy(): Promise<string | undefined> {
    const out = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: REPOSITORY }));
    return out.lifecyclePolicyText;
  }

  it('makes a mutable repository without lifecycle policy or scan on push compliant after one push', async () => {
    // Prepare
    await createRepository(ecr, REPOSITORY);

    // Act
    const result = await invoke(PUSH);

    // Assess
    expect(result).toMatchObject({
      outcome: 'enforced',
      repositories: [{ repositoryName: REPOSITORY }],
    });
    expect(statuses(result)).toEqual({
      immutability: 'remediated',
      lifecycle: 'remediated',
      scanning: 'remediated',
      ...CHECKLIST_COMPLIANT,
    });
    expect(await describeRepository()).toMatchObject({
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filter: 'latest', filterType: 'WILDCARD' }],
      imageScanningConfiguration: { scanOnPush: true },
    });
    expect(JSON.parse((await lifecyclePolicy()) ?? '{}').rules).toHaveLength(4);
    expect(proxy.operations().filter(isWriteOperation)).toEqual([
      'ecr:PutImageTagMutability',
      'ecr:PutLifecyclePolicy',
      'ecr:PutImageScanningConfiguration',
    ]);
  });

  it('costs four reads and no write on a compliant repository, once the registry configuration is cached', async () => {
    // Prepare
    await createRepository(ecr, REPOSITORY);
    await invoke(PUSH);
    proxy.clear();

    // Act
    const result = await invoke(PUSH);

    // Assess
    expect(new Set(Object.values(statuses(result)))).toEqual(new Set(['compliant']));
    // The repository (a sweep has it from its listing), its lifecycle policy, its policy
    // (repository-policy) and its images (tag-strategy, shared with the lifecycle guard).
    expect(proxy.operations().sort()).toEqual([
      'ecr:DescribeImages',
      'ecr:DescribeRepositories',
      'ecr:GetLifecyclePolicy',
      'ecr:GetRepositoryPolicy',
    ]);
  });

  it('leaves a team lifecycle policy in place (add-if-missing)', async () => {
    // Prepare
    await createRepository(ecr, REPOSITORY, { lifecyclePolicyText: TEAM_POLICY });

    // Act
    await invoke(PUSH);

    // Assess
    expect(JSON.parse((await lifecyclePolicy()) ?? '{}')).toEqual(JSON.parse(TEAM_POLICY));
    expect(proxy.operations()).not.toContain('ecr:PutLifecyclePolicy');
  });

  it('leaves an exempt repository untouched and reports the exemption', async () => {
    // Prepare
    await createRepository(ecr, REPOSITORY, {
      tags: { 'ecr-guard:exempt': 'all', 'ecr-guard:exempt-reason': 'vendor image mirror' },
    });

    // Act
    const result = await invoke(PUSH);

    // Assess
    expect(result).toMatchObject({
      repositories: [
        {
          controls: expect.arrayContaining([
            {
              control: 'immutability',
              status: 'exempt',
              reason: 'tag ecr-guard:exempt=all: vendor image mirror',
              writes: [],
            },
          ]),
        },
      ],
    });
    expect(statuses(result)).toEqual({
      immutability: 'exempt',
      lifecycle: 'exempt',
      scanning: 'exempt',
      ...CHECKLIST_COMPLIANT,
    });
    expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
  });

  it('enforces a repository whose exemption has expired', async () => {
    // Prepare
    await createRepository(ecr, REPOSITORY, {
      tags: { 'ecr-guard:exempt': 'all', 'ecr-guard:exempt-until': '2020-01-31' },
    });

    // Act
    const result = await invoke(PUSH);

    // Assess
    expect(statuses(result)).toEqual({
      immutability: 'remediated',
      lifecycle: 'remediated',
      scanning: 'remediated',
      ...CHECKLIST_COMPLIANT,
    });
    expect(result).toMatchObject({
      repositories: [
        {
          ignoredExemptions: [
            { source: 'tag', reason: expect.stringContaining('expired on 2020-01-31') },
          ],
        },
      ],
    });
  });

  it('re-applies the standard when someone deletes the lifecycle policy (drift)', async () => {
    // Prepare
    await createRepository(ecr, REPOSITORY);
    await invoke(PUSH);
    proxy.clear();
    await ecr.send(
      new (await import('@aws-sdk/client-ecr')).DeleteLifecyclePolicyCommand({
        repositoryName: REPOSITORY,
      }),
    );

    // Act
    const result = await invoke(driftEvent('DeleteLifecyclePolicy'));

    // Assess
    expect(statuses(result)).toEqual({
      immutability: 'compliant',
      lifecycle: 'remediated',
      scanning: 'compliant',
      ...CHECKLIST_COMPLIANT,
    });
    expect(await lifecyclePolicy()).toBeDefined();
  });

  it("ignores a drift event caused by ecr-guard's own role (no loop)", async () => {
    // Prepare
    await createRepository(ecr, REPOSITORY);

    // Act
    const result = await invoke(
      driftEvent('PutLifecyclePolicy', 'ecr-guard-remediation', 'ecr-guard-sweep-worker'),
    );

    // Assess
    expect(result).toEqual({
      outcome: 'ignored',
      reason:
        'change made by ecr-guard itself (arn:aws:iam::123456789012:role/ecr-guard-remediation, session ecr-guard-sweep-worker)',
    });
    expect(proxy.operations()).toEqual([]);
  });

  it.each([
    ['not an event', { hello: 'world' }],
    ['a bad account id', withField(PUSH, ['account'], '12345')],
    ['an invalid repository name', withField(PUSH, ['detail', 'repository-name'], 'Not_Valid!')],
  ])('drops %s with the reason and makes no AWS call at all', async (_what, event) => {
    // Act
    const result = await invoke(event);

    // Assess
    expect(result).toMatchObject({ outcome: 'rejected', reason: expect.any(String) });
    expect(proxy.operations()).toEqual([]);
  });

  it('skips a repository that no longer exists', async () => {
    // Act
    const result = await invoke(PUSH);

    // Assess
    expect(result).toMatchObject({ repositories: [{ outcome: 'skipped' }] });
    expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
  });
});
