import {
  type FilterCriteria,
  type Inspector2Client,
  ListFindingsCommand,
} from '@aws-sdk/client-inspector2';
import type { ImageUse } from '#lib/lifecycle/index.ts';
import type { AccountRegion } from '../client-factory.ts';
import type { CallCounter } from './call-counter.ts';

const DAY_MS = 86_400_000;

/**
 * The ECR images Amazon Inspector reports in use in one account and region (EKS pods and ECS
 * tasks it sees): from the image details of its findings (`awsEcrContainerImage`), those with
 * `inUseCount` > 0 or `lastInUseAt` within the window. Two filtered `ListFindings` queries
 * (Inspector ANDs filter fields), pages of 100. An image Inspector has no finding for is not
 * seen here: ECS and Lambda are read directly for that reason.
 *
 * @example
 * ```ts
 * const uses = await inspectorImageUses(client, { account, region }, { windowDays: 30, now }, count);
 * ```
 */
export async function inspectorImageUses(
  client: Inspector2Client,
  target: AccountRegion,
  options: { windowDays: number; now: Date },
  count: CallCounter,
): Promise<ImageUse[]> {
  const base: FilterCriteria = {
    resourceType: [{ comparison: 'EQUALS', value: 'AWS_ECR_CONTAINER_IMAGE' }],
    awsAccountId: [{ comparison: 'EQUALS', value: target.account }],
  };
  const queries: FilterCriteria[] = [
    { ...base, ecrImageInUseCount: [{ lowerInclusive: 1 }] },
    {
      ...base,
      ecrImageLastInUseAt: [
        { startInclusive: new Date(options.now.getTime() - options.windowDays * DAY_MS) },
      ],
    },
  ];
  const uses = new Map<string, ImageUse>();
  for (const filterCriteria of queries) {
    let nextToken: string | undefined;
    do {
      count('inspector2:ListFindings');
      const out = await client.send(
        new ListFindingsCommand({
          filterCriteria,
          maxResults: 100,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const finding of out.findings ?? []) {
        for (const resource of finding.resources ?? []) {
          const image = resource.details?.awsEcrContainerImage;
          if (image?.repositoryName === undefined || image.imageHash === undefined) continue;
          if (resource.region !== undefined && resource.region !== target.region) continue;
          const seen =
            image.inUseCount !== undefined && image.inUseCount > 0
              ? `in use by ${image.inUseCount} task(s) or pod(s)`
              : `last in use ${image.lastInUseAt?.toISOString() ?? 'recently'}`;
          uses.set(`${image.repositoryName}@${image.imageHash}`, {
            kind: 'inspector',
            name: `Amazon Inspector: ${seen}`,
            image: { repositoryName: image.repositoryName, digest: image.imageHash },
          });
        }
      }
      nextToken = out.nextToken;
    } while (nextToken !== undefined);
  }
  return [...uses.values()];
}
