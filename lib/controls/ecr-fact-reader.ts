import { RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import type { SdkClientClass } from '#lib/aws/client-factory.ts';
import { RepositoryNotFoundError } from '#lib/aws/errors.ts';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import type {
  AnyRegistryFact,
  AnyRepositoryFact,
  EcrSender,
  FactContext,
  FactValue,
  RepositoryRef,
} from './fact.ts';

/** Reads facts, each through its own call, translating failures into domain errors. */
export interface FactReader {
  readRepositoryFact<F extends AnyRepositoryFact>(
    fact: F,
    repository: RepositoryRef,
  ): Promise<FactValue<F>>;
  /** Reused for the fact's `ttlMs` (see {@link RegistryFact}). */
  readRegistryFact<F extends AnyRegistryFact>(fact: F): Promise<FactValue<F>>;
  /** Forgets the cached registry facts (the registry was just changed). */
  forgetRegistryFacts(): void;
}

export interface EcrFactReaderOptions {
  client: EcrSender;
  account: string;
  region: string;
  now?: () => number;
  /**
   * Other services' clients in the same account and region (see `FactContext.client`); without
   * it, a fact that needs one fails with a {@link MissingClientError}.
   */
  clientOf?: <T>(clientClass: SdkClientClass<T>) => T;
}

/**
 * A fact needs a client of another service, and the reader was built without `clientOf`: a
 * wiring mistake, never an AWS outcome.
 */
export class MissingClientError extends Error {
  constructor(clientName: string) {
    super(`no ${clientName} in this fact reader: build it with clientOf`);
    this.name = 'MissingClientError';
  }
}

interface Cached {
  value: Promise<unknown>;
  readAt: number;
}

/**
 * Reads the facts controls declare in one account and region, turning SDK exceptions into domain outcomes: a missing repository is
 * {@link RepositoryNotFoundError}, every other failure an `AwsCallError` with its context.
 * Registry facts are reused for their `ttlMs`. Knows no control: what only reads (the alert
 * path reading a repository's tags) bundles no control's code.
 *
 * @example
 * ```ts
 * const reader = new EcrFactReader({ client: new ECRClient({}), account: '123456789012', region: 'us-east-1' });
 * const tags = await reader.readRepositoryFact(tagsFact, { repositoryName, repositoryArn });
 * ```
 */
export class EcrFactReader implements FactReader {
  readonly account: string;
  readonly region: string;
  protected readonly context: FactContext;
  readonly #now: () => number;
  readonly #registryFacts = new Map<string, Cached>();

  constructor(options: EcrFactReaderOptions) {
    this.account = options.account;
    this.region = options.region;
    const { clientOf } = options;
    this.context = {
      ecr: options.client,
      account: options.account,
      region: options.region,
      client<T>(clientClass: SdkClientClass<T>): T {
        if (clientOf === undefined) throw new MissingClientError(clientClass.name);
        return clientOf(clientClass);
      },
    };
    this.#now = options.now ?? Date.now;
  }

  async readRepositoryFact<F extends AnyRepositoryFact>(
    fact: F,
    repository: RepositoryRef,
  ): Promise<FactValue<F>> {
    try {
      return (await fact.read(this.context, repository)) as FactValue<F>;
    } catch (error) {
      throw this.translate(error, fact.actions[0] ?? fact.name, repository.repositoryName);
    }
  }

  readRegistryFact<F extends AnyRegistryFact>(fact: F): Promise<FactValue<F>> {
    const now = this.#now();
    const cached = this.#registryFacts.get(fact.name);
    if (cached !== undefined && now - cached.readAt < fact.ttlMs) {
      return cached.value as Promise<FactValue<F>>;
    }
    const value = (async () => {
      try {
        return (await fact.read(this.context)) as FactValue<F>;
      } catch (error) {
        throw this.translate(error, fact.actions[0] ?? fact.name);
      }
    })();
    this.#registryFacts.set(fact.name, { value, readAt: now });
    value.catch(() => {
      // A failed read is served again only when the fact says so; callers await it either way.
      if (!fact.cacheFailures && this.#registryFacts.get(fact.name)?.value === value) {
        this.#registryFacts.delete(fact.name);
      }
    });
    return value;
  }

  forgetRegistryFacts(): void {
    this.#registryFacts.clear();
  }

  protected translate(error: unknown, operation: string, repositoryName?: string): Error {
    if (error instanceof RepositoryNotFoundError) return error;
    if (error instanceof RepositoryNotFoundException && repositoryName !== undefined) {
      return new RepositoryNotFoundError(repositoryName, operation, { cause: error });
    }
    return toAwsCallError(error, { operation, account: this.account, region: this.region });
  }
}
