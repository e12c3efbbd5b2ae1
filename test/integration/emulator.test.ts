/**
 * The AWS emulator the integration tests rely on works through the real AWS SDK:
 * ECR state, cross-account access through STS, and reset between tests.
 */
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { resetEmulator } from '../../harness/emulator.ts';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const endpoint = inject('awsEndpoint');
const region = 'us-east-1';
const OTHER_ACCOUNT = '222222222222';
const callerCredentials: Credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

const clients: { destroy(): void }[] = [];

function ecrClient(credentials: Credentials = callerCredentials): ECRClient {
  const client = new ECRClient({ endpoint, region, credentials });
  clients.push(client);
  return client;
}

function stsClient(credentials: Credentials = callerCredentials): STSClient {
  const client = new STSClient({ endpoint, region, credentials });
  clients.push(client);
  return client;
}

async function accountOf(credentials: Credentials): Promise<string | undefined> {
  const identity = await stsClient(credentials).send(new GetCallerIdentityCommand({}));
  return identity.Account;
}

async function assumeRoleIn(accountId: string): Promise<Credentials> {
  const { Credentials: issued } = await stsClient().send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/ecr-guard`,
      RoleSessionName: 'emulator-test',
    }),
  );
  if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken) {
    throw new Error('AssumeRole returned no credentials');
  }
  return {
    accessKeyId: issued.AccessKeyId,
    secretAccessKey: issued.SecretAccessKey,
    sessionToken: issued.SessionToken,
  };
}

async function repositoryNames(client: ECRClient): Promise<string[]> {
  const { repositories = [] } = await client.send(new DescribeRepositoriesCommand({}));
  return repositories.map((repository) => repository.repositoryName ?? '').sort();
}

describe('AWS emulator', () => {
  beforeEach(async () => {
    await resetEmulator(endpoint);
  });

  afterAll(() => {
    for (const client of clients) client.destroy();
  });

  it('creates an ECR repository and reads it back', async () => {
    const ecr = ecrClient();
    const account = await accountOf(callerCredentials);

    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'team/app',
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest' }],
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
    const { repositories } = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: ['team/app'] }),
    );

    expect(repositories).toEqual([
      expect.objectContaining({
        repositoryName: 'team/app',
        registryId: account,
        repositoryArn: `arn:aws:ecr:${region}:${account}:repository/team/app`,
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest' }],
        imageScanningConfiguration: { scanOnPush: true },
        createdAt: expect.any(Date),
      }),
    ]);
    await expect(
      ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['missing'] })),
    ).rejects.toBeInstanceOf(RepositoryNotFoundException);
  });

  it('assumes a role in another account, whose repositories are its own', async () => {
    const roleCredentials = await assumeRoleIn(OTHER_ACCOUNT);
    const own = ecrClient();
    const other = ecrClient(roleCredentials);

    expect(await accountOf(roleCredentials)).toBe(OTHER_ACCOUNT);
    expect(await accountOf(callerCredentials)).not.toBe(OTHER_ACCOUNT);

    await own.send(new CreateRepositoryCommand({ repositoryName: 'own/repo' }));
    const { repository } = await other.send(
      new CreateRepositoryCommand({ repositoryName: 'other/repo' }),
    );

    expect(repository?.registryId).toBe(OTHER_ACCOUNT);
    expect(repository?.repositoryArn).toBe(
      `arn:aws:ecr:${region}:${OTHER_ACCOUNT}:repository/other/repo`,
    );
    expect(await repositoryNames(own)).toEqual(['own/repo']);
    expect(await repositoryNames(other)).toEqual(['other/repo']);
  });

  it('forgets every account on reset', async () => {
    const other = ecrClient(await assumeRoleIn(OTHER_ACCOUNT));
    const own = ecrClient();
    await own.send(new CreateRepositoryCommand({ repositoryName: 'own/repo' }));
    await other.send(new CreateRepositoryCommand({ repositoryName: 'other/repo' }));
    expect(await repositoryNames(own)).toEqual(['own/repo']);

    await resetEmulator(endpoint);

    expect(await repositoryNames(own)).toEqual([]);
    expect(await repositoryNames(other)).toEqual([]);
  });
});
