import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import type { RemediationLock } from './remediation-lock.ts';

export interface DynamoDbRemediationLockOptions {
  client: DynamoDBClient;
  tableName: string;
  /** The account and region of the table, for error context. */
  account: string;
  region: string;
  now?: () => number;
}

/**
 * The remediation lock as a conditional put in the dedupe table: an item `pk = key` that
 * exists until released or expired (`expiresAt`, epoch seconds, also the table's TTL).
 *
 * @example
 * ```ts
 * const lock = new DynamoDbRemediationLock({ client, tableName: 'ecr-guard-dedupe', account, region });
 * ```
 */
export class DynamoDbRemediationLock implements RemediationLock {
  readonly #options: DynamoDbRemediationLockOptions;
  readonly #now: () => number;

  constructor(options: DynamoDbRemediationLockOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async acquire(key: string, ttlMs: number): Promise<boolean> {
    const nowSeconds = Math.floor(this.#now() / 1000);
    try {
      await this.#options.client.send(
        new PutItemCommand({
          TableName: this.#options.tableName,
          Item: {
            pk: { S: key },
            expiresAt: { N: String(nowSeconds + Math.ceil(ttlMs / 1000)) },
          },
          // A lock left by a crashed invocation stops counting once it has expired.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw this.#wrap(error, 'dynamodb:PutItem');
    }
  }

  async release(key: string): Promise<void> {
    try {
      await this.#options.client.send(
        new DeleteItemCommand({ TableName: this.#options.tableName, Key: { pk: { S: key } } }),
      );
    } catch (error) {
      throw this.#wrap(error, 'dynamodb:DeleteItem');
    }
  }

  #wrap(error: unknown, operation: string): Error {
    const { account, region } = this.#options;
    return toAwsCallError(error, { operation, account, region });
  }
}
