import { AwsAdapterError } from './errors.ts';

/**
 * The member account's role could not be assumed: the member template is not deployed
 * there, its trust policy does not name this function's role, or STS failed. The message
 * names the account and the role ARN, so on-call knows where to look.
 */
export class MemberRoleAssumptionError extends AwsAdapterError {
  readonly account: string;
  readonly roleArn: string;
  /** Whether trying again later can succeed (throttling, STS 5xx), not a refusal. */
  readonly retryable: boolean;

  constructor(
    details: { account: string; roleArn: string; retryable: boolean },
    options: ErrorOptions & { cause: unknown },
  ) {
    const cause = options.cause;
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `cannot assume role ${details.roleArn} in account ${details.account}: ${what}`,
      'sts:AssumeRole',
      options,
    );
    this.name = 'MemberRoleAssumptionError';
    this.account = details.account;
    this.roleArn = details.roleArn;
    this.retryable = details.retryable;
  }
}

/**
 * ecr-guard was asked to act in an account outside its allow-list. Raised before any AWS
 * call, so nothing is read or written there.
 */
export class AccountNotAllowedError extends AwsAdapterError {
  readonly account: string;

  constructor(account: string, reason: string, options?: ErrorOptions) {
    super(`account ${account} is not allowed: ${reason}`, 'sts:AssumeRole', options);
    this.name = 'AccountNotAllowedError';
    this.account = account;
  }
}
