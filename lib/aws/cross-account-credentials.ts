import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AccountAllowList } from './account-allow-list.ts';
import { type AssumeRoleSender, assumeRoleCredentials } from './assume-role-credentials.ts';
import type { AccountRegion } from './client-factory.ts';
import { AccountNotAllowedError } from './cross-account-errors.ts';

/**
 * The role enforcement and the sweep act through in every member account (deploy/member-account.yml):
 * the controls' reads and writes.
 */
export const MEMBER_ROLE_NAME = 'ecr-guard-remediation';

/**
 * The read-only role the alert path acts through in every member account: scan findings and
 * repository tags, nothing that changes a repository.
 */
export const READER_ROLE_NAME = 'ecr-guard-reader';

/**
 * Every session ecr-guard opens in a member account is named with this prefix: with the member
 * role's full ARN, it is what marks a CloudTrail call as ecr-guard's own.
 */
export const SESSION_NAME_PREFIX = 'ecr-guard-';

export interface CrossAccountCredentialsOptions {
  /** The account the functions run in: acted in with their own role, no `AssumeRole`. */
  centralAccount: string;
  allowList: AccountAllowList;
  sts: AssumeRoleSender;
  /** Default {@link MEMBER_ROLE_NAME}. */
  memberRoleName?: string;
  /** The ARN partition (`aws`, `aws-cn`, `aws-us-gov`), default `aws`. */
  partition?: string;
  /**
   * Names ecr-guard in the member account's CloudTrail; starts with {@link SESSION_NAME_PREFIX}.
   * Default `ecr-guard-session`.
   */
  sessionName?: string;
  /**
   * The session's source identity (see {@link AssumeRoleCredentialsOptions.sourceIdentity}):
   * 2–64 characters of `[\w+=,.@-]`, not starting with `aws:`. Default: the session name.
   */
  sourceIdentity?: string;
  /** Session length in seconds, at most one hour; default 3600. */
  durationSeconds?: number;
  /** Renew this long before expiry (ms); default five minutes. */
  refreshBeforeExpiryMs?: number;
  now?: () => number;
}

const MAX_SESSION_SECONDS = 3600;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * Decides the credentials for each target account, for `createClientFactory`: `undefined`
 * (the function's own role) in the central account, the member role assumed and cached
 * per account everywhere else, and an {@link AccountNotAllowedError} — before any AWS
 * call — for an account outside the allow-list.
 *
 * @example
 * ```ts
 * const clients = createClientFactory({
 *   credentialsFor: crossAccountCredentials({
 *     centralAccount: '111111111111',
 *     allowList: createAccountAllowList({ centralAccount: '111111111111', allowed: 'organization' }),
 *     sts: new STSClient({ region: 'us-east-1' }),
 *   }),
 * });
 * clients.ecrGateway({ account: '222222222222', region: 'eu-west-1' }); // acts through the member role
 * ```
 */
export function crossAccountCredentials(
  options: CrossAccountCredentialsOptions,
): (target: AccountRegion) => AwsCredentialIdentityProvider | undefined {
  const {
    centralAccount,
    allowList,
    sts,
    memberRoleName = MEMBER_ROLE_NAME,
    partition = 'aws',
    sessionName = `${SESSION_NAME_PREFIX}session`,
    sourceIdentity = sessionName,
    durationSeconds = MAX_SESSION_SECONDS,
    refreshBeforeExpiryMs = 5 * 60_000,
    now = Date.now,
  } = options;
  if (!SESSION_NAME.test(sessionName)) {
    throw new RangeError(`session name "${sessionName}" is not a valid STS role session name`);
  }
  if (!sessionName.startsWith(SESSION_NAME_PREFIX)) {
    // Without the prefix, the drift its writes cause would look like someone else's.
    throw new RangeError(`session name "${sessionName}" must start with ${SESSION_NAME_PREFIX}`);
  }
  if (!SESSION_NAME.test(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:')) {
    throw new RangeError(`source identity "${sourceIdentity}" is not a valid STS source identity`);
  }
  if (durationSeconds < 900 || durationSeconds > MAX_SESSION_SECONDS) {
    throw new RangeError(`session duration ${durationSeconds} s is not within 900–3600 s`);
  }
  const byAccount = new Map<string, AwsCredentialIdentityProvider>();

  return ({ account }: AccountRegion): AwsCredentialIdentityProvider | undefined => {
    if (account === centralAccount) return undefined;
    const refusal = allowList.refusal(account);
    if (refusal !== undefined) throw new AccountNotAllowedError(account, refusal);
    let provider = byAccount.get(account);
    if (provider === undefined) {
      provider = assumeRoleCredentials({
        sts,
        account,
        roleArn: `arn:${partition}:iam::${account}:role/${memberRoleName}`,
        sessionName,
        sourceIdentity,
        durationSeconds,
        refreshBeforeExpiryMs,
        now,
      });
      byAccount.set(account, provider);
    }
    return provider;
  };
}
