import {
  GetFunctionCommand,
  type LambdaClient,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { type ImageUse, parseEcrImageUri } from '#lib/lifecycle/index.ts';
import type { AccountRegion } from '../client-factory.ts';
import type { CallCounter } from './call-counter.ts';

/**
 * The ECR images Lambda needs in one account and region: the image of every version of every
 * function of package type `Image` (an alias may route to an old version), by the tag it was
 * deployed with (`ImageUri`) and the digest Lambda resolved (`ResolvedImageUri`).
 *
 * Calls: `ListFunctions` (all versions, pages of 50), one `GetFunction` per image version.
 *
 * @example
 * ```ts
 * const uses = await lambdaImageUses(new LambdaClient({ region }), { account, region }, count);
 * ```
 */
export async function lambdaImageUses(
  client: LambdaClient,
  target: AccountRegion,
  count: CallCounter,
): Promise<ImageUse[]> {
  const versions: Array<{ name: string; qualifier: string | undefined; arn: string }> = [];
  for await (const page of paginateListFunctions(
    { client, pageSize: 50 },
    { FunctionVersion: 'ALL' },
  )) {
    count('lambda:ListFunctions');
    for (const fn of page.Functions ?? []) {
      if (fn.PackageType !== 'Image' || fn.FunctionName === undefined) continue;
      versions.push({
        name: fn.FunctionName,
        qualifier: fn.Version,
        arn: fn.FunctionArn ?? fn.FunctionName,
      });
    }
  }
  const uses: ImageUse[] = [];
  for (const version of versions) {
    count('lambda:GetFunction');
    const out = await client.send(
      new GetFunctionCommand({
        FunctionName: version.name,
        ...(version.qualifier === undefined ? {} : { Qualifier: version.qualifier }),
      }),
    );
    const deployed = out.Code?.ImageUri ? parseEcrImageUri(out.Code.ImageUri) : undefined;
    const resolved = out.Code?.ResolvedImageUri
      ? parseEcrImageUri(out.Code.ResolvedImageUri)
      : undefined;
    const reference = deployed ?? resolved;
    if (reference === undefined) continue;
    if (reference.account !== target.account || reference.region !== target.region) continue;
    const digest = resolved?.digest ?? deployed?.digest;
    uses.push({
      kind: 'lambda',
      name: version.arn,
      image: {
        repositoryName: reference.repositoryName,
        ...(deployed?.tag === undefined ? {} : { tag: deployed.tag }),
        ...(digest === undefined ? {} : { digest }),
      },
    });
  }
  return uses;
}
