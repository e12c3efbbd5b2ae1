/**
 * Which accounts ecr-guard acts in: `organization` trusts the perimeter AWS enforces (the
 * central bus admits `PutEvents` only from the organization, `aws:PrincipalOrgID`, and the
 * functions may only assume roles inside it, `aws:ResourceOrgID`); a list of account ids
 * narrows it further, e.g. to roll ecr-guard out a few accounts at a time.
 */
export type AllowedAccounts = 'organization' | readonly string[];

export interface AccountAllowListOptions {
  /** The account ecr-guard runs in: always allowed, acted in with the function's own role. */
  centralAccount: string;
  allowed: AllowedAccounts;
}

/** Tells whether ecr-guard may act in an account, and if not, why. */
export interface AccountAllowList {
  /** `undefined` when ecr-guard may act in `account`; else the reason it may not. */
  refusal(account: string): string | undefined;
}

/**
 * Creates the allow-list the handlers check `event.account` against before any AWS call.
 *
 * @example
 * ```ts
 * const allowList = createAccountAllowList({ centralAccount: '111111111111', allowed: ['222222222222'] });
 * allowList.refusal('333333333333'); // 'account 333333333333 is not in ECR_GUARD_ALLOWED_ACCOUNTS (…)'
 * allowList.refusal('222222222222'); // undefined
 * ```
 */
export function createAccountAllowList(options: AccountAllowListOptions): AccountAllowList {
  const { centralAccount, allowed } = options;
  if (allowed === 'organization') return { refusal: () => undefined };
  const accounts = new Set([centralAccount, ...allowed]);
  const listed = [...accounts].sort().join(', ');
  return {
    refusal(account: string): string | undefined {
      if (accounts.has(account)) return undefined;
      return `account ${account} is not in ECR_GUARD_ALLOWED_ACCOUNTS (${listed})`;
    },
  };
}
