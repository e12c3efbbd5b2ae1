import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { SDK_RETRY } from '#lib/aws/index.ts';
import { callerIdentity } from './caller-identity.ts';
import type { AccountSource } from './expand-targets.ts';
import { listOrganizationAccounts } from './organization-accounts.ts';

/**
 * The accounts of a sweep, from AWS: the caller's own (`sts:GetCallerIdentity`, unless it is
 * known) and the organization's (`organizations:ListAccounts`). Clients are built on first use.
 *
 * @example
 * ```ts
 * const plan = await expandTargets({ kind: 'organization' }, regions, awsAccountSource({ region }));
 * ```
 */
export function awsAccountSource(options: {
  region: string;
  /** The central account, when already known (saves the STS call). */
  currentAccount?: string;
}): AccountSource {
  const { region } = options;
  return {
    async currentAccount(): Promise<string> {
      if (options.currentAccount !== undefined) return options.currentAccount;
      return (await callerIdentity(new STSClient({ region, ...SDK_RETRY }), region)).account;
    },
    organizationAccounts() {
      return listOrganizationAccounts(new OrganizationsClient({ region, ...SDK_RETRY }), region);
    },
  };
}
