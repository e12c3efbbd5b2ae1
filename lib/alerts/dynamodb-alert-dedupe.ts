/**
 * Alert deduplication in DynamoDB: one item per image, written with conditional puts, expired
 * by TTL.
 *
 * @module
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { toAwsCallError } from '#lib/aws/index.ts';
import { SEVERITIES, type Severity } from '#lib/events/guard-event.ts';
import type { AlertDedupe, ClaimRequest, ClaimResult } from './alert-dedupe.ts';
import { type AlertedSet, mergeAlertedSets, newlyAlerted } from './alerted-set.ts';
import { AlertClaimContentionError } from './errors.ts';
import type { AlertSubject } from './fingerprint.ts';

/** The table's partition key (string). */
export const DEDUPE_KEY_ATTRIBUTE = 'pk';
/** The attribute the table's TTL must be enabled on (epoch seconds). */
export const DEDUPE_TTL_ATTRIBUTE = 'expiresAt';
/** How long an alert is remembered when nothing else is said. */
export const DEFAULT_DEDUPE_TTL_DAYS = 7;

const DAY_SECONDS = 86_400;
const DEFAULT_MAX_ATTEMPTS = 5;

export interface DynamoDbAlertDedupeOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Where the table is, for error messages. */
  account: string;
  region: string;
  /** Days an alerted image is remembered (TTL); a re-scan after that alerts again. */
  ttlDays?: number;
  /** Conditional puts tried before giving up on a record that keeps changing. */
  maxAttempts?: number;
  now?: () => Date;
}

/** The stored record of an image's alerts. */
interface StoredAlert {
  alerted: AlertedSet;
  version: number;
  expiresAt: number;
  firstAlertedAt: string | undefined;
  lastAlertedAt: string | undefined;
  item: Record<string, AttributeValue>;
}

const SEVERITY_SET: ReadonlySet<string> = new Set(SEVERITIES);

/**
 * The key of an image's record: `ACCOUNT/REGION/REPOSITORY@DIGEST` (repository names contain
 * no `@`).
 *
 * @example
 * ```ts
 * dedupeKeyOf({ account: '123456789012', region: 'us-east-1', repositoryName: 'app', imageDigest: 'sha256:ab' });
 * // '123456789012/us-east-1/app@sha256:ab'
 * ```
 */
export function dedupeKeyOf(subject: AlertSubject): string {
  return `${subject.account}/${subject.region}/${subject.repositoryName}@${subject.imageDigest}`;
}

/**
 * {@link AlertDedupe} on a DynamoDB table (partition key `pk`, string; TTL on `expiresAt`).
 *
 * A claim is one conditional put in the common cases:
 * 1. Put the record if the image has none (`attribute_not_exists`): a new alert. When the
 *    put fails, DynamoDB returns the record that exists (`ReturnValuesOnConditionCheckFailure`).
 * 2. Compare with it: nothing new (or raised) means a duplicate — no write at all.
 * 3. Otherwise put the union of both sets, on condition that the record is still the version
 *    read (optimistic locking): an update. A lost race re-reads and decides again.
 *
 * Concurrent deliveries of one event race on the same condition: exactly one wins. A record
 * past its TTL that DynamoDB has not deleted yet counts as absent.
 *
 * @example
 * ```ts
 * const dedupe = new DynamoDbAlertDedupe({ client, tableName: 'ecr-guard-alerts', account, region });
 * const claim = await dedupe.claim({ subject, alerted, fingerprint, eventId });
 * if (claim.outcome === 'claimed') await publish().catch(async (e) => { await claim.release(); throw e; });
 * ```
 */
export class DynamoDbAlertDedupe implements AlertDedupe {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #account: string;
  readonly #region: string;
  readonly #ttlSeconds: number;
  readonly #maxAttempts: number;
  readonly #now: () => Date;

