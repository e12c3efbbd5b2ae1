/**
 * Alert deduplication in DynamoDB: one delivery-ledger record per image, holding the
 * (bounded) set of findings alerted, leased while an alert is published, expired by TTL.
 *
 * @module
 */
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDbDeliveryLedger,
  type LedgerCodec,
} from '#lib/delivery/dynamodb-delivery-ledger.ts';
import { DeliveryContentionError } from '#lib/delivery/errors.ts';
import { SEVERITIES, type Severity } from '#lib/events/guard-event.ts';
import type {
  AlertDedupe,
  AlertedLookup,
  AlertedRecord,
  ClaimRequest,
  ClaimResult,
} from './alert-dedupe.ts';
import { AlertClaimContentionError } from './errors.ts';
import type { AlertSubject } from './fingerprint.ts';
import {
  decodeStoredEntries,
  encodeStoredEntries,
  findingHash,
  newlyAlertedSince,
  type StoredAlertedSet,
  storedAlertedSet,
} from './stored-alerted-set.ts';

/** The table's partition key (string). */
export const DEDUPE_KEY_ATTRIBUTE = 'pk';
/** The attribute the table's TTL must be enabled on (epoch seconds). */
export const DEDUPE_TTL_ATTRIBUTE = 'expiresAt';
/** How long an alert is remembered when nothing else is said. */
export const DEFAULT_DEDUPE_TTL_DAYS = 7;
/**
 * How long a claim holds an image's record before its alert is confirmed, when nothing else
 * is said: far longer than a live publish takes (its calls are bounded by the SDK timeouts),
 * and shorter than the minute Lambda waits before retrying an invocation that died.
 */
export const DEFAULT_DEDUPE_LEASE_SECONDS = 30;

const DAY_SECONDS = 86_400;

export interface DynamoDbAlertDedupeOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Where the table is, for error messages. */
  account: string;
  region: string;
  /** Days an alerted image is remembered (TTL); a re-scan after that alerts again. */
  ttlDays?: number;
  /** Seconds a claim holds the record unconfirmed (default {@link DEFAULT_DEDUPE_LEASE_SECONDS}). */
  leaseSeconds?: number;
  /** How long a claim waits for a concurrent delivery's lease, in ms (default 15 s). */
  maxWaitMs?: number;
  /** Conditional writes tried before giving up on a record that keeps changing. */
  maxAttempts?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** What the record keeps: the findings alerted, and the fingerprint of the last alert. */
interface AlertedState {
  alerted: StoredAlertedSet;
  fingerprint: string;
}

const SEVERITY_SET: ReadonlySet<string> = new Set(SEVERITIES);

/** The record's own attributes: `alerted` (packed entries), `alertedOverflow`, `fingerprint`. */
const ALERTED_CODEC: LedgerCodec<AlertedState> = {
  encode: ({ alerted, fingerprint }) => ({
    alerted: { B: encodeStoredEntries(alerted.entries) },
    alertedOverflow: { N: String(alerted.overflow) },
    fingerprint: { S: fingerprint },
  }),
  decode: (item) => {
    const entries = decodedEntries(item.alerted);
    if (entries === undefined) return undefined;
    const overflow = Number(item.alertedOverflow?.N ?? '0');
    return {
      alerted: { entries, overflow: Number.isSafeInteger(overflow) && overflow > 0 ? overflow : 0 },
      fingerprint: item.fingerprint?.S ?? '',
    };
  },
};

/**
 * The entries of an `alerted` attribute: packed (B), or a map of finding key to severity (M,
 * as ecr-guard wrote it before the set was bounded), hashed on reading.
 */
