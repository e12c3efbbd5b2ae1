import { MEMBER_ROLE_NAME, SESSION_NAME_PREFIX } from '#lib/aws/index.ts';
import type { Environment } from '#lib/config/environment.ts';
import type { Actor } from '#lib/events/index.ts';
import { matchesWildcard } from '#lib/standard/index.ts';

/**
 * What makes a CloudTrail call ecr-guard's own: the exact roles it acts with. Built from the
 * deployment (the central stack sets the ARNs of its functions' roles), never from a role name.
 */
export interface OwnIdentity {
  /**
   * The exact ARNs of the central functions' roles that write to ECR
   * (`ECR_GUARD_OWN_ROLE_ARNS`): in the central account they act with these directly.
   */
  centralRoleArns: readonly string[];
  /** The role ecr-guard assumes in member accounts (`ecr-guard-remediation`). */
  memberRoleName: string;
  /** The ARN partition of the organization (`aws`, `aws-cn`, `aws-us-gov`). */
  partition: string;
  /**
   * `identity.roleNames` of the standard: the names ecr-guard's roles may have. A further
   * condition, never a sufficient one.
   */
  roleNames: readonly string[];
}

/** `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME` */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[^/]+\/)*([^/]+)$/;

/**
 * Why a CloudTrail call is ecr-guard's own (acting on it would loop), or `undefined` when it is
 * somebody else's. It is ecr-guard's own only when the session was issued by:
 * - exactly one of the central functions' role ARNs, or
 * - the member role of the event's own account, `arn:PARTITION:iam::ACCOUNT:role/MEMBER_ROLE`,
 *   in a session whose name starts with `ecr-guard-` (the name ecr-guard gives its sessions),
 *
 * and the role's name matches `identity.roleNames`. A role *named* like ecr-guard's in any
 * other account, or a person's session in the member role, is somebody else.
 *
 * @example
 * ```ts
 * ownChangeReason(event.actor, event.account, identity);
 * // 'change made by ecr-guard itself (arn:aws:iam::222222222222:role/ecr-guard-remediation, session ecr-guard-enforce-repository)'
 * ```
 */
export function ownChangeReason(
  actor: Actor,
  account: string,
  identity: OwnIdentity,
): string | undefined {
  const issuer = actor.issuerArn;
  if (issuer === undefined) return undefined;
  const name = ROLE_ARN.exec(issuer)?.[1];
  if (name === undefined) return undefined;
  if (!identity.roleNames.some((pattern) => matchesWildcard(pattern, name))) return undefined;
  if (identity.centralRoleArns.includes(issuer)) {
    return `change made by ecr-guard itself (${issuer})`;
  }
  const memberRoleArn = `arn:${identity.partition}:iam::${account}:role/${identity.memberRoleName}`;
  if (issuer === memberRoleArn && actor.sessionName?.startsWith(SESSION_NAME_PREFIX) === true) {
    return `change made by ecr-guard itself (${issuer}, session ${actor.sessionName})`;
  }
  return undefined;
}

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
