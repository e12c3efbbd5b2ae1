import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  PutImageScanningConfigurationCommand,
  PutLifecyclePolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecr';

export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** An ECR client straight to the emulator, for arranging and inspecting test state. */
export function arrangeClient(endpoint: string, region: string): ECRClient {
  return new ECRClient({ endpoint, region, credentials: TEST_CREDENTIALS });
}

export interface RepositorySetup {
  mutability?: 'MUTABLE' | 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION';
  exclusions?: string[];
  scanOnPush?: boolean;
  lifecyclePolicyText?: string;
  tags?: Record<string, string>;
}

/** Creates a repository in the given state on the emulator. */
export async function createRepository(
  ecr: ECRClient,
  repositoryName: string,
  setup: RepositorySetup = {},
): Promise<void> {
  const mutability = setup.mutability ?? 'MUTABLE';
  await ecr.send(
    new CreateRepositoryCommand({
      repositoryName,
      imageTagMutability: mutability,
      ...(mutability === 'IMMUTABLE_WITH_EXCLUSION'
        ? {
            imageTagMutabilityExclusionFilters: (setup.exclusions ?? ['latest']).map((filter) => ({
              filter,
              filterType: 'WILDCARD' as const,
            })),
          }
        : {}),
    }),
  );
  if (setup.scanOnPush) {
    await ecr.send(
      new PutImageScanningConfigurationCommand({
        repositoryName,
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
  }
  if (setup.lifecyclePolicyText !== undefined) {
    await ecr.send(
      new PutLifecyclePolicyCommand({
        repositoryName,
        lifecyclePolicyText: setup.lifecyclePolicyText,
      }),
    );
  }
  const tags = Object.entries(setup.tags ?? {});
  if (tags.length > 0) {
    const { repositories } = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }),
    );
    await ecr.send(
      new TagResourceCommand({
        resourceArn: repositories?.[0]?.repositoryArn,
        tags: tags.map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  }
}

/**
 * Points the SDK clients that code under test builds from the environment (the handlers, as
 * in Lambda) at `endpoint`, with the emulator's credentials, plus any other variables.
 */
export function useAwsEnvironment(
  endpoint: string,
  region: string,
  variables: Record<string, string> = {},
): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    ...variables,
  });
}
