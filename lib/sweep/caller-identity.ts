import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { toAwsCallError } from '#lib/aws/index.ts';

/** Who the credentials in use are. */
export interface CallerIdentity {
  account: string;
  /** The caller's ARN (a user, a role session, …), as STS tells it. */
  arn?: string;
  /** ARN partition (`aws`, `aws-cn`, `aws-us-gov`), from the caller's ARN. */
  partition: string;
}

/**
 * The account and partition of the credentials in use (`sts:GetCallerIdentity`, which needs
 * no permission): the central account of a CLI run.
 *
 * @throws {AwsCallError} when there are no usable credentials.
 * @example
 * ```ts
 * const { account } = await callerIdentity(new STSClient({ region: 'us-east-1' }), 'us-east-1');
 * ```
 */
export async function callerIdentity(sts: STSClient, region: string): Promise<CallerIdentity> {
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (out.Account === undefined) throw new Error('GetCallerIdentity returned no account');
    return {
      account: out.Account,
      ...(out.Arn === undefined ? {} : { arn: out.Arn }),
      partition: out.Arn?.split(':')[1] || 'aws',
    };
  } catch (error) {
    throw toAwsCallError(error, { operation: 'sts:GetCallerIdentity', account: 'self', region });
  }
}
