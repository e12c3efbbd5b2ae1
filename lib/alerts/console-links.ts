/**
 * Links to the AWS console pages on-call opens from an alert.
 *
 * @module
 */
import { partitionOf } from '#lib/events/repository-arn.ts';

const CONSOLE_DOMAIN: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/** The console pages of one image. */
export interface ConsoleLinks {
  /** The image's details in the ECR console. */
  image: string;
  repository: string;
  /** The image's vulnerabilities (ECR shows basic and enhanced findings alike). */
  findings: string;
}

/**
 * The ECR console links of an image.
 *
 * @example
 * ```ts
 * consoleLinks({ account: '123456789012', region: 'eu-west-1', repositoryName: 'team/app', imageDigest: 'sha256:ab…' }).image;
 * // 'https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/123456789012/team/app/_/image/sha256:ab…/details?region=eu-west-1'
 * ```
 */
export function consoleLinks(image: {
  account: string;
  region: string;
  repositoryName: string;
  imageDigest: string;
}): ConsoleLinks {
  const { account, region } = image;
  const domain = CONSOLE_DOMAIN[partitionOf(region)] ?? CONSOLE_DOMAIN.aws;
  const repositoryPath = image.repositoryName.split('/').map(encodeURIComponent).join('/');
  const repository = `https://${region}.${domain}/ecr/repositories/private/${account}/${repositoryPath}`;
  // The digest (`sha256:` and hex) goes in the path as is: the console's own links do so.
  const imagePage = `${repository}/_/image/${image.imageDigest}`;
  const query = `?region=${encodeURIComponent(region)}`;
  return {
    image: `${imagePage}/details${query}`,
    repository: `${repository}${query}`,
    findings: `${imagePage}/scan-results${query}`,
  };
}
