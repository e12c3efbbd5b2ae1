/**
 * A private ECR image URI, as ECS task definitions, tasks and Lambda functions name an image:
 * `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:tag`, `…/team/app@sha256:…`, or
 * both. Anything else (Docker Hub, ECR Public, another registry) is not an ECR image of an
 * account and is left out.
 */
export interface EcrImageReference {
  account: string;
  region: string;
  repositoryName: string;
  /** The tag named, when the URI names one (`latest` when it names neither tag nor digest). */
  tag?: string;
  /** The digest named, when the URI pins one. */
  digest?: string;
}

const ECR_IMAGE_URI =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

/**
 * Parses an image URI; `undefined` for anything that is not a private ECR image.
 *
 * @example
 * ```ts
 * parseEcrImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/api:build-2');
 * // { account: '123456789012', region: 'us-east-1', repositoryName: 'payments/api', tag: 'build-2' }
 * ```
 */
export function parseEcrImageUri(uri: string): EcrImageReference | undefined {
  const match = ECR_IMAGE_URI.exec(uri.trim());
  if (match === null) return undefined;
  const [, account, region, repositoryName, tag, digest] = match;
  if (account === undefined || region === undefined || repositoryName === undefined) {
    return undefined;
  }
  return {
    account,
    region,
    repositoryName,
    ...(tag === undefined && digest === undefined ? { tag: 'latest' } : {}),
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}
