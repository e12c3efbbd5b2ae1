/**
 * The simulated organization, generated from a seed: accounts × regions with a long-tailed
 * number of repositories per account (most have a few, some have thousands), each repository
 * in a state drawn from a configurable mix.
 */
import { type Random, seededRandom } from './random.ts';

/** The share of repositories missing each control, and the share exempt from all of them. */
export interface StateMix {
  /** Tags MUTABLE. */
  missingImmutability: number;
  /** No lifecycle policy. */
  missingLifecycle: number;
  /** Scan on push off (and no registry scanning rule covering it). */
  missingScanning: number;
  /** Tagged `ecr-guard:exempt=all`, and missing every control. */
  exempt: number;
}

export interface OrganizationOptions {
  seed: string;
  accounts: number;
  regions: readonly string[];
  /** Repositories in all, about (rounding per account and region). */
  repositories: number;
  /** σ of the log-normal spread of repositories per account: larger, a longer tail. */
  spread: number;
  /** Most repositories one account holds (the tail is cut there and the rest spread). */
  maxPerAccount: number;
  mix: StateMix;
  /** Accounts whose ECR and STS limits are far below the others' (another tool spends them). */
  hardThrottled: { accounts: number; callsPerSecond: number };
}

/** One registry (account, region): its repositories' state bits, packed. */
export interface RegistryModel {
  account: string;
  region: string;
  /** Per repository: {@link MISSING_IMMUTABILITY} | {@link MISSING_LIFECYCLE} | … */
  states: Uint8Array;
}

export const MISSING_IMMUTABILITY = 1;
export const MISSING_LIFECYCLE = 2;
export const MISSING_SCANNING = 4;
export const EXEMPT = 8;

export interface AccountModel {
  id: string;
  name: string;
  /** Calls per second per API family, when this account is hard-throttled. */
  hardThrottle?: number;
  registries: RegistryModel[];
}

export interface Organization {
  centralAccount: string;
  regions: readonly string[];
  accounts: AccountModel[];
  repositories: number;
}

/** The default organization of the scale benchmark (issue 17): 2,000 accounts × 4 regions. */
export const DEFAULT_ORGANIZATION: OrganizationOptions = {
  seed: 'ecr-guard-scale',
  accounts: 2000,
  regions: ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'],
  repositories: 500_000,
  spread: 2.2,
  maxPerAccount: 30_000,
  mix: { missingImmutability: 0.04, missingLifecycle: 0.05, missingScanning: 0.03, exempt: 0.02 },
  hardThrottled: { accounts: 3, callsPerSecond: 2 },
};

/** Splits `total` into whole parts proportional to `weights`, summing to `total` exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w / sum) * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

/** Long-tailed account sizes: log-normal weights, capped, summing to `total`. */
function accountSizes(options: OrganizationOptions, random: Random): number[] {
  const weights = Array.from({ length: options.accounts }, () =>
    Math.exp(options.spread * random.normal()),
  );
  let sizes = apportion(options.repositories, weights);
  // Cut the tail at the cap and spread what was cut over the others, a few rounds.
  for (let round = 0; round < 8 && sizes.some((s) => s > options.maxPerAccount); round += 1) {
    const capped = weights.map((w, i) => ((sizes[i] ?? 0) > options.maxPerAccount ? 0 : w));
    const over = sizes.reduce((a, s) => a + Math.max(0, s - options.maxPerAccount), 0);
    const extra = apportion(over, capped);
    sizes = sizes.map((s, i) => Math.min(s, options.maxPerAccount) + (extra[i] ?? 0));
  }
  return sizes;
}

function drawState(mix: StateMix, random: Random): number {
  if (random.next() < mix.exempt) {
    return EXEMPT | MISSING_IMMUTABILITY | MISSING_LIFECYCLE | MISSING_SCANNING;
  }
  let state = 0;
  if (random.next() < mix.missingImmutability) state |= MISSING_IMMUTABILITY;
  if (random.next() < mix.missingLifecycle) state |= MISSING_LIFECYCLE;
  if (random.next() < mix.missingScanning) state |= MISSING_SCANNING;
  return state;
}

/**
 * Generates the organization. The first account is the central one (ecr-guard's own, swept
 * with the functions' role); the others are members (swept through their member role).
 *
 * @throws {RangeError} for a mix share outside [0, 1] or an empty organization.
 * @example
 * ```ts
 * const org = generateOrganization(DEFAULT_ORGANIZATION);
 * org.repositories; // 500000
 * ```
 */
export function generateOrganization(options: OrganizationOptions): Organization {
  if (options.accounts < 1 || options.regions.length < 1) {
    throw new RangeError('the organization needs at least one account and one region');
  }
  for (const [name, share] of Object.entries(options.mix)) {
    if (!(share >= 0 && share <= 1)) throw new RangeError(`mix.${name} is ${share}, not in [0, 1]`);
  }
  const random = seededRandom(options.seed);
  const sizes = accountSizes(options, random);
  const accounts: AccountModel[] = sizes.map((size, i) => {
    const id = String(100_000_000_000 + i * 7_919).padStart(12, '0');
    // Accounts use one region most: it gets 60-100 % of their repositories.
    const home = random.below(options.regions.length);
    const homeShare = 0.6 + 0.4 * random.next();
    const weights = options.regions.map((_, r) =>
      r === home ? homeShare : ((1 - homeShare) * random.next()) / (options.regions.length - 1),
    );
    const perRegion = apportion(size, weights);
    return {
      id,
      name: `account-${i}`,
      registries: options.regions.map((region, r) => {
        const states = new Uint8Array(perRegion[r] ?? 0);
        for (let k = 0; k < states.length; k += 1) states[k] = drawState(options.mix, random);
        return { account: id, region, states };
      }),
    };
  });
  // Hard-throttled accounts, among those with at least a hundred repositories.
  const sizable = accounts.filter((_, i) => (sizes[i] ?? 0) >= 100);
  for (let n = 0; n < options.hardThrottled.accounts && sizable.length > 0; n += 1) {
    const [picked] = sizable.splice(random.below(sizable.length), 1);
    if (picked !== undefined) picked.hardThrottle = options.hardThrottled.callsPerSecond;
  }
  const [central] = accounts;
  return {
    centralAccount: central?.id ?? '',
    regions: options.regions,
    accounts,
    repositories: sizes.reduce((a, b) => a + b, 0),
  };
}

/** The name of the `index`-th repository of a registry. */
export function repositoryName(index: number): string {
  return `team-${index % 37}/service-${String(index).padStart(5, '0')}`;
}

/** The index of a repository from its name, or `undefined` for a name the model never made. */
export function repositoryIndex(name: string): number | undefined {
  const match = /^team-\d+\/service-(\d{5,})$/.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
