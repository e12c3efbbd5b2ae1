/**
 * The delivery ledger on a DynamoDB table: one item per message key, written with
 * conditional writes on a `version` number, expired by TTL.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import type {
  ClaimRequest,
  Delivered,
  DeliveryLease,
  DeliveryLedger,
  LedgerClaim,
} from './delivery-ledger.ts';
import { DeliveryContentionError, DeliveryInFlightError } from './errors.ts';

/** The table's partition key (string). */
export const LEDGER_KEY_ATTRIBUTE = 'pk';
/** The attribute the table's TTL must be enabled on (epoch seconds). */
export const LEDGER_TTL_ATTRIBUTE = 'expiresAt';

/** The ledger's own attributes: a codec must not use these names. */
export const LEDGER_ATTRIBUTES: ReadonlySet<string> = new Set([
  LEDGER_KEY_ATTRIBUTE,
  LEDGER_TTL_ATTRIBUTE,
  'version',
  'generation',
  'deliveredAt',
  'firstDeliveredAt',
  'lease',
]);

/** How a message kind stores its delivered state in the item, beside the ledger's attributes. */
export interface LedgerCodec<S> {
  encode(state: S): Record<string, AttributeValue>;
  /** The state an item holds; `undefined` when it holds none (a lease-only record). */
  decode(item: Record<string, AttributeValue>): S | undefined;
}

