import { ListPullTimeUpdateExclusionsCommand } from '@aws-sdk/client-ecr';
import type { AccountRegion } from '#lib/aws/client-factory.ts';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import type { EcrSender } from '#lib/controls/fact.ts';

/**
 * The principals whose pulls do not update the images' pull time (all pages).
 *
 * @example
 * ```ts
 * const excluded = await listPullTimeExclusions(ecr, { account, region });
 * ```
 */
export async function listPullTimeExclusions(
  ecr: EcrSender,
  target: AccountRegion,
): Promise<string[]> {
  const principals: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const out = await ecr.send(
        new ListPullTimeUpdateExclusionsCommand({
          maxResults: 100,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      principals.push(...(out.pullTimeUpdateExclusions ?? []));
      nextToken = out.nextToken;
    } while (nextToken !== undefined);
  } catch (error) {
    throw toAwsCallError(error, { operation: 'ecr:ListPullTimeUpdateExclusions', ...target });
  }
  return principals;
}
