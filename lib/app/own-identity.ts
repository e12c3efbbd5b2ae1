import { MEMBER_ROLE_NAME } from '#lib/aws/cross-account-credentials.ts';
import type { Environment } from '#lib/config/environment.ts';
import type { OwnIdentity } from '#lib/enforcement/own-change.ts';

/**
 * ecr-guard's own identity in this deployment: the central roles' ARNs and the member role of
 * the environment (the CLI, without them, knows only the default member role's sessions).
 *
 * @example
 * ```ts
 * const identity = ownIdentityOf(readEnvironment());
 * ```
 */
export function ownIdentityOf(
  environment: Pick<Environment, 'crossAccount' | 'ownRoleArns'>,
): Omit<OwnIdentity, 'roleNames'> {
  return {
    centralRoleArns: environment.ownRoleArns,
    memberRoleName: environment.crossAccount?.memberRoleName ?? MEMBER_ROLE_NAME,
    partition: environment.crossAccount?.partition ?? 'aws',
  };
}
