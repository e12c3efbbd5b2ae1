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
export class EcrGateway extends EcrFactReader implements RepositoryLister, RemediationWriter {
  #registryWrites: Promise<void> = Promise.resolve();

  async *listRepositories(): AsyncIterable<RepositoryDescription> {
    let nextToken: string | undefined;
    do {
      let page: DescribeRepositoriesCommandOutput;
      try {
        page = await this.context.ecr.send(
          new DescribeRepositoriesCommand({ maxResults: 1000, nextToken }),
        );
      } catch (error) {
        throw this.translate(error, 'ecr:DescribeRepositories');
      }
      for (const repository of page.repositories ?? []) {
        if (repository.repositoryName !== undefined) {
          yield toRepositoryDescription(repository, repository.repositoryName);
        }
      }
      nextToken = page.nextToken;
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
