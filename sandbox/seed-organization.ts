/**
 * The small organization the sandbox starts from: repositories in both accounts, one in each
 * state of compliance the standard knows.
 *
 * @module
 */

import { SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
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
  /** Its repository policy (`SetRepositoryPolicy` after creation); none unless given. */
  policyText?: string;
}

/** A policy letting anyone pull, next to the organization's pull: repository-policy reports it. */
const PUBLIC_PULL_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'OrganizationPull',
      Effect: 'Allow',
      Principal: '*',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-sandbox0001' } },
    },
    { Sid: 'AnyonePulls', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' },
  ],
});

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
    {
      account: world.central,
      name: 'web-shop-api',
      state:
        'named by the convention, compliant, but its policy lets anyone pull (repository-policy: report only by default)',
      setup: { ...compliant, tags: { team: 'web' } },
      policyText: PUBLIC_PULL_POLICY,
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
    const ecr = world.ecr(repository.account);
    await createRepository(ecr, repository.name, repository.setup);
    if (repository.policyText !== undefined) {
      await ecr.send(
        new SetRepositoryPolicyCommand({
          repositoryName: repository.name,
          policyText: repository.policyText,
        }),
      );
    }
  }
}
