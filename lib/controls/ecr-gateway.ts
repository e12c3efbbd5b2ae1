import {
  DescribeRepositoriesCommand,
  type DescribeRepositoriesCommandOutput,
} from '@aws-sdk/client-ecr';
import { EcrFactReader, type EcrFactReaderOptions } from './ecr-fact-reader.ts';
import { type RepositoryDescription, toRepositoryDescription } from './facts/repository.ts';
import { type Remediation, remediationKindOf } from './registry.ts';

/** Lists every repository of the registry (all pages). */
export interface RepositoryLister {
  listRepositories(): AsyncIterable<RepositoryDescription>;
}

/** One page of `DescribeRepositories`, and the token of the next one (none after the last). */
export interface RepositoryPage {
  repositories: RepositoryDescription[];
  nextToken?: string;
}

/** Lists the registry's repositories a page at a time, resumable (the sweep's listing). */
export interface RepositoryPageLister {
  /**
   * The registry's repositories page by page, from `startToken` (a `nextToken` an earlier
   * listing returned) or from the first page: a sweep too large for one invocation resumes
   * where the last one stopped.
   */
  listRepositoryPages(options?: {
    startToken?: string;
    pageSize?: number;
  }): AsyncIterable<RepositoryPage>;
}

/** The one write path: performs a control's remediation. */
export interface RemediationWriter {
  apply(remediation: Remediation): Promise<void>;
}

export type EcrGatewayOptions = EcrFactReaderOptions;

/**
 * The ECR adapter for one account and region: reads the facts controls declare (see
 * {@link EcrFactReader}), lists the registry's repositories, and performs the controls'
 * remediations, dispatched through the registry.
 *
 * @example
 * ```ts
 * const gateway = new EcrGateway({ client: new ECRClient({}), account: '123456789012', region: 'us-east-1' });
 * await gateway.apply({ action: 'ecr:PutLifecyclePolicy', repositoryName, lifecyclePolicyText });
 * ```
 */
export class EcrGateway
  extends EcrFactReader
  implements RepositoryLister, RepositoryPageLister, RemediationWriter
{
  #registryWrites: Promise<void> = Promise.resolve();

  async *listRepositories(): AsyncIterable<RepositoryDescription> {
    for await (const page of this.listRepositoryPages({ pageSize: 1000 })) {
      yield* page.repositories;
    }
  }

  /** `pageSize` is DescribeRepositories' `maxResults`, 1–1,000 (default 100, as ECR's own). */
  async *listRepositoryPages(
    options: { startToken?: string; pageSize?: number } = {},
  ): AsyncIterable<RepositoryPage> {
    const pageSize = options.pageSize ?? 100;
    let nextToken = options.startToken;
    do {
      let page: DescribeRepositoriesCommandOutput;
      try {
        page = await this.context.ecr.send(
          new DescribeRepositoriesCommand({ maxResults: pageSize, nextToken }),
        );
      } catch (error) {
        throw this.translate(error, 'ecr:DescribeRepositories');
      }
      const repositories: RepositoryDescription[] = [];
      for (const repository of page.repositories ?? []) {
        if (repository.repositoryName !== undefined) {
          repositories.push(toRepositoryDescription(repository, repository.repositoryName));
        }
      }
      nextToken = page.nextToken;
      yield nextToken === undefined ? { repositories } : { repositories, nextToken };
    } while (nextToken !== undefined);
  }

  apply(remediation: Remediation): Promise<void> {
    const { kind } = remediationKindOf(remediation.action);
    if (!kind.registryWide) return this.#send(kind, remediation);
    // A registry-wide write replaces a document of the whole registry: one at a time, each
    // built from the registry as it is at that moment.
    const write = this.#registryWrites.then(() => this.#send(kind, remediation));
    this.#registryWrites = write.catch(() => undefined);
    return write;
  }

  async #send(
    kind: ReturnType<typeof remediationKindOf>['kind'],
    remediation: Remediation,
  ): Promise<void> {
    try {
      await kind.send(this.context, remediation);
    } catch (error) {
      const repository = 'repositoryName' in remediation ? remediation.repositoryName : undefined;
      throw this.translate(error, remediation.action, repository);
    } finally {
      if (kind.registryWide) this.forgetRegistryFacts();
    }
  }
}
