import type { ClientFactory } from '#lib/aws/index.ts';
import type { RegistryScanning } from '#lib/controls/index.ts';
import type { LifecycleImage } from '#lib/lifecycle/index.ts';
import { FakeRegistry, type FakeRepository } from './fake-registry.ts';
import type { FlatRepositoryState } from './repository-state.ts';

/**
 * One in-memory ECR repository behind the real gateway, recording every call: for unit
 * tests of the enforcement use case. `state` is the repository as it is now (`undefined`:
 * deleted).
 */
export class FakeEcr extends FakeRegistry {
  readonly #name: string;

  constructor(
    state: FlatRepositoryState | undefined,
    tags: Record<string, string> = {},
    /** The clients of the other services its facts read (what runs in ECS…); none by default. */
    clients?: Pick<ClientFactory, 'client'>,
  ) {
    const name = state?.repositoryName ?? 'gone';
    super(
      state?.account ?? '123456789012',
      state?.region ?? 'us-east-1',
      state === undefined
        ? {}
        : {
            [name]: {
              imageTagMutability: state.imageTagMutability,
              exclusionFilters: state.exclusionFilters,
              scanOnPush: state.scanOnPush,
              lifecyclePolicyText: state.lifecyclePolicyText,
              tags,
            },
          },
      0,
      clients,
    );
    this.#name = name;
    if (state !== undefined) this.fake.registryScanning = state.registryScanning;
  }

  get registryScanning(): RegistryScanning {
    return this.fake.registryScanning;
  }

  /** The repository's tags (exemptions, team). */
  set tags(tags: Record<string, string>) {
    const repository = this.repositories.get(this.#name);
    if (repository !== undefined) repository.tags = tags;
  }

  /** The repository's images (none by default). */
  set images(images: LifecycleImage[]) {
    const repository = this.repositories.get(this.#name);
    if (repository !== undefined) repository.images = images;
  }

  /** The repository as it is now (change it to change it); `undefined` once deleted. */
  get state(): FakeRepository | undefined {
    return this.repositories.get(this.#name);
  }

  /** Deletes the repository (`undefined`), as someone would between two calls. */
  set state(_deleted: undefined) {
    this.repositories.delete(this.#name);
  }
}
