/**
 * Reads an image's findings from ECR (`DescribeImageScanFindings`), every page.
 *
 * @module
 */
import {
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsCommandOutput,
  type ECRClient,
  ImageNotFoundException,
  RepositoryNotFoundException,
  ScanNotFoundException,
} from '@aws-sdk/client-ecr';
import { toAwsCallError } from '#lib/aws/index.ts';
import type { Finding, ScanResult } from './finding.ts';
import { fromBasicFinding } from './from-basic-finding.ts';
import { fromInspectorFinding, pushedAtOf } from './from-inspector-finding.ts';
import type { ScannedImage } from './scanned-image.ts';

/** ECR's largest page of `DescribeImageScanFindings`. */
export const SCAN_FINDINGS_PAGE_SIZE = 1000;
/** A guard against a service that keeps answering with a next page (100,000 findings). */
export const MAX_SCAN_FINDINGS_PAGES = 100;
/**
 * Scan statuses whose findings can be read: `COMPLETE` (basic scanning) and `ACTIVE`
 * (enhanced scanning, where the scan is continuous).
 */
export const READABLE_SCAN_STATUSES: ReadonlySet<string> = new Set(['COMPLETE', 'ACTIVE']);

const OPERATION = 'ecr:DescribeImageScanFindings';

/**
 * Reads every finding of an image from ECR: `findings` (basic scanning) and
 * `enhancedFindings` (Inspector's, when the registry uses enhanced scanning), all pages.
 *
 * 1. Ask for the first page, 1,000 findings at a time.
 * 2. A scan status other than `COMPLETE` or `ACTIVE` is returned as such, not as "no findings".
 * 3. Follow `nextToken` until the last page.
 *
 * @param client - an ECR client acting in the image's account and region
 * @param image - the image
 * @returns the findings; `not-complete` with ECR's status (`SCAN_NOT_FOUND` when there is no
 *   scan at all); `image-not-found` when the image or repository is gone
 * @throws AwsCallError for any other failure (`retryable` tells whether to try again)
 *
 * @example
 * ```ts
 * const scan = await readBasicScanFindings(ecr, {
 *   account: '123456789012', region: 'us-east-1',
 *   repositoryName: 'payments-api', imageDigest: 'sha256:…',
 * });
 * if (scan.status === 'complete') console.log(scan.findings.length);
 * ```
 */
export async function readBasicScanFindings(
  client: ECRClient,
  image: ScannedImage,
): Promise<ScanResult> {
  const findings: Finding[] = [];
  let pushedAt: string | undefined;
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_SCAN_FINDINGS_PAGES; page += 1) {
    let out: DescribeImageScanFindingsCommandOutput;
    try {
      out = await client.send(
        new DescribeImageScanFindingsCommand({
          registryId: image.account,
          repositoryName: image.repositoryName,
          imageId: { imageDigest: image.imageDigest },
          maxResults: SCAN_FINDINGS_PAGE_SIZE,
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
      );
    } catch (error) {
      const outcome = outcomeOfError(error);
      if (outcome !== undefined) return outcome;
      throw toAwsCallError(error, {
        operation: OPERATION,
        account: image.account,
        region: image.region,
      });
    }
    const status = out.imageScanStatus?.status ?? 'UNKNOWN';
    if (!READABLE_SCAN_STATUSES.has(status)) {
      const description = out.imageScanStatus?.description;
      return {
        status: 'not-complete',
        scanner: 'basic',
        scanStatus: status,
        ...(description ? { description } : {}),
      };
    }
    const scanFindings = out.imageScanFindings;
    for (const finding of scanFindings?.findings ?? []) findings.push(fromBasicFinding(finding));
    const enhanced = scanFindings?.enhancedFindings ?? [];
    for (const finding of enhanced) findings.push(...fromInspectorFinding(finding));
    pushedAt ??= pushedAtOf(enhanced);
    // A token equal to the one sent would loop forever.
    if (out.nextToken === undefined || out.nextToken === '' || out.nextToken === nextToken) break;
    nextToken = out.nextToken;
  }
  return {
    status: 'complete',
    scanner: 'basic',
    findings,
    ...(pushedAt === undefined ? {} : { pushedAt }),
  };
}

function outcomeOfError(error: unknown): ScanResult | undefined {
  if (error instanceof ScanNotFoundException) {
    return {
      status: 'not-complete',
      scanner: 'basic',
      scanStatus: 'SCAN_NOT_FOUND',
      description: error.message,
    };
  }
  if (error instanceof ImageNotFoundException || error instanceof RepositoryNotFoundException) {
    return { status: 'image-not-found', scanner: 'basic', reason: error.message };
  }
  return undefined;
}
