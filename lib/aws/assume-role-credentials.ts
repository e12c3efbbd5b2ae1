import type { AssumeRoleCommand, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { MemberRoleAssumptionError } from './cross-account-errors.ts';
import { isRetryableAwsError } from './translate-error.ts';

/** The one STS call the provider makes: an `STSClient` fits, and so does a test fake. */
export interface AssumeRoleSender {
  send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput>;
}

export interface AssumeRoleCredentialsOptions {
  sts: AssumeRoleSender;
  /** The account the role is in, for the error message. */
  account: string;
  roleArn: string;
  /** Shown in the member account's CloudTrail as the session of the role. */
  sessionName: string;
  /**
   * Set on the session (`SourceIdentity`): CloudTrail records it with every call the session
   * makes, and it cannot be changed afterwards, so each call in a member account is traced to
   * the function (or person) that made it. The member roles' trust policies require it.
   */
  sourceIdentity?: string;
  /** Session length, 900–3600 s (the role's default maximum is one hour). */
  durationSeconds: number;
  /** Credentials this close to expiry are renewed before use (ms). */
  refreshBeforeExpiryMs: number;
  now: () => number;
}

/**
 * A credential provider that assumes `roleArn` and reuses the session until it is close to
 * expiry. Concurrent callers share one `AssumeRole` call; a failed call is not cached, so the
 * next use tries again.
 *
 * Hand-written rather than `fromTemporaryCredentials` (`@aws-sdk/credential-providers` is no
 * dependency of ecr-guard): it is a few lines on `@aws-sdk/client-sts`, which is one, and it
 * fails with a {@link MemberRoleAssumptionError} naming the account and the role.
 *
 * @example
 * ```ts
 * const credentials = assumeRoleCredentials({
 *   sts: new STSClient({ region: 'us-east-1' }),
 *   account: '222222222222',
 *   roleArn: 'arn:aws:iam::222222222222:role/ecr-guard-remediation',
 *   sessionName: 'ecr-guard-enforce-repository',
 *   sourceIdentity: 'ecr-guard-prod-enforce-repository',
 *   durationSeconds: 3600,
 *   refreshBeforeExpiryMs: 5 * 60_000,
 *   now: Date.now,
 * });
 * const ecr = new ECRClient({ region: 'eu-west-1', credentials });
 * ```
 */
export function assumeRoleCredentials(
  options: AssumeRoleCredentialsOptions,
): AwsCredentialIdentityProvider {
  const {
    sts,
    account,
    roleArn,
    sessionName,
    sourceIdentity,
    durationSeconds,
    refreshBeforeExpiryMs,
    now,
  } = options;
  /** The session in use or being obtained; `expiresAt` is unknown while the call is in flight. */
  let session: { credentials: Promise<AwsCredentialIdentity>; expiresAt?: number } | undefined;

  async function assume(): Promise<AwsCredentialIdentity> {
    let out: AssumeRoleCommandOutput;
    try {
      // Loaded on first use: a function that only acts in its own account never needs STS.
      const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
      out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName,
          DurationSeconds: durationSeconds,
          ...(sourceIdentity === undefined ? {} : { SourceIdentity: sourceIdentity }),
        }),
      );
    } catch (error) {
      throw new MemberRoleAssumptionError(
        { account, roleArn, retryable: isRetryableAwsError(error) },
        { cause: error },
      );
    }
    const issued = out.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken) {
      throw new MemberRoleAssumptionError(
        { account, roleArn, retryable: true },
        { cause: new Error('STS returned no credentials') },
      );
    }
    // Without an expiry from STS, trust the duration that was asked for.
    const expiration = issued.Expiration ?? new Date(now() + durationSeconds * 1000);
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
      expiration,
      accountId: account,
    };
  }

  return () => {
    if (session !== undefined) {
      const { expiresAt } = session;
      if (expiresAt === undefined || expiresAt - now() > refreshBeforeExpiryMs) {
        return session.credentials;
      }
    }
    const started: { credentials: Promise<AwsCredentialIdentity>; expiresAt?: number } = {
      credentials: assume(),
    };
    session = started;
    started.credentials.then(
      (credentials) => {
        started.expiresAt = credentials.expiration?.getTime() ?? 0;
      },
      () => {
        // A failure is not cached: the next use tries again.
        if (session === started) session = undefined;
      },
    );
    return started.credentials;
  };
}
