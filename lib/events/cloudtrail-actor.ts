/**
 * Who made a CloudTrail API call.
 *
 * @module
 */
import type { Actor } from './guard-event.ts';
import type { UserIdentity } from './schemas/cloudtrail-record.ts';

/** `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION` */
const ASSUMED_ROLE_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/;

/**
 * Reads the actor of a call from its `userIdentity`: its type and ARN, and for a role session
 * the issuing role's ARN and name and the session's name. ecr-guard recognises its own calls by
 * the issuer's full ARN and the session name, never by the role name alone.
 *
 * @param identity - the record's `userIdentity`
 * @returns the caller's type, ARN and, for a role session, the role and session
 *
 * @example
 * ```ts
 * actorFromUserIdentity({
 *   type: 'AssumedRole',
 *   arn: 'arn:aws:sts::123456789012:assumed-role/ecr-guard-remediation/ecr-guard-enforce-repository',
 *   sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/ecr-guard-remediation', userName: 'ecr-guard-remediation' } },
 * });
 * // { type: 'AssumedRole', arn: '…', roleName: 'ecr-guard-remediation',
 * //   issuerArn: 'arn:aws:iam::123456789012:role/ecr-guard-remediation', sessionName: 'ecr-guard-enforce-repository' }
 * ```
 */
export function actorFromUserIdentity(identity: UserIdentity): Actor {
  const actor: Actor = { type: identity.type };
  if (identity.arn) {
    actor.arn = identity.arn;
  }
  const issuer = identity.sessionContext?.sessionIssuer;
  const assumed = identity.arn ? ASSUMED_ROLE_ARN.exec(identity.arn) : null;
  const roleName = issuer?.type === 'Role' && issuer.userName ? issuer.userName : assumed?.[1];
  if (roleName !== undefined) {
    actor.roleName = roleName;
  }
  if (issuer?.type === 'Role' && issuer.arn) {
    actor.issuerArn = issuer.arn;
  }
  if (assumed?.[2] !== undefined) {
    actor.sessionName = assumed[2];
  }
  return actor;
}
