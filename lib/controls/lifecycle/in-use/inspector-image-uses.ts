import type { FilterCriteria, Inspector2Client } from '@aws-sdk/client-inspector2';
import type { AccountRegion } from '#lib/aws/client-factory.ts';
import type { ImageUse } from '#lib/lifecycle/index.ts';
import type { CallLog } from './call-log.ts';

const DAY_MS = 86_400_000;
const PAGE_SIZE = 100;

function seen(use: Pick<ImageUse, 'inUseCount' | 'lastInUseAt'>): string {
  if (use.inUseCount !== undefined && use.inUseCount > 0) {
    return `in use by ${use.inUseCount} task(s) or pod(s)`;
  }
  return `last in use ${use.lastInUseAt?.toISOString() ?? 'recently'}`;
}

/**
 * The ECR images Amazon Inspector reports in use in one account and region (EKS pods and ECS
 * tasks it sees): from the image details of its findings (`awsEcrContainerImage`), those with
 * `inUseCount` > 0 or `lastInUseAt` within `windowDays`, each use carrying both figures so a
 * narrower window can be applied to it later. Two filtered `ListFindings` queries (Inspector
 * ANDs filter fields), pages of 100. An image Inspector has no finding for is not seen here:
 * ECS and Lambda are read directly for that reason.
 *
 * @example
 * ```ts
 * const uses = await inspectorImageUses(context.client(Inspector2Client), { account, region }, { windowDays: 365, now }, log);
 * ```
 */
export async function inspectorImageUses(
  client: Pick<Inspector2Client, 'send'>,
  target: AccountRegion,
  options: { windowDays: number; now: Date },
  log: CallLog,
): Promise<ImageUse[]> {
  // Loaded on first use: a static import would load the Inspector client at every cold start.
  const { ListFindingsCommand } = await import('@aws-sdk/client-inspector2');
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
      const out = await log.call('inspector2:ListFindings', () =>
        client.send(new ListFindingsCommand({ filterCriteria, maxResults: PAGE_SIZE, nextToken })),
      );
      for (const finding of out.findings ?? []) {
        for (const resource of finding.resources ?? []) {
          const image = resource.details?.awsEcrContainerImage;
          if (image?.repositoryName === undefined || image.imageHash === undefined) continue;
          if (resource.region !== undefined && resource.region !== target.region) continue;
          const key = `${image.repositoryName}@${image.imageHash}`;
          const earlier = uses.get(key);
          // One image has many findings: keep the most it says of the image.
          const inUseCount = Math.max(image.inUseCount ?? 0, earlier?.inUseCount ?? 0);
          const times = [image.lastInUseAt, earlier?.lastInUseAt].filter(
            (t): t is Date => t !== undefined,
          );
          const lastInUseAt =
            times.length === 0 ? undefined : new Date(Math.max(...times.map((t) => t.getTime())));
          const figures = {
            ...(inUseCount > 0 ? { inUseCount } : {}),
            ...(lastInUseAt === undefined ? {} : { lastInUseAt }),
          };
          uses.set(key, {
            kind: 'inspector',
            name: `Amazon Inspector: ${seen(figures)}`,
            image: { repositoryName: image.repositoryName, digest: image.imageHash },
            ...figures,
          });
        }
      }
      nextToken = out.nextToken;
    } while (nextToken !== undefined);
  }
  return [...uses.values()];
}
