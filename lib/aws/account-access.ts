import type { STSClient } from '@aws-sdk/client-sts';
import {
  type AccountAllowList,
  type AllowedAccounts,
  createAccountAllowList,
} from './account-allow-list.ts';
import type { AssumeRoleSender } from './assume-role-credentials.ts';
import {
  type ClientFactory,
  type ClientFactoryOptions,
  createClientFactory,
  SDK_RETRY,
} from './client-factory.ts';
import { crossAccountCredentials } from './cross-account-credentials.ts';

/**
 * An STS client built on its first call: a function that acts only in its own account (most
 * events of a small organization) never loads the STS client at all.
 */
function lazyStsClient(region: string): AssumeRoleSender {
  let client: Promise<STSClient> | undefined;
  return {
    async send(command) {
      client ??= import('@aws-sdk/client-sts').then(
        ({ STSClient }) => new STSClient({ region, ...SDK_RETRY }),
      );
      return (await client).send(command);
    },
  };
}

/** Where ecr-guard runs and which accounts it may act in (the Lambdas' environment). */
export interface CrossAccountSettings {
  /** The central account: its own repositories are acted on with the function's role. */
  centralAccount: string;
  allowedAccounts: AllowedAccounts;
  /** The role deploy/member-account.yml creates in every member account. */
  memberRoleName: string;
  /** ARN partition of the central account (`aws`, `aws-cn`, `aws-us-gov`). */
  partition: string;
}

export interface AccountAccessOptions {
  /**
   * `undefined` is single-account mode (the CLI, local runs): every call is made with the
   * process's own credentials and every account is let through.
   */
  crossAccount: CrossAccountSettings | undefined;
  /** Region of the STS endpoint used to assume member roles (the function's own). */
  region: string;
  /** Role session name, naming ecr-guard and the function in member accounts' CloudTrail. */
  sessionName: string;
  /**
   * Source identity of every session (CloudTrail traces each call in a member account to it):
   * the Lambda function's name (`AWS_LAMBDA_FUNCTION_NAME`); default the session name.
   */
  sourceIdentity?: string | undefined;
  /** Retry mode of the clients; default {@link SDK_RETRY} (one event's calls). */
  retry?: ClientFactoryOptions['retry'];
}

/** The clients a function acts with, and the accounts it may act in. */
export interface AccountAccess {
  clients: ClientFactory;
  allowList: AccountAllowList;
}

/**
 * Builds, once per container, the client factory that acts in each event's account through
 * that account's `ecr-guard-remediation` role, and the allow-list to check events against
 * before any call.
 *
 * @example
 * ```ts
 * const { clients, allowList } = createAccountAccess({
 *   crossAccount: environment.crossAccount,
 *   region: environment.region,
 *   sessionName: 'ecr-guard-enforce-repository',
 *   sourceIdentity: environment.functionName,
 * });
 * if (allowList.refusal(event.account) === undefined) {
 *   clients.client(ECRClient, { account: event.account, region: event.region });
 * }
 * ```
 */
export function createAccountAccess(options: AccountAccessOptions): AccountAccess {
  const settings = options.crossAccount;
  if (settings === undefined) {
    return {
      clients: createClientFactory({ retry: options.retry }),
      allowList: { refusal: () => undefined },
    };
  }
  const allowList = createAccountAllowList({
    centralAccount: settings.centralAccount,
    allowed: settings.allowedAccounts,
  });
  const sts = lazyStsClient(options.region);
  const clients = createClientFactory({
    retry: options.retry,
    credentialsFor: crossAccountCredentials({
      centralAccount: settings.centralAccount,
      allowList,
      sts,
      memberRoleName: settings.memberRoleName,
      partition: settings.partition,
      sessionName: options.sessionName,
      ...(options.sourceIdentity === undefined ? {} : { sourceIdentity: options.sourceIdentity }),
    }),
  });
  return { clients, allowList };
}
