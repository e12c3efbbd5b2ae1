import {
  type Account,
  type OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { toAwsCallError } from '#lib/aws/index.ts';

/** An account of the organization, as a sweep needs it. */
export interface OrganizationAccount {
  id: string;
  name?: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, `CLOSED`, … */
  state: string;
}

/**
 * The account's state. `State` replaces `Status`, which AWS retires on 2026-09-09: read
 * `State`, and `Status` only from an API (or emulator) that does not answer `State` yet.
 */
function stateOf(account: Account): string {
  return account.State ?? account.Status ?? 'UNKNOWN';
}

/**
 * Every account of the organization (all pages of `organizations:ListAccounts`), with its
 * state. Works from the management account or a delegated administrator.
 *
 * @throws {AwsCallError} when the organization cannot be listed (not in an organization,
 * access denied), with the operation and the reason.
 * @example
 * ```ts
 * const accounts = await listOrganizationAccounts(new OrganizationsClient({ region: 'us-east-1' }), 'us-east-1');
 * accounts.filter((a) => a.state === 'ACTIVE').map((a) => a.id);
 * ```
 */
export async function listOrganizationAccounts(
  client: OrganizationsClient,
  region: string,
): Promise<OrganizationAccount[]> {
  const accounts: OrganizationAccount[] = [];
  try {
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        if (account.Id === undefined) continue;
        accounts.push({
          id: account.Id,
          ...(account.Name === undefined ? {} : { name: account.Name }),
          state: stateOf(account),
        });
      }
    }
  } catch (error) {
    throw toAwsCallError(error, {
      operation: 'organizations:ListAccounts',
      account: 'organization',
      region,
    });
  }
  return accounts;
}
