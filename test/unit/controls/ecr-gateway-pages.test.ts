import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EcrGateway } from '#lib/controls/index.ts';

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
});
