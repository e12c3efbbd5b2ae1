import type { ClientFactory } from '#lib/aws/index.ts';
import type { Remediation } from '#lib/controls/index.ts';
import { EcrGateway } from '#lib/controls/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '#lib/standard/index.ts';
import { FakeEcrClient, type FakeRepository } from './fake-ecr-client.ts';

export type { FakeRepository } from './fake-ecr-client.ts';

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
 * An in-memory ECR registry (one account and region) behind the real gateway: the sweep and
 * the enforcement read and write it through the facts and remediations of the controls, and
 * it records the calls (see {@link FakeEcrClient}).
 */
export class FakeRegistry extends EcrGateway {
  readonly fake: FakeEcrClient;

  constructor(
    account: string,
    region: string,
    repositories: Record<string, FakeRepository>,
    delayMs = 0,
    /** The clients of the other services its facts read (what runs in ECS…); none by default. */
    clients?: Pick<ClientFactory, 'client'>,
  ) {
    const fake = new FakeEcrClient(account, region, repositories, delayMs);
    super({ client: fake, account, region, ...(clients === undefined ? {} : { clients }) });
    this.fake = fake;
  }

  get calls(): string[] {
    return this.fake.calls;
  }

  get writes(): Remediation[] {
    return this.fake.writes;
  }

  get repositories(): Map<string, FakeRepository> {
    return this.fake.repositories;
  }

  get maxInFlight(): number {
    return this.fake.maxInFlight;
  }

  get failing(): Set<string> {
    return this.fake.failing;
  }

  set listError(error: Error | undefined) {
    this.fake.listError = error;
  }

  set pullThroughCache(prefixes: string[] | Error) {
    this.fake.pullThroughCache = prefixes;
  }
}
