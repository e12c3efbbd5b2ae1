/**
 * The accounts an event names besides its envelope's: every one must be the envelope's. AWS
 * sets these fields, so a mismatch is no attack; but an event that contradicts itself is not
 * acted on (it would be acted on in the envelope's account), it is refused, naming the field.
 *
 * @module
 */
import { InvalidEventError } from './errors.ts';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The account an ARN names (its fifth field), or `undefined` when it names none (global
 * resources such as S3 buckets leave it empty).
 *
 * @example
 * ```ts
 * arnAccount('arn:aws:ecr:us-east-1:123456789012:repository/app'); // '123456789012'
 * arnAccount('arn:aws:s3:::bucket'); // undefined
 * ```
 */
export function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  const account = parts[4];
  return parts[0] === 'arn' && account !== undefined && ACCOUNT_ID.test(account)
    ? account
    : undefined;
}

/**
 * Refuses an event whose `resources` name an account other than its own.
 *
 * @throws InvalidEventError naming `resources[i]`
 *
 * @example
 * ```ts
 * checkResourceAccounts(['arn:aws:ecr:us-east-1:999999999999:repository/app'], '123456789012');
 * // throws: resources[0]: arn:aws:ecr:… names account 999999999999, not the event's account 123456789012
 * ```
 */
export function checkResourceAccounts(resources: readonly string[], account: string): void {
  resources.forEach((arn, i) => {
    const named = arnAccount(arn);
    if (named !== undefined && named !== account) {
      throw new InvalidEventError(
        `resources[${i}]: ${printableArn(arn)} names account ${named}, not the event's account ${account}`,
      );
    }
  });
}

/**
 * Refuses a field of a CloudTrail record that names an account other than the event's.
 *
 * @param field - the field's path, e.g. `detail.responseElements.repository.registryId`
 * @param value - an account id, or an ARN (whose account is compared)
 * @throws InvalidEventError naming `field`
 *
 * @example
 * ```ts
 * checkNamedAccount('detail.userIdentity.accountId', '999999999999', '123456789012'); // throws
 * ```
 */
export function checkNamedAccount(
  field: string,
  value: string | null | undefined,
  account: string,
): void {
  if (value === null || value === undefined) return;
  const named = value.startsWith('arn:') ? arnAccount(value) : value;
  if (named !== undefined && named !== account) {
    throw new InvalidEventError(
      `${field}: names account ${named}, not the event's account ${account}`,
    );
  }
}

function printableArn(arn: string): string {
  const clean = arn.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
