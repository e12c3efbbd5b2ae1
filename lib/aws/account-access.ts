import { STSClient } from '@aws-sdk/client-sts';
import {
  type AccountAllowList,
  type AllowedAccounts,
  createAccountAllowList,
} from './account-allow-list.ts';
import {
  type ClientFactory,
  type ClientFactoryOptions,
  createClientFactory,
  SDK_RETRY,
} from './client-factory.ts';
import { crossAccountCredentials } from './cross-account-credentials.ts';

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
  /** Retry mode of the clients; default {@link SDK_RETRY} (one event's calls). */
  retry?: ClientFactoryOptions['retry'];
  /** Sends the requests of every client, STS's included; default the SDK's own. */
  requestHandler?: ClientFactoryOptions['requestHandler'];
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
      clients: createClientFactory({
        retry: options.retry,
        requestHandler: options.requestHandler,
      }),
      allowList: { refusal: () => undefined },
    };
  }
  const allowList = createAccountAllowList({
    centralAccount: settings.centralAccount,
    allowed: settings.allowedAccounts,
  });
  const sts = new STSClient({
    region: options.region,
    ...SDK_RETRY,
    ...(options.requestHandler === undefined ? {} : { requestHandler: options.requestHandler }),
  });
  const clients = createClientFactory({
    retry: options.retry,
    requestHandler: options.requestHandler,
    credentialsFor: crossAccountCredentials({
      centralAccount: settings.centralAccount,
      allowList,
      sts,
      memberRoleName: settings.memberRoleName,
      partition: settings.partition,
      sessionName: options.sessionName,
    }),
  });
  return { clients, allowList };
}
