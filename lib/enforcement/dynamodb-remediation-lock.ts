import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import type { RemediationLease, RemediationLock } from './remediation-lock.ts';

export interface DynamoDbRemediationLockOptions {
  client: DynamoDBClient;
  tableName: string;
  /** The account and region of the table, for error context. */
  account: string;
  region: string;
  now?: () => number;
}

/**
 * The remediation lock as a conditional put in the dedupe table: an item `pk = key`, owned by
 * the token of its holder, that exists until released or expired (`expiresAt`, epoch
 * seconds, also the table's TTL). Only the owner's release deletes it: a holder whose lease
 * ran out while it still worked cannot free the lock of the one that took it over.
 *
 * @example
 * ```ts
 * const lock = new DynamoDbRemediationLock({ client, tableName: 'ecr-guard-dedupe', account, region });
 * const lease = await lock.acquire(key, 180_000);
 * ```
 */
export class DynamoDbRemediationLock implements RemediationLock {
  readonly #options: DynamoDbRemediationLockOptions;
  readonly #now: () => number;

  constructor(options: DynamoDbRemediationLockOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async acquire(key: string, ttlMs: number): Promise<RemediationLease | undefined> {
    const nowMs = this.#now();
    const nowSeconds = Math.floor(nowMs / 1000);
    const owner = randomUUID();
    const expiresAtSeconds = nowSeconds + Math.ceil(ttlMs / 1000);
    try {
      await this.#options.client.send(
        new PutItemCommand({
          TableName: this.#options.tableName,
          Item: {
            pk: { S: key },
            owner: { S: owner },
            expiresAt: { N: String(expiresAtSeconds) },
          },
          // A lock left by a crashed invocation stops counting once it has expired.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw this.#wrap(error, 'dynamodb:PutItem');
    }
    return {
      key,
      // The lease is counted from before the put: its holder never believes it longer.
      expiresAt: nowMs + ttlMs,
      release: () => this.#release(key, owner),
    };
  }

  async #release(key: string, owner: string): Promise<void> {
    try {
      await this.#options.client.send(
        new DeleteItemCommand({
          TableName: this.#options.tableName,
          Key: { pk: { S: key } },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': { S: owner } },
        }),
      );
    } catch (error) {
      // Someone else holds it now (this lease ran out and was taken over), or it is gone.
      if (error instanceof ConditionalCheckFailedException) return;
      throw this.#wrap(error, 'dynamodb:DeleteItem');
    }
  }

  #wrap(error: unknown, operation: string): Error {
    const { account, region } = this.#options;
    return toAwsCallError(error, { operation, account, region });
  }
}
