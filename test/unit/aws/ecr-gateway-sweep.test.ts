import {
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, EcrGateway } from '#lib/aws/index.ts';

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

  describe('Method: listRepositoryPages', () => {
    it('reads from a start token, 100 repositories a page by default, and gives each page its next token', async () => {
      // Prepare
      ecr
        .on(DescribeRepositoriesCommand, { maxResults: 100, nextToken: 'page-7' })
        .resolves({ repositories: [repository('a'), repository('b')], nextToken: 'page-8' })
        .on(DescribeRepositoriesCommand, { maxResults: 100, nextToken: 'page-8' })
        .resolves({ repositories: [repository('c')] });
      const gateway = new EcrGateway({
        client: new ECRClient({}),
        account: ACCOUNT,
        region: REGION,
      });

      // Act
      const pages: Array<{ names: string[]; nextToken?: string }> = [];
      for await (const page of gateway.listRepositoryPages({ startToken: 'page-7' })) {
        pages.push({
          names: page.repositories.map((r) => r.repositoryName),
          ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
        });
      }

      // Assess
      expect(pages).toEqual([{ names: ['a', 'b'], nextToken: 'page-8' }, { names: ['c'] }]);
      expect(ecr).toHaveReceivedCommandTimes(DescribeRepositoriesCommand, 2);
    });

    it('names the operation, the account and the region when a page cannot be read', async () => {
      // Prepare
      ecr.on(DescribeRepositoriesCommand).rejects(
        Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      const gateway = new EcrGateway({
        client: new ECRClient({ maxAttempts: 1 }),
        account: ACCOUNT,
        region: REGION,
      });

      // Act
      const read = async (): Promise<void> => {
        for await (const _page of gateway.listRepositoryPages({ pageSize: 10 })) {
          // nothing: the first page fails
        }
      };

      // Assess
      await expect(read()).rejects.toMatchObject({
        name: 'AwsCallError',
        operation: 'ecr:DescribeRepositories',
        account: ACCOUNT,
        region: REGION,
        retryable: true,
      });
    });
  });

  describe('Method: getPullThroughCachePrefixes', () => {
    it('reads the rules of every page once, then reuses them', async () => {
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
        gateway.getPullThroughCachePrefixes(),
        gateway.getPullThroughCachePrefixes(),
      ]);
      const third = await gateway.getPullThroughCachePrefixes();

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
      const first = gateway.getPullThroughCachePrefixes();
      const second = gateway.getPullThroughCachePrefixes();

      // Assess
      await expect(first).rejects.toThrow(AwsCallError);
      await expect(second).rejects.toThrow(/ecr:DescribePullThroughCacheRules failed/);
      expect(ecr).toHaveReceivedCommandTimes(DescribePullThroughCacheRulesCommand, 1);
    });
  });
});
