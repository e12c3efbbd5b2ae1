import { InvalidTargetError } from './errors.ts';
import { knownRegion } from './known-regions.ts';
import type { OrganizationAccount } from './organization-accounts.ts';
import type { TargetPlan, TargetSelection } from './sweep-target.ts';

/** Where the accounts of a selection come from. */
export interface AccountSource {
  /** The account of the credentials in use (`sts:GetCallerIdentity`). */
  currentAccount(): Promise<string>;
  /** Every account of the organization, with its state. */
  organizationAccounts(): Promise<OrganizationAccount[]>;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * Checks a list of regions (`--regions`, `ECR_GUARD_SWEEP_REGIONS`), without duplicates,
 * before any AWS call: each must be a region the AWS SDK's partition data names, so that a
 * typo (`us-eest-1`) is refused here instead of failing later as an endpoint that does not
 * answer (or answers HTML).
 *
 * @throws {InvalidTargetError} naming the first value that is not a known region.
 * @example
 * ```ts
 * checkRegions(['eu-west-1', 'us-east-1', 'eu-west-1']); // ['eu-west-1', 'us-east-1']
 * ```
 */
export function checkRegions(regions: readonly string[]): string[] {
  if (regions.length === 0) throw new InvalidTargetError('', 'is no region: give at least one');
  for (const region of regions) {
    if (!REGION.test(region)) throw new InvalidTargetError(region, 'is not an AWS region');
    if (knownRegion(region) === undefined) {
      throw new InvalidTargetError(
        region,
        'is not a region the AWS SDK knows (a typo? regions are named like us-east-1)',
      );
    }
  }
  return unique(regions);
}

/**
 * Checks a list of account ids (`--accounts`, `ECR_GUARD_SWEEP_ACCOUNTS`), without duplicates.
 *
 * @throws {InvalidTargetError} naming the first value that is not a 12-digit account id.
 * @example
 * ```ts
 * checkAccounts(['123456789012']); // ['123456789012']
 * ```
 */
export function checkAccounts(accounts: readonly string[]): string[] {
  if (accounts.length === 0) throw new InvalidTargetError('', 'is no account: give at least one');
  for (const account of accounts) {
    if (!ACCOUNT_ID.test(account)) {
      throw new InvalidTargetError(account, 'is not an AWS account id (12 digits)');
    }
  }
  return unique(accounts);
}

/**
 * The (account, region) pairs a sweep covers: the accounts of the selection times the
 * regions. From an organization only ACTIVE accounts are swept; the others are returned in
 * `skipped` with their state, so a report can say why they are missing.
 *
 * @throws {InvalidTargetError} for a malformed account id or region.
 * @example
 * ```ts
 * const plan = await expandTargets({ kind: 'organization' }, ['eu-west-1'], source);
 * plan.targets; // [{ account: '111111111111', region: 'eu-west-1' }, …]
 * plan.skipped; // [{ account: '333333333333', reason: 'account state SUSPENDED' }]
 * ```
 */
export async function expandTargets(
  selection: TargetSelection,
  regions: readonly string[],
  source: AccountSource,
): Promise<TargetPlan> {
  const checkedRegions = checkRegions(regions);
  let accounts: string[];
  const skipped: TargetPlan['skipped'] = [];
  switch (selection.kind) {
    case 'current':
      accounts = [await source.currentAccount()];
      break;
    case 'accounts':
      accounts = checkAccounts(selection.accounts);
      break;
    case 'organization': {
      accounts = [];
      for (const account of await source.organizationAccounts()) {
        if (account.state === 'ACTIVE') accounts.push(account.id);
        else skipped.push({ account: account.id, reason: `account state ${account.state}` });
      }
      accounts = unique(accounts).sort();
      break;
    }
  }
  return {
    targets: accounts.flatMap((account) => checkedRegions.map((region) => ({ account, region }))),
    skipped,
  };
}
