import {
  DescribeRepositoriesCommand,
  type Repository,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { defineRepositoryFact } from '../fact.ts';

/** A repository as `DescribeRepositories` tells it, reduced to what the controls judge. */
export interface RepositoryDescription {
  repositoryName: string;
  repositoryArn: string;
  /** `MUTABLE`, `IMMUTABLE`, `IMMUTABLE_WITH_EXCLUSION`, or whatever ECR adds next. */
  imageTagMutability: string;
  /** The repository's own exclusion filters (WILDCARD), empty when it has none. */
  exclusionFilters: string[];
  /** The repository-level `scanOnPush` flag. */
  scanOnPush: boolean;
  /** `AES256` (ECR's default), `KMS` or `KMS_DSSE`: set at creation, never changed. */
  encryptionType: string;
  /** The KMS key's ARN, with KMS encryption. */
  kmsKey?: string;
}

/**
 * Reduces a `DescribeRepositories` entry to a {@link RepositoryDescription}.
 *
 * @example
 * ```ts
 * toRepositoryDescription(out.repositories[0], 'payments-api');
 * ```
 */
export function toRepositoryDescription(
  repository: Repository,
  requested: string,
): RepositoryDescription {
  return {
    repositoryName: repository.repositoryName ?? requested,
    repositoryArn: repository.repositoryArn ?? '',
    imageTagMutability: repository.imageTagMutability ?? 'MUTABLE',
    exclusionFilters: (repository.imageTagMutabilityExclusionFilters ?? []).flatMap((f) =>
      f.filter === undefined ? [] : [f.filter],
    ),
    scanOnPush: repository.imageScanningConfiguration?.scanOnPush === true,
    encryptionType: repository.encryptionConfiguration?.encryptionType ?? 'AES256',
    ...(repository.encryptionConfiguration?.kmsKey === undefined
      ? {}
      : { kmsKey: repository.encryptionConfiguration.kmsKey }),
  };
}

/**
 * The repository itself; `undefined` when it does not exist. The engine reads it for every
 * repository (a sweep has it already from the listing) and hands it to every control as
 * `state.repository`.
 */
export const repositoryFact = defineRepositoryFact({
  name: 'repository',
  actions: ['ecr:DescribeRepositories'],
  async read({ ecr }, { repositoryName }): Promise<RepositoryDescription | undefined> {
    try {
      const out = await ecr.send(
        new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }),
      );
      const repository = out.repositories?.[0];
      return repository === undefined
        ? undefined
        : toRepositoryDescription(repository, repositoryName);
    } catch (error) {
      if (error instanceof RepositoryNotFoundException) return undefined;
      throw error;
    }
  },
});
