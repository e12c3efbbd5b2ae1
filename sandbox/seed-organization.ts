/**
 * The small organization the sandbox starts from: repositories in both accounts, one in each
 * state of compliance the standard knows.
 *
 * @module
 */
import { canonicalLifecyclePolicyText, type Standard } from '#lib/standard/index.ts';
import { createRepository, type RepositorySetup } from '../harness/ecr-arrange.ts';
import type { SandboxWorld } from './aws-world.ts';

/** A repository to create, and what state of compliance it shows. */
export interface SeededRepository {
  account: string;
  name: string;
  /** What it shows, in plain words. */
  state: string;
  setup: RepositorySetup;
}

/** A team's own lifecycle policy: `add-if-missing` respects it. */
const TEAM_LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'Base images: keep the 50 most recent, expire older ones',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 },
      action: { type: 'expire' },
    },
  ],
});

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The repositories, as the standard would have them or not.
 *
 * @example
 * ```ts
 * const seeded = seededRepositories(world, standard, new Date());
 * ```
 */
export function seededRepositories(
  world: Pick<SandboxWorld, 'central' | 'member'>,
  standard: Standard,
  now: Date,
): SeededRepository[] {
  const compliant: RepositorySetup = {
    mutability: standard.immutability.mode,
    exclusions: [...standard.immutability.exclusions],
    scanOnPush: true,
    lifecyclePolicyText: canonicalLifecyclePolicyText(standard.lifecycle.policy),
  };
  const expired = isoDate(new Date(now.getTime() - 30 * 86_400_000));
  return [
    {
      account: world.central,
      name: 'web/frontend',
      state: 'compliant: immutable tags (but latest), the standard lifecycle policy, scan on push',
      setup: { ...compliant, tags: { team: 'web' } },
    },
    {
      account: world.central,
      name: 'platform/base-images',
      state: 'compliant, with the team’s own lifecycle policy (kept: mode add-if-missing)',
      setup: {
        ...compliant,
        mutability: 'IMMUTABLE',
        lifecyclePolicyText: TEAM_LIFECYCLE_POLICY,
        tags: { team: 'platform' },
      },
    },
    {
      account: world.central,
      name: 'vendor/mirror',
      state: 'mutable, no policy, no scanning, but exempt from every control by its tag',
      setup: {
        tags: {
          team: 'platform',
          'ecr-guard:exempt': 'all',
          'ecr-guard:exempt-reason': 'mirrors upstream tags as they move (PLAT-1234)',
        },
      },
    },
    {
      account: world.member,
      name: 'legacy/batch',
      state: 'mutable tags, no lifecycle policy, no scan on push (created before ecr-guard)',
      setup: { tags: { team: 'data' } },
    },
    {
      account: world.member,
      name: 'data/etl',
      state: `mutable tags, exempt from immutability until ${expired}: expired`,
      setup: {
        ...compliant,
        mutability: 'MUTABLE',
        tags: {
          team: 'data',
          'ecr-guard:exempt': 'immutability',
          'ecr-guard:exempt-until': expired,
          'ecr-guard:exempt-reason':
            'nightly job re-tags images until the move to digests (DATA-42)',
        },
      },
    },
  ];
}

/**
 * Creates the repositories on the emulator.
 *
 * @example
 * ```ts
 * await seedOrganization(world, seededRepositories(world, standard, new Date()));
 * ```
 */
export async function seedOrganization(
  world: SandboxWorld,
  repositories: readonly SeededRepository[],
): Promise<void> {
  for (const repository of repositories) {
    await createRepository(world.ecr(repository.account), repository.name, repository.setup);
  }
}
