/**
 * The accounts and regions a CLI command acts on (`audit`, `enforce`, `lifecycle preview`):
 * the arguments checked before any AWS call, then the caller, the targets and the clients
 * acting in each (the caller's account with its own credentials, every other through its
 * member role).
 *
 * @module
 */
import { STSClient } from '@aws-sdk/client-sts';
import type { ClientFactory } from '#lib/aws/index.ts';
import { createAccountAccess, SDK_RETRY, SDK_RETRY_BULK } from '#lib/aws/index.ts';
import {
  awsAccountSource,
  callerIdentity,
  checkAccounts,
  checkRegions,
  expandTargets,
  InvalidTargetError,
  type TargetPlan,
  type TargetSelection,
} from '#lib/sweep/index.ts';
import { knownRegion } from '#lib/sweep/known-regions.ts';
import { CliError, type CliIo } from './io.ts';
import { resolveRegion } from './resolve-region.ts';

/** A comma-separated option as its values (`undefined` when not given). */
export function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** The target options of a command, as parsed. */
export interface TargetOptions {
  accounts?: string | undefined;
  regions?: string | undefined;
  org?: boolean | undefined;
}

/** What {@link checkTargetOptions} found: the selection, the regions and the one to ask in. */
export interface CheckedTargets {
  selection: TargetSelection;
  regions: string[];
  /** The first region given, else the environment's or the profile's (the SDK's order). */
  region: string;
}

/**
 * Checks `--accounts` and `--regions` before any AWS call: a mistyped account or region is
 * refused here, not answered by a credentials error or an endpoint that does not exist.
 *
 * @throws CliError naming the option and what is wrong with it
 *
 * @example
 * ```ts
 * const targets = await checkTargetOptions(values, io);
 * ```
 */
export async function checkTargetOptions(
  values: TargetOptions,
  io: CliIo,
): Promise<CheckedTargets> {
  const accounts = list(values.accounts);
  refuseInvalid('--accounts', () => accounts !== undefined && checkAccounts(accounts));
  const given = list(values.regions);
  const region = given?.[0] ?? (await resolveRegion(io.env, 'give --regions')).region;
  const regions = [...new Set(given ?? [region])];
  refuseInvalid('--regions', () => checkRegions(regions));
  const selection: TargetSelection = values.org
    ? { kind: 'organization' }
    : accounts !== undefined
      ? { kind: 'accounts', accounts }
      : { kind: 'current' };
  return { selection, regions, region };
}

function refuseInvalid(option: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (error instanceof InvalidTargetError) {
      throw new CliError(`${option}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Asks STS who the caller is, expands the targets (the organization's accounts with `--org`)
 * and builds the clients: in the caller's account with its own credentials, in every other
 * through `roleName`, in sessions named `sessionName`.
 *
 * @throws CliError when a region is not in the caller's partition, or a target is invalid
 *
 * @example
 * ```ts
 * const { plan, clients } = await planTargets(targets, { roleName, sessionName: 'ecr-guard-audit' });
 * ```
 */
export async function planTargets(
  targets: CheckedTargets,
  session: { roleName: string; sessionName: string },
): Promise<{
  plan: TargetPlan;
  clients: ClientFactory;
  caller: Awaited<ReturnType<typeof callerIdentity>>;
}> {
  const { selection, regions, region } = targets;
  const sts = new STSClient({ region, ...SDK_RETRY });
  const caller = await callerIdentity(sts, region).finally(() => sts.destroy());
  const elsewhere = regions.filter((r) => knownRegion(r)?.partition !== caller.partition);
  if (elsewhere.length > 0) {
    throw new CliError(
      `--regions: ${elsewhere.join(', ')} not in the partition of the credentials in use (${caller.partition})`,
    );
  }
  let plan: TargetPlan;
  try {
    plan = await expandTargets(
      selection,
      regions,
      awsAccountSource({ region, currentAccount: caller.account }),
    );
  } catch (error) {
    if (error instanceof InvalidTargetError) throw new CliError(error.message, { cause: error });
    throw error;
  }
  const { clients } = createAccountAccess({
    crossAccount: {
      centralAccount: caller.account,
      allowedAccounts: 'organization',
      memberRoleName: session.roleName,
      partition: caller.partition,
    },
    region,
    sessionName: session.sessionName,
    retry: SDK_RETRY_BULK,
  });
  return { plan, clients, caller };
}
