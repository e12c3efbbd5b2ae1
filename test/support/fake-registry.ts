import type { RepositoryDescription, RepositoryPage } from '#lib/aws/index.ts';
import { AwsCallError, RepositoryNotFoundError } from '#lib/aws/index.ts';
import type { RegistryScanning, Remediation } from '#lib/controls/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '#lib/standard/index.ts';
import type { SweepGateway } from '#lib/sweep/index.ts';

/** One repository of a {@link FakeRegistry}. */
export interface FakeRepository {
  imageTagMutability: string;
  exclusionFilters: string[];
  scanOnPush: boolean;
  lifecyclePolicyText: string | undefined;
  tags: Record<string, string>;
}

/** A repository that satisfies the default standard. */
export function compliantRepository(overrides: Partial<FakeRepository> = {}): FakeRepository {
  return {
    imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    exclusionFilters: ['latest'],
    scanOnPush: true,
    lifecyclePolicyText: JSON.stringify(DEFAULT_LIFECYCLE_POLICY),
    tags: {},
    ...overrides,
  };
}

/** A repository that misses all three controls. */
export function nonCompliantRepository(overrides: Partial<FakeRepository> = {}): FakeRepository {
  return compliantRepository({
    imageTagMutability: 'MUTABLE',
    exclusionFilters: [],
    scanOnPush: false,
    lifecyclePolicyText: undefined,
    ...overrides,
  });
}

/**
 * An in-memory ECR registry (one account and region) behind the sweep's gateway interface,
 * recording calls and the largest number of calls in flight at once. `delayMs` makes each
 * call take time, so concurrency shows.
 */
export class FakeRegistry implements SweepGateway {
  readonly calls: string[] = [];
  readonly writes: Remediation[] = [];
  readonly repositories: Map<string, FakeRepository>;
  inFlight = 0;
  maxInFlight = 0;
  /** Thrown by `listRepositories` (e.g. the member role cannot be assumed). */
  listError: Error | undefined;
  /** Repository names whose lifecycle policy read fails. */
  readonly failing = new Set<string>();
  /** Repository names whose lifecycle policy read is throttled past the SDK's retries. */
  readonly throttled = new Set<string>();
  pullThroughCache: string[] = [];

  constructor(
    readonly account: string,
    readonly region: string,
    repositories: Record<string, FakeRepository>,
    readonly delayMs = 0,
  ) {
    this.repositories = new Map(Object.entries(repositories));
  }

  async #call<T>(name: string, work: () => T): Promise<T> {
    this.calls.push(name);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      return work();
    } finally {
      this.inFlight -= 1;
    }
  }

  /** What the gateway throws once the SDK gave up on a throttled call. */
  throttling(operation: string): AwsCallError {
    const cause = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    return new AwsCallError(
      { operation, account: this.account, region: this.region, retryable: true },
      { cause },
    );
  }

  #arn(name: string): string {
    return `arn:aws:ecr:${this.region}:${this.account}:repository/${name}`;
  }

  #describe(name: string, r: FakeRepository): RepositoryDescription {
    return {
      repositoryName: name,
      repositoryArn: this.#arn(name),
      imageTagMutability: r.imageTagMutability,
      exclusionFilters: r.exclusionFilters,
      scanOnPush: r.scanOnPush,
    };
  }

  async *listRepositories(): AsyncIterable<RepositoryDescription> {
    const page = await this.#call('DescribeRepositories', () => {
      if (this.listError !== undefined) throw this.listError;
      return [...this.repositories].map(([name, r]) => this.#describe(name, r));
    });
    yield* page;
  }

  /** Where each `listRepositoryPages` started (`undefined`: the first page). */
  readonly startTokens: Array<string | undefined> = [];

  /** Pages in name order; a page token is `page@<offset>`. */
  async *listRepositoryPages(
    options: { startToken?: string; pageSize?: number } = {},
  ): AsyncIterable<RepositoryPage> {
    this.startTokens.push(options.startToken);
    const size = options.pageSize ?? 100;
    const all = [...this.repositories];
    let offset = options.startToken === undefined ? 0 : Number(options.startToken.slice(5));
    do {
      const from = offset;
      const repositories = await this.#call('DescribeRepositories', () => {
        if (this.listError !== undefined) throw this.listError;
        return all.slice(from, from + size).map(([name, r]) => this.#describe(name, r));
      });
      offset += size;
      yield offset < all.length ? { repositories, nextToken: `page@${offset}` } : { repositories };
    } while (offset < all.length);
  }

  describeRepository(name: string): Promise<RepositoryDescription | undefined> {
    return this.#call('DescribeRepositories', () => {
      const r = this.repositories.get(name);
      return r === undefined ? undefined : this.#describe(name, r);
    });
  }

  getLifecyclePolicyText(name: string): Promise<string | undefined> {
    return this.#call('GetLifecyclePolicy', () => {
      if (this.failing.has(name)) throw new Error(`GetLifecyclePolicy failed for ${name}`);
      if (this.throttled.has(name)) throw this.throttling('ecr:GetLifecyclePolicy');
      const r = this.repositories.get(name);
      if (r === undefined) throw new RepositoryNotFoundError(name, 'ecr:GetLifecyclePolicy');
      return r.lifecyclePolicyText;
    });
  }

  listTags(arn: string): Promise<Record<string, string>> {
    return this.#call('ListTagsForResource', () => {
      const name = arn.split(':repository/')[1] ?? '';
      return { ...(this.repositories.get(name)?.tags ?? {}) };
    });
  }

  getRegistryScanning(): Promise<RegistryScanning> {
    return this.#call('GetRegistryScanningConfiguration', () => ({
      scanType: 'BASIC' as const,
      rules: [],
    }));
  }

  getPullThroughCachePrefixes(): Promise<string[]> {
    return this.#call('DescribePullThroughCacheRules', () => [...this.pullThroughCache]);
  }

  apply(remediation: Remediation): Promise<void> {
    return this.#call(remediation.action.replace('ecr:', ''), () => {
      this.writes.push(remediation);
      if (!('repositoryName' in remediation)) return;
      const r = this.repositories.get(remediation.repositoryName);
      if (r === undefined) return;
      if (remediation.action === 'ecr:PutImageTagMutability') {
        r.imageTagMutability = remediation.imageTagMutability;
        r.exclusionFilters = remediation.exclusionFilters;
      } else if (remediation.action === 'ecr:PutLifecyclePolicy') {
        r.lifecyclePolicyText = remediation.lifecyclePolicyText;
      } else if (remediation.action === 'ecr:PutImageScanningConfiguration') {
        r.scanOnPush = remediation.scanOnPush;
      }
    });
  }
}
