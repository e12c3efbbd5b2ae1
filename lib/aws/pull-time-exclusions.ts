import { type ECRClient, ListPullTimeUpdateExclusionsCommand } from '@aws-sdk/client-ecr';
import type { Where } from './describe-images.ts';
import { toAwsCallError } from './translate-error.ts';

/**
 * The principals whose pulls do not update the images' pull time (all pages).
 *
 * @example
 * ```ts
 * const excluded = await listPullTimeExclusions(ecr, { account, region });
 * ```
 */
export async function listPullTimeExclusions(client: ECRClient, where: Where): Promise<string[]> {
  const principals: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const out = await client.send(
        new ListPullTimeUpdateExclusionsCommand({
          maxResults: 100,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      principals.push(...(out.pullTimeUpdateExclusions ?? []));
      nextToken = out.nextToken;
    } while (nextToken !== undefined);
  } catch (error) {
    throw toAwsCallError(error, { operation: 'ecr:ListPullTimeUpdateExclusions', ...where });
  }
  return principals;
}
