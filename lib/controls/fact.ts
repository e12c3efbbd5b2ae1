/**
 * A fact: one piece of ECR state that controls judge (a repository's description, its lifecycle
 * policy, the registry's scanning configuration…), with the call that reads it. Controls declare
 * the facts they read; the engine reads each one once for all of them.
 *
 * @module
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { SdkClientClass } from '#lib/aws/client-factory.ts';

/** What facts and remediations send their ECR calls with: the SDK client, or a test's fake. */
export type EcrSender = Pick<ECRClient, 'send'>;

/** Where a fact is read: the registry of one account and region. */
export interface FactContext {
  ecr: EcrSender;
  account: string;
  region: string;
  /**
   * A client of another AWS service in the same account and region, with the same
   * credentials (the member role): for facts ECR alone does not know, such as what runs in
   * ECS, or the VPC endpoints a registry is reached through (EC2). Throws a
   * `MissingClientError` when the reader was built without a client factory.
   */
  client<T>(clientClass: SdkClientClass<T>): T;
}

/** The repository a repository-level fact is read for. */
export interface RepositoryRef {
  repositoryName: string;
  repositoryArn: string;
}

interface FactBase<Name extends string> {
  /** Stable camelCase name: the key of the fact in a control's state. */
  name: Name;
  /** The IAM actions reading it takes (least privilege is derived from these). */
  actions: readonly string[];
}

/** State of one repository, read once per repository. */
export interface RepositoryFact<Name extends string, Value> extends FactBase<Name> {
  level: 'repository';
  /**
   * Reads it. A missing repository is {@link RepositoryNotFoundError}; every other failure
   * propagates as the SDK raised it (the gateway wraps it with its context).
   */
  read(context: FactContext, repository: RepositoryRef): Promise<Value>;
}

/** State of a whole registry (one account and region), shared by all its repositories. */
export interface RegistryFact<Name extends string, Value> extends FactBase<Name> {
  level: 'registry';
  read(context: FactContext): Promise<Value>;
  /** How long a read is reused by the gateway (ms). */
  ttlMs: number;
  /**
   * Also reuse a failed read for `ttlMs`: for facts that only decide an exemption, and that a
   * registry refusing the call would refuse again for each of its repositories. A failure that
   * may pass (throttling, a 5xx) is never reused.
   */
  cacheFailures?: boolean;
  /**
   * Reused within one run only (an event, a sweep worker's batch, a CLI command; the
   * application layer starts each, see `GatewayPool.startRun`), and at most `ttlMs`: for
   * state that changes without an ECR event to say so, such as what runs in ECS.
   */
  perRun?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the value type is erased where facts are collected
export type AnyRepositoryFact = RepositoryFact<string, any>;
// biome-ignore lint/suspicious/noExplicitAny: as above
export type AnyRegistryFact = RegistryFact<string, any>;
export type AnyFact = AnyRepositoryFact | AnyRegistryFact;

/** The value a fact reads. */
export type FactValue<F> = F extends { read(...args: never[]): Promise<infer V> } ? V : never;

/**
 * The state a list of facts makes: `{ [fact.name]: value }`.
 *
 * @example
 * ```ts
 * type S = StateOf<readonly [typeof lifecyclePolicyFact, typeof registryScanningFact]>;
 * // { lifecyclePolicyText: string | undefined; registryScanning: RegistryScanning }
 * ```
 */
export type StateOf<Facts extends readonly AnyFact[]> = {
  [F in Facts[number] as F['name']]: FactValue<F>;
};

/**
 * Declares a repository-level fact.
 *
 * @example
 * ```ts
 * export const lifecyclePolicyFact = defineRepositoryFact({
 *   name: 'lifecyclePolicyText',
 *   actions: ['ecr:GetLifecyclePolicy'],
 *   read: ({ ecr }, { repositoryName }) => readLifecyclePolicyText(ecr, repositoryName),
 * });
 * ```
 */
export function defineRepositoryFact<Name extends string, Value>(
  fact: Omit<RepositoryFact<Name, Value>, 'level'>,
): RepositoryFact<Name, Value> {
  return { ...fact, level: 'repository' };
}

/**
 * Declares a registry-level fact.
 *
 * @example
 * ```ts
 * export const registryScanningFact = defineRegistryFact({
 *   name: 'registryScanning',
 *   actions: ['ecr:GetRegistryScanningConfiguration'],
 *   ttlMs: 5 * 60_000,
 *   read: async ({ ecr }) => toRegistryScanning(await ecr.send(new GetRegistryScanningConfigurationCommand({}))),
 * });
 * ```
 */
export function defineRegistryFact<Name extends string, Value>(
  fact: Omit<RegistryFact<Name, Value>, 'level'>,
): RegistryFact<Name, Value> {
  return { ...fact, level: 'registry' };
}
