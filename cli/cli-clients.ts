import { STSClient } from '@aws-sdk/client-sts';
import { type ClientFactory, createAccountAccess, SDK_RETRY } from '#lib/aws/index.ts';
import { EnvironmentError, readEnvironment } from '#lib/config/environment.ts';
import { callerIdentity } from '#lib/sweep/caller-identity.ts';
import { CliError, type CliIo } from './io.ts';

export interface CliClientsOptions {
  /** Names the CLI in the member account's CloudTrail (`ecr-guard-handle`). */
  sessionName: string;
  /** The member role to act through in another account (`--role-name`). */
  roleName: string;
  /** Where to ask STS who the caller is: the event's region. */
  region: string;
}

/**
 * The AWS clients `handle` acts with, as the Lambda would: in the event's account through its
 * member role (`--role-name`), in the caller's own account with the caller's credentials.
 *
 * The caller's account is found with `sts:GetCallerIdentity`; when the environment says where
 * ecr-guard runs (`ECR_GUARD_ACCOUNT_ID`, `ECR_GUARD_ALLOWED_ACCOUNTS`, as on the Lambdas),
 * that is used instead, with its allow-list and `ECR_GUARD_MEMBER_ROLE_NAME`.
 *
 * @example
 * ```ts
 * const clients = await cliClients(io, { sessionName: 'ecr-guard-handle', roleName: 'ecr-guard-remediation', region: event.region });
 * ```
 */
export async function cliClients(io: CliIo, options: CliClientsOptions): Promise<ClientFactory> {
  const { sessionName, roleName, region } = options;
  if (io.env.ECR_GUARD_ACCOUNT_ID !== undefined && io.env.ECR_GUARD_ACCOUNT_ID !== '') {
    try {
      const environment = readEnvironment({ AWS_REGION: region, ...io.env });
      return createAccountAccess({
        crossAccount: environment.crossAccount,
        region: environment.region,
        sessionName,
      }).clients;
    } catch (error) {
      if (error instanceof EnvironmentError) throw new CliError(error.message, { cause: error });
      throw error;
    }
  }
  const sts = new STSClient({ region, ...SDK_RETRY });
  const caller = await callerIdentity(sts, region);
  sts.destroy();
  return createAccountAccess({
    crossAccount: {
      centralAccount: caller.account,
      allowedAccounts: 'organization',
      memberRoleName: roleName,
      partition: caller.partition,
    },
    region,
    sessionName,
  }).clients;
}
