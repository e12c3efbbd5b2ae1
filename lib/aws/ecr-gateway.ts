import {
  DescribeRepositoriesCommand,
  type ECRClient,
  GetLifecyclePolicyCommand,
  GetRegistryScanningConfigurationCommand,
  LifecyclePolicyNotFoundException,
  ListTagsForResourceCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  PutRegistryScanningConfigurationCommand,
  paginateDescribePullThroughCacheRules,
  paginateDescribeRepositories,
  type Repository,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import {
  mergeRegistryScanning,
  type RegistryScanning,
  type RegistryScanningRule,
  type Remediation,
} from '#lib/controls/index.ts';
import { RepositoryNotFoundError } from './errors.ts';
import { toAwsCallError } from './translate-error.ts';

/** A repository as `DescribeRepositories` tells it, reduced to what the controls judge. */
export interface RepositoryDescription {
  repositoryName: string;
  repositoryArn: string;
  imageTagMutability: string;
  exclusionFilters: string[];
  scanOnPush: boolean;
}

/** The reads the enforcement of one repository needs. */
export interface RepositoryReader {
  /** `undefined` when the repository does not exist. */
  describeRepository(repositoryName: string): Promise<RepositoryDescription | undefined>;
  /** `undefined` when the repository has no lifecycle policy. */
  getLifecyclePolicyText(repositoryName: string): Promise<string | undefined>;
  listTags(repositoryArn: string): Promise<Record<string, string>>;
  getRegistryScanning(): Promise<RegistryScanning>;
  /**
   * The `ecrRepositoryPrefix` of every pull-through cache rule of the registry. Read only
   * when a repository is not immutable, so a compliant repository never pays for it.
   */
  getPullThroughCachePrefixes(): Promise<string[]>;
}

/** One page of `DescribeRepositories`, and the token of the next one (none after the last). */
export interface RepositoryPage {
  repositories: RepositoryDescription[];
  nextToken?: string;
}

/** Lists every repository of the registry (all pages). */
export interface RepositoryLister {
  listRepositories(): AsyncIterable<RepositoryDescription>;
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

export interface EcrGatewayOptions {
  client: ECRClient;
  account: string;
  region: string;
  /**
   * How long the registry scanning configuration is reused (ms). It is one fact per
   * account and region, shared by every repository, so re-reading it per event would
   * spend a call on every push; a `PutRegistryScanningConfiguration` event invalidates it.
   */
  registryScanningTtlMs?: number;
  now?: () => number;
}

function toDescription(repository: Repository, requested: string): RepositoryDescription {
  return {
    repositoryName: repository.repositoryName ?? requested,
    repositoryArn: repository.repositoryArn ?? '',
    imageTagMutability: repository.imageTagMutability ?? 'MUTABLE',
    exclusionFilters: (repository.imageTagMutabilityExclusionFilters ?? []).flatMap((f) =>
      f.filter === undefined ? [] : [f.filter],
    ),
    scanOnPush: repository.imageScanningConfiguration?.scanOnPush === true,
  };
}

function toRule(rule: {
  scanFrequency?: string | undefined;
  repositoryFilters?: Array<{ filter?: string | undefined }> | undefined;
}): RegistryScanningRule {
  const frequency = rule.scanFrequency;
  return {
    scanFrequency:
      frequency === 'SCAN_ON_PUSH' || frequency === 'CONTINUOUS_SCAN' ? frequency : 'MANUAL',
    repositoryFilters: (rule.repositoryFilters ?? []).flatMap((f) =>
      f.filter === undefined ? [] : [f.filter],
    ),
  };
}

/**
 * The ECR adapter for one account and region: reads repository state, performs
 * remediations, and turns SDK exceptions into domain outcomes (a missing repository is
 * `undefined` or {@link RepositoryNotFoundError}, a missing lifecycle policy is `undefined`,
 * every other failure an {@link AwsCallError} with its context).
 *
 * @example
 * ```ts
 * const gateway = new EcrGateway({ client: new ECRClient({}), account: '123456789012', region: 'us-east-1' });
 * const repo = await gateway.describeRepository('payments-api');
 * ```
 */
export class EcrGateway implements RepositoryReader, RepositoryLister, RemediationWriter {
  readonly account: string;
  readonly region: string;
  readonly #client: ECRClient;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #registryScanning: { value: Promise<RegistryScanning>; readAt: number } | undefined;
  #registryWrites: Promise<void> = Promise.resolve();
  #pullThroughCachePrefixes: { value: Promise<string[]>; readAt: number } | undefined;

  constructor(options: EcrGatewayOptions) {
    this.#client = options.client;
    this.account = options.account;
    this.region = options.region;
    this.#ttlMs = options.registryScanningTtlMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  async describeRepository(repositoryName: string): Promise<RepositoryDescription | undefined> {
    try {
      const out = await this.#client.send(
        new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }),
      );
      const repository = out.repositories?.[0];
      return repository === undefined ? undefined : toDescription(repository, repositoryName);
    } catch (error) {
      if (error instanceof RepositoryNotFoundException) return undefined;
      throw this.#wrap(error, 'ecr:DescribeRepositories');
    }
  }

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
    try {
      const pages = paginateDescribeRepositories(
        {
          client: this.#client,
          pageSize,
          ...(options.startToken === undefined ? {} : { startingToken: options.startToken }),
        },
        { maxResults: pageSize },
      );
      for await (const page of pages) {
        const repositories: RepositoryDescription[] = [];
        for (const repository of page.repositories ?? []) {
          if (repository.repositoryName !== undefined) {
            repositories.push(toDescription(repository, repository.repositoryName));
          }
        }
        yield page.nextToken === undefined
          ? { repositories }
          : { repositories, nextToken: page.nextToken };
      }
    } catch (error) {
      throw this.#wrap(error, 'ecr:DescribeRepositories');
    }
  }

  async getLifecyclePolicyText(repositoryName: string): Promise<string | undefined> {
    try {
      const out = await this.#client.send(new GetLifecyclePolicyCommand({ repositoryName }));
      return out.lifecyclePolicyText;
    } catch (error) {
      if (error instanceof LifecyclePolicyNotFoundException) return undefined;
      if (error instanceof RepositoryNotFoundException) {
        throw new RepositoryNotFoundError(repositoryName, 'ecr:GetLifecyclePolicy', {
          cause: error,
        });
      }
      throw this.#wrap(error, 'ecr:GetLifecyclePolicy');
    }
  }

  async listTags(repositoryArn: string): Promise<Record<string, string>> {
    try {
      const out = await this.#client.send(
        new ListTagsForResourceCommand({ resourceArn: repositoryArn }),
      );
      const tags: Record<string, string> = {};
      for (const tag of out.tags ?? []) {
        if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
      }
      return tags;
    } catch (error) {
      if (error instanceof RepositoryNotFoundException) {
        const name = repositoryArn.split(':repository/')[1] ?? repositoryArn;
        throw new RepositoryNotFoundError(name, 'ecr:ListTagsForResource', { cause: error });
      }
      throw this.#wrap(error, 'ecr:ListTagsForResource');
    }
  }

  getRegistryScanning(): Promise<RegistryScanning> {
    const now = this.#now();
    const cached = this.#registryScanning;
    if (cached !== undefined && now - cached.readAt < this.#ttlMs) return cached.value;
    const value = this.#readRegistryScanning();
    this.#registryScanning = { value, readAt: now };
    // A failed read must not be served from the cache.
    value.catch(() => {
      if (this.#registryScanning?.value === value) this.#registryScanning = undefined;
    });
    return value;
  }

  /**
   * Read once per gateway and reused like the registry scanning configuration. Unlike it, a
   * failure is kept too, for as long: the rules only decide an exemption, and a registry
   * that refuses the call (a member role without `ecr:DescribePullThroughCacheRules`, an
   * emulator without it) would refuse it again for each of its repositories.
   */
  getPullThroughCachePrefixes(): Promise<string[]> {
    const now = this.#now();
    const cached = this.#pullThroughCachePrefixes;
    if (cached !== undefined && now - cached.readAt < this.#ttlMs) return cached.value;
    const value = this.#readPullThroughCachePrefixes();
    // Kept as it is; callers await it, this only keeps Node from calling it unhandled.
    value.catch(() => undefined);
    this.#pullThroughCachePrefixes = { value, readAt: now };
    return value;
  }

  /** Forgets the cached registry scanning configuration (it was just changed). */
  invalidateRegistryScanning(): void {
    this.#registryScanning = undefined;
  }

  async apply(remediation: Remediation): Promise<void> {
    if (remediation.action === 'ecr:PutRegistryScanningConfiguration') {
      // One registry, many repositories fixed at once (a sweep): each write is merged into the
      // configuration as it is now, one at a time, so no fix undoes another.
      const write = this.#registryWrites.then(() => this.#mergeRegistryScanning(remediation));
      this.#registryWrites = write.catch(() => undefined);
      return write;
    }
    await this.#send(remediation);
  }

  async #mergeRegistryScanning(
    remediation: Extract<Remediation, { action: 'ecr:PutRegistryScanningConfiguration' }>,
  ): Promise<void> {
    const current = await this.#readRegistryScanning();
    await this.#send({
      ...remediation,
      scanning: mergeRegistryScanning(current, remediation.scanning),
    });
  }

  async #send(remediation: Remediation): Promise<void> {
    try {
      await sendRemediation(this.#client, remediation);
    } catch (error) {
      if (error instanceof RepositoryNotFoundException && 'repositoryName' in remediation) {
        throw new RepositoryNotFoundError(remediation.repositoryName, remediation.action, {
          cause: error,
        });
      }
      throw this.#wrap(error, remediation.action);
    } finally {
      if (remediation.action === 'ecr:PutRegistryScanningConfiguration') {
        this.invalidateRegistryScanning();
      }
    }
  }

  async #readRegistryScanning(): Promise<RegistryScanning> {
    try {
      const out = await this.#client.send(new GetRegistryScanningConfigurationCommand({}));
      const configuration = out.scanningConfiguration;
      return {
        scanType: configuration?.scanType === 'ENHANCED' ? 'ENHANCED' : 'BASIC',
        rules: (configuration?.rules ?? []).map(toRule),
      };
    } catch (error) {
      throw this.#wrap(error, 'ecr:GetRegistryScanningConfiguration');
    }
  }

  async #readPullThroughCachePrefixes(): Promise<string[]> {
    try {
      const prefixes: string[] = [];
      const pages = paginateDescribePullThroughCacheRules({ client: this.#client }, {});
      for await (const page of pages) {
        for (const rule of page.pullThroughCacheRules ?? []) {
          if (rule.ecrRepositoryPrefix !== undefined) prefixes.push(rule.ecrRepositoryPrefix);
        }
      }
      return prefixes;
    } catch (error) {
      throw this.#wrap(error, 'ecr:DescribePullThroughCacheRules');
    }
  }

  #wrap(error: unknown, operation: string): Error {
    return toAwsCallError(error, { operation, account: this.account, region: this.region });
  }
}