  constructor(options: DynamoDbAlertDedupeOptions) {
    const ttlDays = options.ttlDays ?? DEFAULT_DEDUPE_TTL_DAYS;
    if (!(ttlDays > 0)) throw new RangeError(`ttlDays must be positive, got ${ttlDays}`);
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#account = options.account;
    this.#region = options.region;
    this.#ttlSeconds = Math.round(ttlDays * DAY_SECONDS);
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#now = options.now ?? (() => new Date());
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const key = dedupeKeyOf(request.subject);
    // Unknown until the first conditional put says otherwise: most images are alerted once.
    let previous: StoredAlert | undefined;
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt += 1) {
      const now = this.#now();
      const live = previous !== undefined && previous.expiresAt > epochSeconds(now);
      let kind: 'new' | 'update' = 'new';
      let newKeys = [...request.alerted.keys()].sort();
      let alerted = request.alerted;
      if (live && previous !== undefined) {
        newKeys = newlyAlerted(previous.alerted, request.alerted);
        if (newKeys.length === 0) {
          return { outcome: 'duplicate', lastAlertedAt: previous.lastAlertedAt };
        }
        kind = 'update';
        alerted = mergeAlertedSets(previous.alerted, request.alerted);
      }
      const version = (previous?.version ?? 0) + 1;
      const item = this.#item(key, request, alerted, version, now, live ? previous : undefined);
      try {
        await this.#client.send(
          new PutItemCommand({
            TableName: this.#tableName,
            Item: item,
            ...unchangedSince(previous),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          // Someone else wrote first (or the record exists): decide again against theirs.
          previous = error.Item === undefined ? undefined : decodeStoredAlert(error.Item);
          continue;
        }
        throw this.#wrap(error, 'dynamodb:PutItem');
      }
      const restore = live ? previous?.item : undefined;
      return {
        outcome: 'claimed',
        kind,
        newKeys,
        release: () => this.#release(key, version, restore),
      };
    }
    throw new AlertClaimContentionError(key, this.#maxAttempts);
  }

  #item(
    key: string,
    request: ClaimRequest,
    alerted: AlertedSet,
    version: number,
    now: Date,
    previous: StoredAlert | undefined,
  ): Record<string, AttributeValue> {
    const at = now.toISOString();
    return {
      [DEDUPE_KEY_ATTRIBUTE]: { S: key },
      alerted: { M: Object.fromEntries([...alerted].map(([k, s]) => [k, { S: s }])) },
      fingerprint: { S: request.fingerprint },
      version: { N: String(version) },
      [DEDUPE_TTL_ATTRIBUTE]: { N: String(epochSeconds(now) + this.#ttlSeconds) },
      firstAlertedAt: { S: previous?.firstAlertedAt ?? at },
      lastAlertedAt: { S: at },
      lastEventId: { S: request.eventId },
    };
  }

  /** Puts back what was there before the claim, if the record is still the claim's own. */
  async #release(
    key: string,
    version: number,
    restore: Record<string, AttributeValue> | undefined,
  ): Promise<void> {
    const condition = {
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': { N: String(version) } },
    };
    try {
      if (restore === undefined) {
        await this.#client.send(
          new DeleteItemCommand({
            TableName: this.#tableName,
            Key: { [DEDUPE_KEY_ATTRIBUTE]: { S: key } },
            ...condition,
          }),
        );
      } else {
        await this.#client.send(
          new PutItemCommand({ TableName: this.#tableName, Item: restore, ...condition }),
        );
      }
    } catch (error) {
      // A newer claim owns the record now: it is theirs to publish, nothing to undo.
      if (error instanceof ConditionalCheckFailedException) return;
      throw this.#wrap(error, restore === undefined ? 'dynamodb:DeleteItem' : 'dynamodb:PutItem');
    }
  }

  #wrap(error: unknown, operation: string): Error {
    return toAwsCallError(error, { operation, account: this.#account, region: this.#region });
  }
}

/** The condition that the record is still as read: absent, or at the version read. */
function unchangedSince(previous: StoredAlert | undefined): {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
} {
  if (previous === undefined) {
    return {
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': DEDUPE_KEY_ATTRIBUTE },
    };
  }
  if (previous.version === 0) {
    // A record ecr-guard did not write (no version): replace it only as it was read.
    return {
      ConditionExpression: 'attribute_not_exists(#version)',
      ExpressionAttributeNames: { '#version': 'version' },
    };
  }
  return {
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': { N: String(previous.version) } },
  };
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * Reads a stored record. Fields that are not what ecr-guard writes are read as absent, so a
 * damaged record is replaced (its version still guards the write) rather than blocking alerts.
 */
function decodeStoredAlert(item: Record<string, AttributeValue>): StoredAlert {
  const alerted = new Map<string, Severity>();
  for (const [key, value] of Object.entries(item.alerted?.M ?? {})) {
    const severity = value.S;
    if (severity !== undefined && SEVERITY_SET.has(severity))
      alerted.set(key, severity as Severity);
  }
  const version = Number(item.version?.N ?? '0');
  const expiresAt = Number(item[DEDUPE_TTL_ATTRIBUTE]?.N ?? '0');
  return {
    alerted,
    version: Number.isSafeInteger(version) ? version : 0,
    expiresAt: Number.isFinite(expiresAt) ? expiresAt : 0,
    firstAlertedAt: item.firstAlertedAt?.S,
    lastAlertedAt: item.lastAlertedAt?.S,
    item,
  };
}
