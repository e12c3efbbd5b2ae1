/**
 * The loopback proxy's stand-ins for the ECR APIs moto lacks (repository creation templates,
 * account settings, pull-through cache rules), through the real SDK: the shapes of the API
 * reference, state per account and region, the documented errors.
 */
import {
  CreatePullThroughCacheRuleCommand,
  CreateRepositoryCreationTemplateCommand,
  DeletePullThroughCacheRuleCommand,
  DeleteRepositoryCreationTemplateCommand,
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoryCreationTemplatesCommand,
  type ECRClient,
  GetAccountSettingCommand,
  PullThroughCacheRuleNotFoundException,
  PutAccountSettingCommand,
  TemplateAlreadyExistsException,
  TemplateNotFoundException,
  UpdateRepositoryCreationTemplateCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type AwsProxy, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { MEMBER_ACCOUNT, memberEcrClient } from '../support/member-account.ts';

const REGION = 'eu-west-1';

describe('Harness: the ECR stand-ins on the loopback proxy', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let ecr: ECRClient;

  beforeAll(async () => {
    proxy = await startAwsProxy({ target: endpoint });
  });

  afterAll(async () => {
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    proxy.resetStandIns();
    ecr = arrangeClient(proxy.endpoint, REGION);
  });

  it('creates, describes, updates and deletes a repository creation template', async () => {
    // Act
    const created = await ecr.send(
      new CreateRepositoryCreationTemplateCommand({
        prefix: 'ROOT',
        appliedFor: ['PULL_THROUGH_CACHE'],
        imageTagMutability: 'IMMUTABLE',
      }),
    );
    await ecr.send(
      new UpdateRepositoryCreationTemplateCommand({
        prefix: 'ROOT',
        appliedFor: ['PULL_THROUGH_CACHE', 'REPLICATION'],
        lifecyclePolicy: '{"rules":[]}',
      }),
    );
    const described = await ecr.send(new DescribeRepositoryCreationTemplatesCommand({}));
    await ecr.send(new DeleteRepositoryCreationTemplateCommand({ prefix: 'ROOT' }));
    const after = await ecr.send(new DescribeRepositoryCreationTemplatesCommand({}));

    // Assess: ECR's defaults filled in, timestamps as dates, what was not updated kept.
    expect(created.registryId).toBe('123456789012');
    expect(created.repositoryCreationTemplate?.createdAt).toBeInstanceOf(Date);
    expect(described.repositoryCreationTemplates).toEqual([
      expect.objectContaining({
        prefix: 'ROOT',
        appliedFor: ['PULL_THROUGH_CACHE', 'REPLICATION'],
        imageTagMutability: 'IMMUTABLE',
        lifecyclePolicy: '{"rules":[]}',
        encryptionConfiguration: { encryptionType: 'AES256' },
      }),
    ]);
    expect(after.repositoryCreationTemplates).toEqual([]);
    expect(proxy.operations({ service: 'ecr' })).toContain(
      'ecr:DescribeRepositoryCreationTemplates',
    );
  });

  it('answers the errors the API reference lists', async () => {
    // Prepare
    const create = new CreateRepositoryCreationTemplateCommand({
      prefix: 'team-a',
      appliedFor: ['REPLICATION'],
    });
    await ecr.send(create);

    // Act / Assess
    await expect(ecr.send(create)).rejects.toBeInstanceOf(TemplateAlreadyExistsException);
    await expect(
      ecr.send(new UpdateRepositoryCreationTemplateCommand({ prefix: 'nope' })),
    ).rejects.toBeInstanceOf(TemplateNotFoundException);
    await expect(
      ecr.send(new DeletePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'nope' })),
    ).rejects.toBeInstanceOf(PullThroughCacheRuleNotFoundException);
    await expect(
      ecr.send(new PutAccountSettingCommand({ name: 'BASIC_SCAN_TYPE_VERSION', value: 'OTHER' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('keeps account settings per account: the member account’s change is its own', async () => {
    // Prepare
    const member = await memberEcrClient(proxy.endpoint, REGION);

    // Act
    await member.send(
      new PutAccountSettingCommand({ name: 'BASIC_SCAN_TYPE_VERSION', value: 'CLAIR' }),
    );
    const central = await ecr.send(
      new GetAccountSettingCommand({ name: 'BASIC_SCAN_TYPE_VERSION' }),
    );
    const theirs = await member.send(
      new GetAccountSettingCommand({ name: 'BASIC_SCAN_TYPE_VERSION' }),
    );

    // Assess
    expect(central).toMatchObject({ name: 'BASIC_SCAN_TYPE_VERSION', value: 'AWS_NATIVE' });
    expect(theirs).toMatchObject({ name: 'BASIC_SCAN_TYPE_VERSION', value: 'CLAIR' });
    expect(MEMBER_ACCOUNT).not.toBe('123456789012');
  });

  it('creates, lists and deletes pull-through cache rules, besides the seeded ones', async () => {
    // Prepare
    const seeded = await startAwsProxy({
      target: endpoint,
      pullThroughCachePrefixes: ['ecr-public'],
    });
    const client = arrangeClient(seeded.endpoint, REGION);
    try {
      // Act
      await client.send(
        new CreatePullThroughCacheRuleCommand({
          ecrRepositoryPrefix: 'docker-hub',
          upstreamRegistryUrl: 'registry-1.docker.io',
          upstreamRegistry: 'docker-hub',
        }),
      );
      const listed = await client.send(new DescribePullThroughCacheRulesCommand({}));
      await client.send(
        new DeletePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'docker-hub' }),
      );
      const after = await client.send(new DescribePullThroughCacheRulesCommand({}));

      // Assess
      expect(listed.pullThroughCacheRules?.map((r) => r.ecrRepositoryPrefix)).toEqual([
        'ecr-public',
        'docker-hub',
      ]);
      expect(listed.pullThroughCacheRules?.[1]).toMatchObject({
        upstreamRegistryUrl: 'registry-1.docker.io',
        registryId: '123456789012',
      });
      expect(after.pullThroughCacheRules?.map((r) => r.ecrRepositoryPrefix)).toEqual([
        'ecr-public',
      ]);
    } finally {
      await seeded.close();
    }
  });
});
