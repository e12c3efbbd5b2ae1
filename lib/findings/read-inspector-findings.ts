/**
 * Reads an image's findings from Inspector (`inspector2:ListFindings`), every page.
 *
 * @module
 */
import type {
  FilterCriteria,
  Inspector2Client,
  ListFindingsCommandOutput,
} from '@aws-sdk/client-inspector2';
import { toAwsCallError } from '#lib/aws/index.ts';
import type { Finding, ScanResult } from './finding.ts';
import { fromInspectorFinding, pushedAtOf } from './from-inspector-finding.ts';
import type { ScannedImage } from './scanned-image.ts';

/** Inspector's largest page of `ListFindings`. */
export const INSPECTOR_FINDINGS_PAGE_SIZE = 100;
/** A guard against a service that keeps answering with a next page (10,000 findings). */
export const MAX_INSPECTOR_FINDINGS_PAGES = 100;

const OPERATION = 'inspector2:ListFindings';

/**
 * The filter that selects the active findings of one image: its digest (`ecrImageHash`), its
 * repository, and its account (a delegated administrator sees its members' findings too).
 *
 * @example
 * ```ts
 * inspectorFilterFor({ account: '123456789012', region: 'us-east-1', repositoryName: 'app', imageDigest: 'sha256:…' });
 * ```
 */
export function inspectorFilterFor(image: ScannedImage): FilterCriteria {
  const equals = (value: string) => [{ comparison: 'EQUALS' as const, value }];
  return {
    awsAccountId: equals(image.account),
    ecrImageRepositoryName: equals(image.repositoryName),
    ecrImageHash: equals(image.imageDigest),
    findingStatus: equals('ACTIVE'),
  };
}

/**
 * Reads every active Inspector finding of an image, all pages. An enhanced scan's completion
 * event is the only trigger, so the scan is complete by the time this runs.
 *
 * @param client - an Inspector client acting in the image's account and region
 * @param image - the image
 * @returns the findings (none is a valid answer: a clean image)
 * @throws AwsCallError when Inspector fails (`retryable` tells whether to try again)
 *
 * @example
 * ```ts
 * const scan = await readInspectorFindings(inspector, {
 *   account: '123456789012', region: 'us-east-2',
 *   repositoryName: 'amazon/amazon-ecs-sample', imageDigest: 'sha256:…',
 * });
 * ```
 */
export async function readInspectorFindings(
  client: Inspector2Client,
  image: ScannedImage,
): Promise<ScanResult> {
  // Loaded on first use: only enhanced scans need Inspector, and loading its client is a
  // noticeable part of a cold start (docs/ARCHITECTURE.md, section 8).
  const { ListFindingsCommand } = await import('@aws-sdk/client-inspector2');
  const filterCriteria = inspectorFilterFor(image);
  const findings: Finding[] = [];
  let pushedAt: string | undefined;
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_INSPECTOR_FINDINGS_PAGES; page += 1) {
    let out: ListFindingsCommandOutput;
    try {
      out = await client.send(
        new ListFindingsCommand({
          filterCriteria,
          maxResults: INSPECTOR_FINDINGS_PAGE_SIZE,
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
      );
    } catch (error) {
      throw toAwsCallError(error, {
        operation: OPERATION,
        account: image.account,
        region: image.region,
      });
    }
    const pageFindings = out.findings ?? [];
    for (const finding of pageFindings) findings.push(...fromInspectorFinding(finding));
    pushedAt ??= pushedAtOf(pageFindings);
    if (out.nextToken === undefined || out.nextToken === '' || out.nextToken === nextToken) break;
    nextToken = out.nextToken;
  }
  return {
    status: 'complete',
    scanner: 'enhanced',
    findings,
    ...(pushedAt === undefined ? {} : { pushedAt }),
  };
}
