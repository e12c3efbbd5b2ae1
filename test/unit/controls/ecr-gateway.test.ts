import {
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError } from '#lib/aws/index.ts';
import { EcrGateway, pullThroughCacheFact } from '#lib/controls/index.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

function repository(name: string): Record<string, unknown> {
  return {
    repositoryName: name,
    repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`,
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false },
  };
}

describe('Class: EcrGateway', () => {
  const ecr = mockClient(ECRClient);

  beforeEach(() => {
    ecr.reset();
  });

  describe('Method: listRepositories', () => {
    it('reads every page, 1,000 repositories at a time', async () => {
      // Prepare
      const first = Array.from({ length: 1000 }, (_, i) => repository(`team/app-${i}`));
      ecr
        .on(DescribeRepositoriesCommand, { maxResults: 1000 })
        .resolvesOnce({ repositories: first, nextToken: 'next' })
        .resolvesOnce({ repositories: [repository('last-one')] });
      const gateway = new EcrGateway({
        client: new ECRClient({}),
        account: ACCOUNT,
        region: REGION,
      });

      // Act
      const names: string[] = [];
      for await (const description of gateway.listRepositories())
        names.push(description.repositoryName);

      // Assess
      expect(names).toHaveLength(1001);
      expect(names.at(-1)).toBe('last-one');
      expect(ecr).toHaveReceivedCommandTimes(DescribeRepositoriesCommand, 2);
      expect(ecr).toHaveReceivedNthCommandWith(DescribeRepositoriesCommand, 2, {
        maxResults: 1000,
        nextToken: 'next',
      });
    });
  });

  describe('Method: readRegistryFact', () => {
    it('reads a registry fact once (every page of it), then reuses it', async () => {
      // Prepare
      ecr
        .on(DescribePullThroughCacheRulesCommand)
        .resolvesOnce({
          pullThroughCacheRules: [{ ecrRepositoryPrefix: 'docker-hub' }],
          nextToken: 'more',
        })
        .resolvesOnce({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'ecr-public' }] });
      const gateway = new EcrGateway({
        client: new ECRClient({}),
        account: ACCOUNT,
        region: REGION,
      });

      // Act
      const [first, second] = await Promise.all([
        gateway.readRegistryFact(pullThroughCacheFact),
        gateway.readRegistryFact(pullThroughCacheFact),
      ]);
      const third = await gateway.readRegistryFact(pullThroughCacheFact);

      // Assess
      expect(first).toEqual(['docker-hub', 'ecr-public']);
      expect(second).toBe(first);
      expect(third).toBe(first);
      expect(ecr).toHaveReceivedCommandTimes(DescribePullThroughCacheRulesCommand, 2);
    });

    it('keeps a refusal for as long as it would keep the rules, so each repository does not ask again', async () => {
      // Prepare
      ecr.on(DescribePullThroughCacheRulesCommand).rejects(
        Object.assign(new Error('not authorized to perform ecr:DescribePullThroughCacheRules'), {
          name: 'AccessDeniedException',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      const gateway = new EcrGateway({
        client: new ECRClient({}),
        account: ACCOUNT,
        region: REGION,
      });

      // Act
      const first = gateway.readRegistryFact(pullThroughCacheFact);
      const second = gateway.readRegistryFact(pullThroughCacheFact);

      // Assess
      await expect(first).rejects.toThrow(AwsCallError);
      await expect(second).rejects.toThrow(/ecr:DescribePullThroughCacheRules failed/);
      expect(ecr).toHaveReceivedCommandTimes(DescribePullThroughCacheRulesCommand, 1);
    });
  });
});
