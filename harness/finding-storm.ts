/**
 * A continuous-scanning storm, derived from the real `Inspector2 Finding` sample (Amazon
 * Inspector user guide, test/fixtures/events/inspector2-finding-ecr-package-vulnerability-
 * openssl.aws-inspector-docs.json): one CVE on many images. Only the event and finding ids,
 * the digests, the repositories (and so the team tags of those repositories) change.
 */
import { createHash } from 'node:crypto';
import { loadEventFixture } from './fixtures.ts';

export const STORM_SAMPLE =
  'inspector2-finding-ecr-package-vulnerability-openssl.aws-inspector-docs.json';
/** The sample's account, region and CVE. */
export const STORM_ACCOUNT = '123456789012';
export const STORM_REGION = 'eu-central-1';
export const STORM_CVE = 'CVE-2024-6119';

/** One image of the storm. */
export interface StormImage {
  repositoryName: string;
  team: string;
  digest: string;
}

function hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * `count` images in as many repositories, spread round-robin over `teams`.
 *
 * @example
 * ```ts
 * stormImages(100, ['a', 'b', 'c', 'd', 'e']).length; // 100
 * ```
 */
export function stormImages(
  count: number,
  teams: readonly string[],
  prefix = 'storm',
): StormImage[] {
  return Array.from({ length: count }, (_, i) => {
    const team = teams[i % teams.length] ?? 'unowned';
    return {
      repositoryName: `${team}/${prefix}-${String(i).padStart(3, '0')}`,
      team,
      digest: `sha256:${hex(`${prefix}-${i}`)}`,
    };
  });
}

/**
 * The sample's event, about `image`, with `status` (the sample is `ACTIVE`). The finding id
 * is stable per image, so a closing event names the finding its opening event did.
 */
export function stormEvent(
  image: StormImage,
  status: 'ACTIVE' | 'CLOSED' = 'ACTIVE',
  serial = 0,
  where: { account?: string; region?: string; severity?: string } = {},
): unknown {
  const account = where.account ?? STORM_ACCOUNT;
  const region = where.region ?? STORM_REGION;
  const sample = loadEventFixture(STORM_SAMPLE) as {
    id: string;
    resources: string[];
    detail: {
      findingArn: string;
      status: string;
      resources: {
        id: string;
        details: {
          awsEcrContainerImage: { imageHash: string; repositoryName: string };
          image?: { imageDigest: string; repositoryName: string };
        };
      }[];
    };
  };
  const event = structuredClone(sample);
  const arn = `arn:aws:ecr:${region}:${account}:repository/${image.repositoryName}/${image.digest}`;
  const findingId = hex(`${image.repositoryName}@${image.digest}`).slice(0, 32);
  const id = hex(`${findingId}/${status}/${serial}`);
  event.id = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
  event.resources = [arn];
  event.detail.findingArn = `arn:aws:inspector2:${region}:${account}:finding/${findingId}`;
  event.detail.status = status;
  if (where.account !== undefined || where.region !== undefined) {
    const moved = event as unknown as {
      account: string;
      region: string;
      detail: { awsAccountId: string };
    };
    moved.account = account;
    moved.region = region;
    moved.detail.awsAccountId = account;
  }
  if (where.severity !== undefined) {
    (event.detail as { severity?: string }).severity = where.severity;
  }
  for (const resource of event.detail.resources) {
    resource.id = arn;
    resource.details.awsEcrContainerImage.imageHash = image.digest;
    resource.details.awsEcrContainerImage.repositoryName = image.repositoryName;
    (resource.details.awsEcrContainerImage as { registry?: string }).registry = account;
    if (resource.details.image !== undefined) {
      resource.details.image.imageDigest = image.digest;
      resource.details.image.repositoryName = image.repositoryName;
    }
  }
  return event;
}

/**
 * The events as the finding queue hands them to the function: an SQS batch, one record each.
 *
 * @example
 * ```ts
 * await handler(sqsBatchOf(events), context);
 * ```
 */
export function sqsBatchOf(
  events: readonly unknown[],
  prefix = 'record',
): {
  Records: { messageId: string; eventSource: 'aws:sqs'; body: string }[];
} {
  return {
    Records: events.map((event, i) => ({
      messageId: `${prefix}-${i}`,
      eventSource: 'aws:sqs' as const,
      eventSourceARN: `arn:aws:sqs:${STORM_REGION}:${STORM_ACCOUNT}:ecr-guard-finding-events`,
      body: JSON.stringify(event),
    })),
  };
}
