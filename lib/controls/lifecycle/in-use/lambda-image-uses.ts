import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AccountRegion } from '#lib/aws/client-factory.ts';
import { type ImageUse, parseEcrImageUri } from '#lib/lifecycle/index.ts';
import type { CallLog } from './call-log.ts';

/** `ListFunctions` returns at most 50 functions a page. */
const PAGE_SIZE = 50;

/**
 * The ECR images Lambda needs in one account and region: the image of every version of every
 * function of package type `Image` (an alias may route to an old version), by the tag it was
 * deployed with (`ImageUri`) and the digest Lambda resolved (`ResolvedImageUri`).
 *
 * Calls: `ListFunctions` (all versions, pages of 50), one `GetFunction` per image version.
 *
 * @example
 * ```ts
 * const uses = await lambdaImageUses(context.client(LambdaClient), { account, region }, log);
 * ```
 */
export async function lambdaImageUses(
  client: Pick<LambdaClient, 'send'>,
  target: AccountRegion,
  log: CallLog,
): Promise<ImageUse[]> {
  // Loaded on first use: a static import would load the Lambda client at every cold start.
  const { GetFunctionCommand, ListFunctionsCommand } = await import('@aws-sdk/client-lambda');
  const versions: Array<{ name: string; qualifier: string | undefined; arn: string }> = [];
  let marker: string | undefined;
  do {
    const page = await log.call('lambda:ListFunctions', () =>
      client.send(
        new ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: PAGE_SIZE, Marker: marker }),
      ),
    );
    for (const fn of page.Functions ?? []) {
      if (fn.PackageType !== 'Image' || fn.FunctionName === undefined) continue;
      versions.push({
        name: fn.FunctionName,
        qualifier: fn.Version,
        arn: fn.FunctionArn ?? fn.FunctionName,
      });
    }
    marker = page.NextMarker || undefined;
  } while (marker !== undefined);
  const uses: ImageUse[] = [];
  for (const version of versions) {
    const out = await log.call('lambda:GetFunction', () =>
      client.send(
        new GetFunctionCommand({
          FunctionName: version.name,
          ...(version.qualifier === undefined ? {} : { Qualifier: version.qualifier }),
        }),
      ),
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
