import type { AccountRegion } from '#lib/aws/index.ts';

/** One unit of a sweep: every repository of one account in one region. */
export type SweepTarget = AccountRegion;

/** Which accounts a sweep covers. */
export type TargetSelection =
  /** The account of the credentials in use. */
  | { kind: 'current' }
  /** These accounts (12-digit ids). */
  | { kind: 'accounts'; accounts: readonly string[] }
  /** Every ACTIVE account of the organization (`organizations:ListAccounts`). */
  | { kind: 'organization' };

/** The targets of a sweep, and the accounts left out with the reason (reported, not silent). */
export interface TargetPlan {
  targets: SweepTarget[];
  skipped: Array<{ account: string; reason: string }>;
}

/**
 * `account/region`, the way targets are named in logs, progress lines and reports.
 *
 * @example
 * ```ts
 * targetName({ account: '123456789012', region: 'eu-west-1' }); // '123456789012/eu-west-1'
 * ```
 */
export function targetName(target: SweepTarget): string {
  return `${target.account}/${target.region}`;
}

/**
 * The accounts the scheduled sweep covers: the ones ecr-guard may act in. The organization,
 * or the allow-list and the central account; without cross-account settings, its own account.
 *
 * @example
 * ```ts
 * sweepSelection({ centralAccount: '111111111111', allowedAccounts: ['222222222222'] });
 * // { kind: 'accounts', accounts: ['111111111111', '222222222222'] }
 * ```
 */
export function sweepSelection(
  crossAccount:
    | { centralAccount: string; allowedAccounts: 'organization' | readonly string[] }
    | undefined,
): TargetSelection {
  if (crossAccount === undefined) return { kind: 'current' };
  if (crossAccount.allowedAccounts === 'organization') return { kind: 'organization' };
  return {
    kind: 'accounts',
    accounts: [crossAccount.centralAccount, ...crossAccount.allowedAccounts],
  };
}
