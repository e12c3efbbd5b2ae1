/**
 * Who made a CloudTrail API call.
 *
 * @module
 */
import type { Actor } from './guard-event.ts';
import type { UserIdentity } from './schemas/cloudtrail-record.ts';

/** `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION` */
const ASSUMED_ROLE_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/.+$/;

/**
 * Reads the actor of a call from its `userIdentity`. The role name comes from the session
 * issuer when it is a role (`sessionContext.sessionIssuer.userName`), else from an
 * assumed-role ARN; ecr-guard compares it with its own role to ignore its own calls.
 *
 * @param identity - the record's `userIdentity`
 * @returns the caller's type, ARN and, for a role session, role name
 *
 * @example
 * ```ts
 * actorFromUserIdentity({
 *   type: 'AssumedRole',
 *   arn: 'arn:aws:sts::123456789012:assumed-role/ecr-guard-remediation/1700000000000',
 * });
 * // { type: 'AssumedRole', arn: '…', roleName: 'ecr-guard-remediation' }
 * ```
 */
export function actorFromUserIdentity(identity: UserIdentity): Actor {
  const actor: Actor = { type: identity.type };
  if (identity.arn) {
    actor.arn = identity.arn;
  }
  const roleName = roleNameOf(identity);
  if (roleName !== undefined) {
    actor.roleName = roleName;
  }
  return actor;
}

function roleNameOf(identity: UserIdentity): string | undefined {
  const issuer = identity.sessionContext?.sessionIssuer;
  if (issuer?.type === 'Role' && issuer.userName) {
    return issuer.userName;
  }
  return identity.arn ? ASSUMED_ROLE_ARN.exec(identity.arn)?.[1] : undefined;
}
