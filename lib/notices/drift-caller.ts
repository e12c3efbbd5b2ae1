/**
 * The caller of a CloudTrail call that undid a fix, as a drift notice names it.
 *
 * @module
 */
import type { Actor } from '#lib/events/index.ts';

const IAM_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/;
const FEDERATED_ARN = /^arn:aws[a-z-]*:sts::\d{12}:federated-user\/(.+)$/;

/**
 * The caller, readable: a role and its session, a user, the root user, a service.
 *
 * @example
 * ```ts
 * readablePrincipal({ type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/Admin/mary', roleName: 'Admin', sessionName: 'mary' });
 * // 'role Admin (session mary)'
 * ```
 */
export function readablePrincipal(actor: Actor): string {
  if (actor.roleName !== undefined) {
    return actor.sessionName === undefined
      ? `role ${actor.roleName}`
      : `role ${actor.roleName} (session ${actor.sessionName})`;
  }
  const arn = actor.arn ?? '';
  const user = IAM_USER_ARN.exec(arn)?.[1];
  if (user !== undefined) return `IAM user ${user}`;
  const federated = FEDERATED_ARN.exec(arn)?.[1];
  if (federated !== undefined) return `federated user ${federated}`;
  if (actor.type === 'Root') return 'the account root user';
  return arn === '' ? `an unnamed ${actor.type} caller` : `${actor.type} ${arn}`;
}
