import { MemberRoleAssumptionError } from '#lib/aws/cross-account-errors.ts';
import { AwsCallError } from '#lib/aws/index.ts';

/** Why a target or a repository failed, in one line, and whether trying later can help. */
export interface FailureDescription {
  reason: string;
  /** Throttling, 5xx, network: a later try can succeed. A refusal (AccessDenied) cannot. */
  retryable: boolean;
}

function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && !chain.includes(current)) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

/**
 * Describes a failure for a report. A member role that cannot be assumed is named as such,
 * even when it surfaces through the first ECR call made with its credentials.
 *
 * @example
 * ```ts
 * describeFailure(error); // { reason: 'cannot assume role arn:aws:iam::222222222222:role/… : AccessDenied: …', retryable: false }
 * ```
 */
export function describeFailure(error: unknown): FailureDescription {
  const chain = causes(error);
  const role = chain.find((e) => e instanceof MemberRoleAssumptionError);
  if (role !== undefined) return { reason: role.message, retryable: role.retryable };
  const call = chain.find((e) => e instanceof AwsCallError);
  if (call !== undefined) return { reason: call.message, retryable: call.retryable };
  const first = chain[0];
  if (first === undefined) return { reason: String(error), retryable: false };
  return { reason: `${first.name}: ${first.message}`, retryable: false };
}