function decodedEntries(value: AttributeValue | undefined): Map<number, Severity> | undefined {
  if (value?.B !== undefined) return decodeStoredEntries(value.B);
  if (value?.M === undefined) return undefined;
  const entries = new Map<number, Severity>();
  for (const [key, severity] of Object.entries(value.M)) {
    if (severity.S !== undefined && SEVERITY_SET.has(severity.S)) {
      entries.set(findingHash(key), severity.S as Severity);
    }
  }
  return entries;
}

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
 * {@link AlertDedupe} on a DynamoDB table (partition key `pk`, string; TTL on `expiresAt`),
 * through the delivery ledger (`#lib/delivery`):
 * 1. Compare the scan's findings with those the record says were alerted (and confirmed):
 *    nothing new (or raised) is a duplicate — no write at all.
 * 2. Otherwise lease the record (one conditional write) for a new alert or an update; the
 *    alerted set itself changes only when the alert is confirmed published.
 * 3. A delivery that finds another's lease waits for its confirm (then it is a duplicate) or
 *    for the lease to run out unconfirmed (then it publishes, the other having died).
 *
 * @example
 * ```ts
 * const dedupe = new DynamoDbAlertDedupe({ client, tableName: 'ecr-guard-alerts', account, region });
 * const claim = await dedupe.claim({ subject, alerted, fingerprint, eventId });
 * if (claim.outcome === 'claimed') {
 *   await publish().catch(async (e) => { await claim.release(); throw e; });
 *   await claim.confirm();
 * }
 * ```
 */
export class DynamoDbAlertDedupe implements AlertDedupe, AlertedLookup {
  readonly #ledger: DynamoDbDeliveryLedger<AlertedState>;

  constructor(options: DynamoDbAlertDedupeOptions) {
    const ttlDays = options.ttlDays ?? DEFAULT_DEDUPE_TTL_DAYS;
    if (!(ttlDays > 0)) throw new RangeError(`ttlDays must be positive, got ${ttlDays}`);
    const leaseSeconds = options.leaseSeconds ?? DEFAULT_DEDUPE_LEASE_SECONDS;
    if (!(leaseSeconds > 0)) {
      throw new RangeError(`leaseSeconds must be positive, got ${leaseSeconds}`);
    }
    const now = options.now;
    this.#ledger = new DynamoDbDeliveryLedger({
      client: options.client,
      tableName: options.tableName,
      account: options.account,
      region: options.region,
      codec: ALERTED_CODEC,
      ttlSeconds: Math.round(ttlDays * DAY_SECONDS),
      leaseMs: leaseSeconds * 1000,
      ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      ...(now === undefined ? {} : { now: () => now().getTime() }),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    });
  }

  /**
   * What was alerted (and confirmed) for an image: its findings' hashes and severities, and
   * the generation of its last alert. One read, no write.
   *
   * @returns `undefined` when the image was never alerted (or its record expired)
   */
  async alertedFor(subject: AlertSubject): Promise<AlertedRecord | undefined> {
    const delivered = await this.#ledger.peek(dedupeKeyOf(subject));
    if (delivered === undefined) return undefined;
    return { entries: delivered.state.alerted.entries, generation: delivered.generation };
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const key = dedupeKeyOf(request.subject);
    let newKeys: string[] = [];
    let claim: Awaited<ReturnType<DynamoDbDeliveryLedger<AlertedState>['claim']>>;
    try {
      claim = await this.#ledger.claim({
        key,
        note: request.eventId,
        plan: (delivered) => {
          if (delivered === undefined) {
            newKeys = [...request.alerted.keys()].sort();
            return { alerted: storedAlertedSet(request.alerted), fingerprint: request.fingerprint };
          }
          newKeys = newlyAlertedSince(delivered.state.alerted, request.alerted);
          if (newKeys.length === 0) return undefined;
          return {
            alerted: storedAlertedSet(request.alerted, delivered.state.alerted),
            fingerprint: request.fingerprint,
          };
        },
      });
    } catch (error) {
      if (error instanceof DeliveryContentionError) {
        throw new AlertClaimContentionError(key, error.attempts, { cause: error });
      }
      throw error;
    }
    if (claim.outcome === 'nothing-new') {
      return { outcome: 'duplicate', lastAlertedAt: claim.delivered?.deliveredAt };
    }
    const { lease } = claim;
    return {
      outcome: 'claimed',
      kind: claim.delivered === undefined ? 'new' : 'update',
      newKeys,
      generation: lease.generation,
      tookOver: lease.tookOver,
      confirm: () => lease.confirm(),
      release: () => lease.release(),
    };
  }
}
