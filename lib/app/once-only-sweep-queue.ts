/**
 * Sends each sweep message once, on a standard queue: a delivery-ledger record per message
 * (its deduplication id) in the dedupe table, confirmed once SQS took the message. A retried
 * enqueue (the schedule's invocation failed part-way and Lambda retried it) or a retried
 * continuation sends only what was not sent; a message SQS itself delivers twice is the
 * worker's remediation lock's to absorb.
 *
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SDK_RETRY, type SdkRequestHandler } from '#lib/aws/client-factory.ts';
import type { DeliveryLease, DeliveryLedger } from '#lib/delivery/delivery-ledger.ts';
import {
  DynamoDbDeliveryLedger,
  type LedgerCodec,
} from '#lib/delivery/dynamodb-delivery-ledger.ts';
import type { QueuedSweepMessage, SweepQueue } from '#lib/sweep/enqueue-sweep.ts';

/** What the record of a sent message keeps: that SQS took it. */
export interface SweepMessageSent {
  sent: true;
}

/**
 * How long a sent message is remembered: longer than the schedule's retries (its maximum
 * event age, 1 hour) and a run's chain of continuations (the daily window).
 */
export const SWEEP_SENT_TTL_SECONDS = 36 * 3_600;
/** How long a send holds its records unconfirmed: more than a group's claims and send. */
export const SWEEP_SENT_LEASE_MS = 60_000;
/** Messages claimed together, then sent ten SendMessageBatch calls at a time. */
const GROUP = 100;
/** Messages per SendMessageBatch: each batch is confirmed, or given back, on its own. */
const SQS_BATCH = 10;

const CODEC: LedgerCodec<SweepMessageSent> = {
  encode: () => ({ sweepSent: { BOOL: true } }),
  decode: (item) => (item.sweepSent?.BOOL === true ? { sent: true } : undefined),
};

/** The key prefix of the sweep messages' ledger records (IAM grants on `sweep-sent#*`). */
export const SWEEP_SENT_KEY_PREFIX = 'sweep-sent#';

/**
 * The ledger record key of a sweep message.
 *
 * @example
 * ```ts
 * sweepSentKey('ab12…'); // 'sweep-sent#ab12…'
 * ```
 */
export function sweepSentKey(deduplicationId: string): string {
  return `${SWEEP_SENT_KEY_PREFIX}${deduplicationId}`;
}

/** Where the ledger of sent sweep messages is (the dedupe table). */
export interface EnqueueLedgerStore {
  tableName: string;
  region: string;
  /** The central account, for error messages. */
  account: string;
  /** Sends the table's requests; default the SDK's own. */
  requestHandler?: SdkRequestHandler;
}

/**
 * The ledger of sent sweep messages, in the dedupe table.
 *
 * @example
 * ```ts
 * const ledger = sweepEnqueueLedger({ tableName, region, account: 'own' });
 * ```
 */
export function sweepEnqueueLedger(store: EnqueueLedgerStore): DeliveryLedger<SweepMessageSent> {
  return new DynamoDbDeliveryLedger({
    client: new DynamoDBClient({
      region: store.region,
      ...SDK_RETRY,
      ...(store.requestHandler === undefined ? {} : { requestHandler: store.requestHandler }),
    }),
    tableName: store.tableName,
    account: store.account,
    region: store.region,
    codec: CODEC,
    ttlSeconds: SWEEP_SENT_TTL_SECONDS,
    leaseMs: SWEEP_SENT_LEASE_MS,
  });
}

/**
 * `queue`, sending each message at most once per deduplication id (see the module): by
 * groups of 100 claimed in the ledger, then sent by tens (one `SendMessageBatch` each), each
 * ten confirmed once sent; a ten whose send fails gives its claims back and the error
 * propagates (the caller's retry sends those again, and nothing that was confirmed).
 *
 * @param ledger - a {@link sweepEnqueueLedger}, or its store to build one
 *
 * @example
 * ```ts
 * const queue = onceOnlySweepQueue(sqsSweepQueue(sqs, queueUrl, region), { tableName, region, account: 'own' });
 * ```
 */
export function onceOnlySweepQueue(
  queue: SweepQueue,
  ledger: DeliveryLedger<SweepMessageSent> | EnqueueLedgerStore,
): SweepQueue {
  const records = 'claim' in ledger ? ledger : sweepEnqueueLedger(ledger);
  return {
    async send(messages: readonly QueuedSweepMessage[]): Promise<void> {
      for (let start = 0; start < messages.length; start += GROUP) {
        const group = messages.slice(start, start + GROUP);
        const settled = await Promise.allSettled(
          group.map((message) =>
            records.claim({
              key: sweepSentKey(message.deduplicationId),
              plan: (delivered) => (delivered === undefined ? { sent: true } : undefined),
            }),
          ),
        );
        const refused = settled.find((s) => s.status === 'rejected');
        if (refused !== undefined) {
          // A record held by another send (or the table failing): give the others back.
          await Promise.allSettled(
            settled.map((s) =>
              s.status === 'fulfilled' && s.value.outcome === 'claimed'
                ? s.value.lease.release()
                : undefined,
            ),
          );
          throw refused.reason;
        }
        const claims = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
        const claimed: Array<{
          message: QueuedSweepMessage;
          lease: DeliveryLease<SweepMessageSent>;
        }> = [];
        claims.forEach((claim, i) => {
          const message = group[i];
          if (claim.outcome === 'claimed' && message !== undefined) {
            claimed.push({ message, lease: claim.lease });
          }
        });
        // By SendMessageBatch (ten), side by side: what SQS took is confirmed even when
        // another batch fails.
        const sends: Promise<void>[] = [];
        for (let at = 0; at < claimed.length; at += SQS_BATCH) {
          const batch = claimed.slice(at, at + SQS_BATCH);
          sends.push(
            queue.send(batch.map(({ message }) => message)).then(
              async () => {
                await Promise.all(batch.map(({ lease }) => lease.confirm()));
              },
              async (error: unknown) => {
                // Given back, so the retry sends the batch at once (part of it may have gone
                // out: the worker's lock absorbs that copy).
                await Promise.allSettled(batch.map(({ lease }) => lease.release()));
                throw error;
              },
            ),
          );
        }
        const failed = (await Promise.allSettled(sends)).find((r) => r.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
      }
    },
  };
}
