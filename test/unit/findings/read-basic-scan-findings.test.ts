import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeImageScanFindingsCommand,
  ECRClient,
  ImageNotFoundException,
  ScanNotFoundException,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsCallError } from '#lib/aws/index.ts';
import { readBasicScanFindings } from '#lib/findings/index.ts';
import {
  basicFinding,
  enhancedFinding,
  scanFindingsResponse,
} from '../../../harness/aws-response-fixtures.ts';

const IMAGE = {
  account: '123456789012',
  region: 'us-east-1',
  repositoryName: 'my-repository-name',
  imageDigest: 'sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234',
};

function page(options: Parameters<typeof scanFindingsResponse>[0] = IMAGE): object {
  return scanFindingsResponse({ ...IMAGE, ...options });
}

describe('Function: readBasicScanFindings', () => {
  const ecr = mockClient(ECRClient);
  afterEach(() => ecr.reset());

  it('asks for 1,000 findings at a time, in the event account', async () => {
    // Prepare
    ecr
      .on(DescribeImageScanFindingsCommand)
      .resolves(page({ ...IMAGE, findings: [basicFinding()] }));

    // Act
    await readBasicScanFindings(new ECRClient({}), IMAGE);

    // Assess
    expect(ecr).toHaveReceivedCommandWith(DescribeImageScanFindingsCommand, {
      registryId: IMAGE.account,
      repositoryName: IMAGE.repositoryName,
      imageId: { imageDigest: IMAGE.imageDigest },
      maxResults: 1000,
    });
  });

  it('reads every page, and both findings and enhancedFindings', async () => {
    // Prepare
    ecr
      .on(DescribeImageScanFindingsCommand)
      .resolvesOnce({ ...page({ ...IMAGE, findings: [basicFinding()] }), nextToken: 'page-2' })
      .resolvesOnce({
        ...page({ ...IMAGE, findings: [basicFinding({ name: 'CVE-2020-0001' })] }),
        nextToken: 'page-3',
      })
      .resolvesOnce(page({ ...IMAGE, enhancedFindings: [enhancedFinding()] }));

    // Act
    const scan = await readBasicScanFindings(new ECRClient({}), IMAGE);

    // Assess
    expect(ecr).toHaveReceivedCommandTimes(DescribeImageScanFindingsCommand, 3);
    expect(ecr).toHaveReceivedNthCommandWith(DescribeImageScanFindingsCommand, 3, {
      nextToken: 'page-3',
    });
    expect(scan).toMatchObject({
      status: 'complete',
      scanner: 'basic',
      pushedAt: '2025-05-27T17:53:50.554Z',
    });
    expect(scan.status === 'complete' && scan.findings.map((f) => f.id)).toEqual([
      'CVE-2019-5188',
      'CVE-2020-0001',
      'CVE-2022-49043',
    ]);
  });

  it('stops when the service answers the same token again', async () => {
    // Prepare
    ecr
      .on(DescribeImageScanFindingsCommand)
      .resolves({ ...page({ ...IMAGE, findings: [basicFinding()] }), nextToken: 'same' });

    // Act
    await readBasicScanFindings(new ECRClient({}), IMAGE);

    // Assess
    expect(ecr).toHaveReceivedCommandTimes(DescribeImageScanFindingsCommand, 2);
  });

  it.each(['FAILED', 'UNSUPPORTED_IMAGE', 'SCAN_ELIGIBILITY_EXPIRED', 'FINDINGS_UNAVAILABLE'])(
    'reports a %s scan as not complete, not as "no findings"',
    async (status) => {
      // Prepare
      ecr
        .on(DescribeImageScanFindingsCommand)
        .resolves(page({ ...IMAGE, status, description: `the scan is ${status}` }));

      // Act
      const scan = await readBasicScanFindings(new ECRClient({}), IMAGE);

      // Assess
      expect(scan).toEqual({
        status: 'not-complete',
        scanner: 'basic',
        scanStatus: status,
        description: `the scan is ${status}`,
      });
    },
  );

  it("reads an enhanced registry's ACTIVE (continuous) scan as complete", async () => {
    // Prepare
    ecr
      .on(DescribeImageScanFindingsCommand)
      .resolves(page({ ...IMAGE, status: 'ACTIVE', enhancedFindings: [enhancedFinding()] }));

    // Act
    const scan = await readBasicScanFindings(new ECRClient({}), IMAGE);

    // Assess
    expect(scan.status).toBe('complete');
  });

  it('reports an image without a scan as SCAN_NOT_FOUND', async () => {
    // Prepare
    ecr
      .on(DescribeImageScanFindingsCommand)
      .rejects(new ScanNotFoundException({ message: 'no scan', $metadata: {} }));

    // Act
    const scan = await readBasicScanFindings(new ECRClient({}), IMAGE);

    // Assess
    expect(scan).toMatchObject({ status: 'not-complete', scanStatus: 'SCAN_NOT_FOUND' });
  });

  it('reports an image that is gone', async () => {
    // Prepare
    ecr
      .on(DescribeImageScanFindingsCommand)
      .rejects(new ImageNotFoundException({ message: 'gone', $metadata: {} }));

    // Act
    const scan = await readBasicScanFindings(new ECRClient({}), IMAGE);

    // Assess
    expect(scan).toEqual({ status: 'image-not-found', scanner: 'basic', reason: 'gone' });
  });

  it('throws a retryable AwsCallError when ECR throttles', async () => {
    // Prepare
    ecr.on(DescribeImageScanFindingsCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // Act
    const reading = readBasicScanFindings(new ECRClient({}), IMAGE);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(AwsCallError);
    await expect(reading).rejects.toMatchObject({
      retryable: true,
      operation: 'ecr:DescribeImageScanFindings',
    });
  });
});
