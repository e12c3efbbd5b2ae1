/**
 * ECR repository ARNs, as Inspector puts them in `repository-name`.
 *
 * @module
 */
import { RepositoryNameSchema } from './schemas/primitives.ts';

/** The parts of `arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME`. */
export interface RepositoryArn {
  partition: string;
  region: string;
  account: string;
  repositoryName: string;
}

const REPOSITORY_ARN = /^arn:(aws[a-z-]*):ecr:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):repository\/(.+)$/;

/**
 * Splits an ECR repository ARN; the name may contain `/`.
 *
 * @param arn - the ARN to read
 * @returns its parts, or `undefined` when it is not a repository ARN with a valid name
 *
 * @example
 * ```ts
 * parseRepositoryArn('arn:aws:ecr:us-east-2:123456789012:repository/amazon/amazon-ecs-sample');
 * // { partition: 'aws', region: 'us-east-2', account: '123456789012',
 * //   repositoryName: 'amazon/amazon-ecs-sample' }
 * ```
 */
export function parseRepositoryArn(arn: string): RepositoryArn | undefined {
  const match = REPOSITORY_ARN.exec(arn);
  if (match === null) {
    return undefined;
  }
  const [, partition, region, account, repositoryName] = match;
  if (
    partition === undefined ||
    region === undefined ||
    account === undefined ||
    repositoryName === undefined ||
    !RepositoryNameSchema.safeParse(repositoryName).success
  ) {
    return undefined;
  }
  return { partition, region, account, repositoryName };
}

/**
 * The ARN partition of a region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`.
 *
 * @example
 * ```ts
 * partitionOf('cn-north-1'); // 'aws-cn'
 * ```
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The ARN of an ECR repository.
 *
 * @example
 * ```ts
 * repositoryArnOf({ account: '123456789012', region: 'us-east-1', repositoryName: 'team/app' });
 * // 'arn:aws:ecr:us-east-1:123456789012:repository/team/app'
 * ```
 */
export function repositoryArnOf(repository: {
  account: string;
  region: string;
  repositoryName: string;
}): string {
  const { account, region, repositoryName } = repository;
  return `arn:${partitionOf(region)}:ecr:${region}:${account}:repository/${repositoryName}`;
}