export interface DynamoDbDeliveryLedgerOptions<S> {
  client: DynamoDBClient;
  tableName: string;
  /** Where the table is, for error messages. */
  account: string;
  region: string;
  codec: LedgerCodec<S>;
  /** How long a delivered record is kept (its TTL), in seconds. */
  ttlSeconds: number;
  /**
   * How long a claim holds the record without confirming, in ms: longer than the claim's
   * delivery can take while its holder lives, short enough for a retry to take over soon
   * after the holder died.
   */
  leaseMs: number;
  /** How long a claim waits for another delivery's lease, in ms (default 15 s). */
  maxWaitMs?: number;
  /** Conditional writes tried before giving up on a record that keeps changing (default 5). */
  maxAttempts?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Lease {
  token: string;
  until: number;
}

/** A record as read. */
interface Stored<S> {
  version: number;
  expiresAt: number;
  delivered: Delivered<S> | undefined;
  lease: Lease | undefined;
}

const DEFAULT_MAX_WAIT_MS = 15_000;
const DEFAULT_MAX_ATTEMPTS = 5;
const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 1_000;

/**
 * {@link DeliveryLedger} on a DynamoDB table (partition key `pk`, string; TTL on
 * `expiresAt`). Each write is conditional on the `version` read (or on the item's absence),
 * so concurrent claims race on one condition and exactly one wins; a failed condition returns
 * the item (`ReturnValuesOnConditionCheckFailure`), so most claims cost one write and no read.
 * A record past its TTL that DynamoDB has not deleted yet counts as absent.
 *
 * @example
 * ```ts
 * const ledger = new DynamoDbDeliveryLedger({
 *   client, tableName: 'ecr-guard-dedupe', account, region,
 *   codec: {
 *     encode: (s: { route: string }) => ({ route: { S: s.route } }),
 *     decode: (i) => (i.route?.S ? { route: i.route.S } : undefined),
 *   },
 *   ttlSeconds: 86_400, leaseMs: 30_000,
 * });
 * ```
 */
export class DynamoDbDeliveryLedger<S> implements DeliveryLedger<S> {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #account: string;
  readonly #region: string;
  readonly #codec: LedgerCodec<S>;
  readonly #ttlSeconds: number;
  readonly #leaseMs: number;
  readonly #maxWaitMs: number;
  readonly #maxAttempts: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: DynamoDbDeliveryLedgerOptions<S>) {
    if (!(options.ttlSeconds > 0)) throw new RangeError('ttlSeconds must be positive');
    if (!(options.leaseMs > 0)) throw new RangeError('leaseMs must be positive');
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#account = options.account;
    this.#region = options.region;
    this.#codec = options.codec;
    this.#ttlSeconds = Math.round(options.ttlSeconds);
    this.#leaseMs = options.leaseMs;
    this.#maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async claim(request: ClaimRequest<S>): Promise<LedgerClaim<S>> {
    const { key } = request;
    // Unknown until the first conditional write says otherwise: most messages are new.
    let known: Stored<S> | undefined;
    let waitedMs = 0;
    let polls = 0;
    for (let attempt = 1; attempt <= this.#maxAttempts; ) {
      const nowMs = this.#now();
      const live = known !== undefined && known.expiresAt > Math.floor(nowMs / 1000);
      const current = live ? known : undefined;
      const delivered = current?.delivered;
      const target = request.plan(delivered);
      if (target === undefined) return { outcome: 'nothing-new', delivered };
      const held = current?.lease;
      if (held !== undefined && held.until > nowMs) {
        // Another delivery holds the record: wait for its confirm, or for its lease to end.
        const wait = Math.min(
          FIRST_POLL_MS * 2 ** Math.min(polls, 5),
          MAX_POLL_MS,
          held.until - nowMs + 1,
        );
        if (waitedMs + wait > this.#maxWaitMs) throw new DeliveryInFlightError(key, held.until);
        await this.#sleep(wait);
        waitedMs += wait;
        polls += 1;
        known = await this.#read(key);
        continue;
      }
      const lease: Lease = { token: randomUUID(), until: nowMs + this.#leaseMs };
      try {
        const version = await this.#takeLease(key, known, current, lease, request.note, nowMs);
        return {
          outcome: 'claimed',
          delivered,
          target,
          lease: this.#leaseHandle(key, version, lease, target, delivered, current === undefined, {
            tookOver: held !== undefined,
          }),
        };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) {
          throw this.#wrap(
            error,
            current === undefined ? 'dynamodb:PutItem' : 'dynamodb:UpdateItem',
          );
        }
        // Someone else wrote first: decide again against what is there now.
        known = error.Item === undefined ? undefined : this.#decode(error.Item);
        attempt += 1;
      }
    }
    throw new DeliveryContentionError(key, this.#maxAttempts);
  }

  /**
   * What a record says was delivered (confirmed), without claiming it: one consistent read.
   *
   * @returns `undefined` when nothing was delivered, or the record expired
   * @throws AwsCallError when the read fails
   *
   * @example
   * ```ts
   * const delivered = await ledger.peek(key);
   * ```
   */
  async peek(key: string): Promise<Delivered<S> | undefined> {
    const stored = await this.#read(key);
    if (stored === undefined || stored.expiresAt <= Math.floor(this.#now() / 1000))
      return undefined;
    return stored.delivered;
  }

  /** Writes the lease; returns the version the record now has. */
  async #takeLease(
    key: string,
    known: Stored<S> | undefined,
    current: Stored<S> | undefined,
    lease: Lease,
    note: string | undefined,
    nowMs: number,
  ): Promise<number> {
    const leaseValue = leaseAttribute(lease, new Date(nowMs).toISOString(), note);
    if (current === undefined) {
      // No record (or only an expired one): a fresh record holding nothing but the lease.
      const version = (known?.version ?? 0) + 1;
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: {
            [LEDGER_KEY_ATTRIBUTE]: { S: key },
            version: { N: String(version) },
            generation: { N: '0' },
            [LEDGER_TTL_ATTRIBUTE]: { N: String(Math.floor(nowMs / 1000) + this.#ttlSeconds) },
            lease: leaseValue,
          },
          ...versionCondition(known),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return version;
    }
    // A live record: only the lease and the version change, the delivered state stays.
    const version = current.version + 1;
    await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#tableName,
        Key: { [LEDGER_KEY_ATTRIBUTE]: { S: key } },
        UpdateExpression: 'SET #lease = :lease, #version = :next',
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#lease': 'lease', '#version': 'version' },
        ExpressionAttributeValues: {
          ':lease': leaseValue,
          ':next': { N: String(version) },
          ':version': { N: String(current.version) },
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return version;
  }

  #leaseHandle(
    key: string,
    version: number,
    lease: Lease,
    target: S,
    delivered: Delivered<S> | undefined,
    created: boolean,
    details: { tookOver: boolean },
  ): DeliveryLease<S> {
    const generation = (delivered?.generation ?? 0) + 1;
    return {
      generation,
      tookOver: details.tookOver,
      expiresAt: lease.until,
      confirm: (actual?: S) => this.#confirm(key, version, actual ?? target, generation, delivered),
      release: () => this.#release(key, version, created),
    };
  }

  async #confirm(
    key: string,
    version: number,
    target: S,
    generation: number,
    delivered: Delivered<S> | undefined,
  ): Promise<'confirmed' | 'lost'> {
    const nowMs = this.#now();
    const at = new Date(nowMs).toISOString();
    const state = this.#codec.encode(target);
    for (const name of Object.keys(state)) {
      if (LEDGER_ATTRIBUTES.has(name)) throw new RangeError(`codec attribute ${name} is reserved`);
    }
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: {
            ...state,
            [LEDGER_KEY_ATTRIBUTE]: { S: key },
            version: { N: String(version + 1) },
            generation: { N: String(generation) },
            [LEDGER_TTL_ATTRIBUTE]: { N: String(Math.floor(nowMs / 1000) + this.#ttlSeconds) },
            deliveredAt: { S: at },
            firstDeliveredAt: { S: delivered?.firstDeliveredAt ?? at },
          },
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': { N: String(version) } },
        }),
      );
      return 'confirmed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'lost';
      throw this.#wrap(error, 'dynamodb:PutItem');
    }
  }

  async #release(key: string, version: number, created: boolean): Promise<void> {
    const condition = {
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': { N: String(version) } },
    };
    try {
      if (created) {
        // The record held nothing but this lease: gone, as if never claimed.
        await this.#client.send(
          new DeleteItemCommand({
            TableName: this.#tableName,
            Key: { [LEDGER_KEY_ATTRIBUTE]: { S: key } },
            ...condition,
          }),
        );
        return;
      }
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: { [LEDGER_KEY_ATTRIBUTE]: { S: key } },
          UpdateExpression: 'SET #version = :next REMOVE #lease',
          ...condition,
          ExpressionAttributeNames: { ...condition.ExpressionAttributeNames, '#lease': 'lease' },
          ExpressionAttributeValues: {
            ...condition.ExpressionAttributeValues,
            ':next': { N: String(version + 1) },
          },
        }),
      );
    } catch (error) {
      // The record moved on (another claim took it after this lease ran out): nothing to undo.
      if (error instanceof ConditionalCheckFailedException) return;
      throw this.#wrap(error, created ? 'dynamodb:DeleteItem' : 'dynamodb:UpdateItem');
    }
  }

  async #read(key: string): Promise<Stored<S> | undefined> {
    try {
      const out = await this.#client.send(
        new GetItemCommand({
          TableName: this.#tableName,
          Key: { [LEDGER_KEY_ATTRIBUTE]: { S: key } },
          ConsistentRead: true,
        }),
      );
      return out.Item === undefined ? undefined : this.#decode(out.Item);
    } catch (error) {
      throw this.#wrap(error, 'dynamodb:GetItem');
    }
  }

  /**
   * Reads a record. Fields that are not what the ledger writes are read as absent, so a
   * damaged record is replaced (its version still guards the write) rather than blocking.
   * A record written before generations were counted (no `generation`, a state and a
   * `version`) counts its version as its generation.
   */
  #decode(item: Record<string, AttributeValue>): Stored<S> {
    const version = integerOf(item.version);
    const expiresAt = integerOf(item[LEDGER_TTL_ATTRIBUTE]);
    const state = this.#codec.decode(item);
    const generation = item.generation === undefined ? version : integerOf(item.generation);
    const token = item.lease?.M?.token?.S;
    const until = integerOf(item.lease?.M?.until);
    return {
      version,
      expiresAt,
      delivered:
        state === undefined
          ? undefined
          : {
              state,
              generation: Math.max(generation, 1),
              deliveredAt: item.deliveredAt?.S,
              firstDeliveredAt: item.firstDeliveredAt?.S,
            },
      lease: token === undefined ? undefined : { token, until },
    };
  }

  #wrap(error: unknown, operation: string): Error {
    return toAwsCallError(error, { operation, account: this.#account, region: this.#region });
  }
}

function leaseAttribute(lease: Lease, claimedAt: string, note: string | undefined): AttributeValue {
  return {
    M: {
      token: { S: lease.token },
      until: { N: String(lease.until) },
      claimedAt: { S: claimedAt },
      ...(note === undefined ? {} : { note: { S: note } }),
    },
  };
}

/** The condition that the record is still as read: absent, or at the version read. */
function versionCondition(known: Stored<unknown> | undefined): {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
} {
  if (known === undefined) {
    return {
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': LEDGER_KEY_ATTRIBUTE },
    };
  }
  if (known.version === 0) {
    // A record without a version (not the ledger's): replaced only as it was read.
    return {
      ConditionExpression: 'attribute_not_exists(#version)',
      ExpressionAttributeNames: { '#version': 'version' },
    };
  }
  return {
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': { N: String(known.version) } },
  };
}

function integerOf(value: AttributeValue | undefined): number {
  const n = Number(value?.N ?? '0');
  return Number.isSafeInteger(n) ? n : 0;
}
