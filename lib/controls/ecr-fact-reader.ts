import { RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import type { ClientFactory } from '#lib/aws/client-factory.ts';
import { AwsCallError, RepositoryNotFoundError } from '#lib/aws/errors.ts';
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
  /**
   * Where the facts that read other services of the account and region get their clients
   * (`FactContext.client`), with the same credentials as `client`; without it such a fact
   * fails to read with a {@link MissingClientError}.
   */
  clients?: Pick<ClientFactory, 'client'>;
  now?: () => number;
}

/**
 * A fact needs a client of another service, and the reader was built without `clients`: a
 * wiring mistake, never an AWS outcome.
 */
export class MissingClientError extends Error {
  constructor(clientName: string) {
    super(`no ${clientName} in this fact reader: build it with clients`);
    this.name = 'MissingClientError';
  }
}

interface Cached {
  value: Promise<unknown>;
  readAt: number;
  perRun: boolean;
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
    const target = { account: options.account, region: options.region };
    const { clients } = options;
    this.context = {
      ecr: options.client,
      ...target,
      client(clientClass) {
        if (clients === undefined) throw new MissingClientError(clientClass.name);
        return clients.client(clientClass, target);
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
    this.#registryFacts.set(fact.name, { value, readAt: now, perRun: fact.perRun === true });
    value.catch((error: unknown) => {
      // A failed read is served again only when the fact says so, and never one that may pass
      // (throttling, a 5xx): the next repository tries again. Callers await it either way.
      const passing = error instanceof AwsCallError && error.retryable;
      if ((!fact.cacheFailures || passing) && this.#registryFacts.get(fact.name)?.value === value) {
        this.#registryFacts.delete(fact.name);
      }
    });
    return value;
  }

  forgetRegistryFacts(): void {
    this.#registryFacts.clear();
  }

  /** Forgets the registry facts that last one run (`perRun`): the next run reads them again. */
  forgetRunFacts(): void {
    for (const [name, cached] of this.#registryFacts) {
      if (cached.perRun) this.#registryFacts.delete(name);
    }
  }

  /**
   * The registry fact as already read (or being read) and still reusable, without reading it:
   * e.g. to quote what a run's reads cost once it is over. `undefined` when not read.
   *
   * @example
   * ```ts
   * const ecs = await gateway.peekRegistryFact(ecsImagesInUseFact);
   * ```
   */
  peekRegistryFact<F extends AnyRegistryFact>(fact: F): Promise<FactValue<F>> | undefined {
    const cached = this.#registryFacts.get(fact.name);
    if (cached === undefined || this.#now() - cached.readAt >= fact.ttlMs) return undefined;
    return cached.value as Promise<FactValue<F>>;
  }

  protected translate(error: unknown, operation: string, repositoryName?: string): Error {
    if (error instanceof RepositoryNotFoundError) return error;
    // A fact that makes several calls names the one that failed.
    if (error instanceof AwsCallError) return error;
    if (error instanceof RepositoryNotFoundException && repositoryName !== undefined) {
      return new RepositoryNotFoundError(repositoryName, operation, { cause: error });
    }
    return toAwsCallError(error, { operation, account: this.account, region: this.region });
  }
}
