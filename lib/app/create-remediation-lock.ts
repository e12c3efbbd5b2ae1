/**
 * The remediation lock of the functions that write to ECR (enforce-repository, sweep-worker).
 *
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SDK_RETRY } from '#lib/aws/client-factory.ts';
import { DynamoDbRemediationLock } from '#lib/enforcement/dynamodb-remediation-lock.ts';
import {
  InProcessRemediationLock,
  type RemediationLock,
} from '#lib/enforcement/remediation-lock.ts';

/**
 * The remediation lock a function takes before writing, built once per container: in the
 * dedupe table when one is configured (one writer per repository across every container of
 * enforce-repository and sweep-worker), else in this process only (the CLI).
 *
 * @param options.tableName - `DEDUPE_TABLE_NAME`, when set
 * @param options.region - the function's region (the table's)
 * @param options.account - the central account, for error messages
 *
 * @example
 * ```ts
 * const lock = createRemediationLock({ tableName: readRemediationLockTable(), region, account: 'own' });
 * ```
 */
export function createRemediationLock(options: {
  tableName: string | undefined;
  region: string;
  account: string;
}): RemediationLock {
  if (options.tableName === undefined) return new InProcessRemediationLock();
  return new DynamoDbRemediationLock({
    client: new DynamoDBClient({ region: options.region, ...SDK_RETRY }),
    tableName: options.tableName,
    account: options.account,
    region: options.region,
  });
}