/** The one place where a remediation becomes an ECR write. */
async function sendRemediation(client: ECRClient, remediation: Remediation): Promise<void> {
  switch (remediation.action) {
    case 'ecr:PutImageTagMutability':
      await client.send(
        new PutImageTagMutabilityCommand({
          repositoryName: remediation.repositoryName,
          imageTagMutability: remediation.imageTagMutability,
          ...(remediation.imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION'
            ? {
                imageTagMutabilityExclusionFilters: remediation.exclusionFilters.map((filter) => ({
                  filter,
                  filterType: 'WILDCARD' as const,
                })),
              }
            : {}),
        }),
      );
      return;
    case 'ecr:PutLifecyclePolicy':
      await client.send(
        new PutLifecyclePolicyCommand({
          repositoryName: remediation.repositoryName,
          lifecyclePolicyText: remediation.lifecyclePolicyText,
        }),
      );
      return;
    case 'ecr:PutImageScanningConfiguration':
      await client.send(
        new PutImageScanningConfigurationCommand({
          repositoryName: remediation.repositoryName,
          imageScanningConfiguration: { scanOnPush: remediation.scanOnPush },
        }),
      );
      return;
    case 'ecr:PutRegistryScanningConfiguration':
      await client.send(
        new PutRegistryScanningConfigurationCommand({
          scanType: remediation.scanning.scanType,
          rules: remediation.scanning.rules.map((rule) => ({
            scanFrequency: rule.scanFrequency,
            repositoryFilters: rule.repositoryFilters.map((filter) => ({
              filter,
              filterType: 'WILDCARD' as const,
            })),
          })),
        }),
      );
      return;
  }
}
