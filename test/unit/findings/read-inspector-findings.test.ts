import 'aws-sdk-client-mock-vitest/extend';
import {
  AccessDeniedException,
  Inspector2Client,
  ListFindingsCommand,
} from '@aws-sdk/client-inspector2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { readInspectorFindings } from '#lib/findings/index.ts';
import { enhancedFinding, inspectorFindings } from '../../../harness/aws-response-fixtures.ts';

const IMAGE = {
  account: '123456789012',
  region: 'us-east-2',
  repositoryName: 'amazon/amazon-ecs-sample',
  imageDigest: 'sha256:36c7b282abd0186e01419f2e58743e1bf635808231049bbc9d77e5EXAMPLE',
};

describe('Function: readInspectorFindings', () => {
  const inspector = mockClient(Inspector2Client);
  afterEach(() => inspector.reset());

  it('filters by image hash, repository, account and active status, 100 at a time', async () => {
    // Prepare
    inspector.on(ListFindingsCommand).resolves({ findings: [] });

    // Act
    await readInspectorFindings(new Inspector2Client({}), IMAGE);

    // Assess
    expect(inspector).toHaveReceivedCommandWith(ListFindingsCommand, {
      maxResults: 100,
      filterCriteria: {
        ecrImageHash: [{ comparison: 'EQUALS', value: IMAGE.imageDigest }],
        ecrImageRepositoryName: [{ comparison: 'EQUALS', value: IMAGE.repositoryName }],
        awsAccountId: [{ comparison: 'EQUALS', value: IMAGE.account }],
        findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
      },
    });
  });

  it('reads every page', async () => {
    // Prepare
    const [a, b] = inspectorFindings();
    inspector
      .on(ListFindingsCommand)
      .resolvesOnce({ findings: [a], nextToken: 't2' } as never)
      .resolvesOnce({ findings: [b], nextToken: 't3' } as never)
      .resolvesOnce({ findings: [enhancedFinding()] } as never);

    // Act
    const scan = await readInspectorFindings(new Inspector2Client({}), IMAGE);

    // Assess
    expect(inspector).toHaveReceivedCommandTimes(ListFindingsCommand, 3);
    expect(inspector).toHaveReceivedNthCommandWith(ListFindingsCommand, 2, { nextToken: 't2' });
    expect(scan.status === 'complete' && scan.findings).toHaveLength(3);
    expect(scan).toMatchObject({ scanner: 'enhanced', pushedAt: '2025-05-27T17:53:50.554Z' });
  });

  it('answers a clean image with a complete scan without findings', async () => {
    // Prepare
    inspector.on(ListFindingsCommand).resolves({ findings: [] });

    // Act
    const scan = await readInspectorFindings(new Inspector2Client({}), IMAGE);

    // Assess
    expect(scan).toEqual({ status: 'complete', scanner: 'enhanced', findings: [] });
  });

  it('throws a non-retryable error when access is denied', async () => {
    // Prepare
    inspector
      .on(ListFindingsCommand)
      .rejects(
        new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } }),
      );

    // Act
    const reading = readInspectorFindings(new Inspector2Client({}), IMAGE);

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'inspector2:ListFindings',
      retryable: false,
    });
  });
});
