import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { SDK_RETRY, type SdkRequestHandler } from '#lib/aws/index.ts';
import { callerIdentity } from './caller-identity.ts';
import type { AccountSource } from './expand-targets.ts';
import { listOrganizationAccounts } from './organization-accounts.ts';

/**
 * The accounts of a sweep, from AWS: the caller's own (`sts:GetCallerIdentity`, unless it is
 * known, and then remembered) and the organization's (`organizations:ListAccounts`). Each
 * client is built once, on first use.
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
  /** Sends the clients' requests; default the SDK's own. */
  requestHandler?: SdkRequestHandler;
}): AccountSource {
  const { region } = options;
  const config = {
    region,
    ...SDK_RETRY,
    ...(options.requestHandler === undefined ? {} : { requestHandler: options.requestHandler }),
  };
  let current: Promise<string> | undefined =
    options.currentAccount === undefined ? undefined : Promise.resolve(options.currentAccount);
  let organizations: OrganizationsClient | undefined;
  return {
    currentAccount(): Promise<string> {
      // Remembered once known; a failed look-up is not, so the next run asks again.
      current ??= callerIdentity(new STSClient(config), region).then(
        (identity) => identity.account,
        (error: unknown) => {
          current = undefined;
          throw error;
        },
      );
      return current;
    },
    organizationAccounts() {
      organizations ??= new OrganizationsClient(config);
      return listOrganizationAccounts(organizations, region);
    },
  };
}
