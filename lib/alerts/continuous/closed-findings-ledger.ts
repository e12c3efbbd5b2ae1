/**
 * Which alerted findings of an image closed, and whether its `resolved` follow-up went out:
 * one delivery-ledger record per image in the dedupe table (`closed#` + the image key).
 *
 * @module
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DeliveryLedger } from '#lib/delivery/delivery-ledger.ts';
import {
  DynamoDbDeliveryLedger,
  type LedgerCodec,
} from '#lib/delivery/dynamodb-delivery-ledger.ts';
import type { AlertSubject } from '../fingerprint.ts';
import { imageKeyOf } from './finding-window.ts';

export interface ClosedFindingsState {
  /** Hashes (`findingHash`) of the image's findings seen CLOSED, sorted. */
  closed: number[];
  /** The generation of the image's alerts the last `resolved` was sent for; 0: none. */
  resolvedGeneration: number;
}

/** A closed finding is remembered as long as an alert is (the dedupe TTL's default). */
const CLOSED_TTL_SECONDS = 7 * 86_400;
/** As long as an alert's claim: a publish to SNS is bounded far below it. */
const CLOSED_LEASE_MS = 30_000;

const CODEC: LedgerCodec<ClosedFindingsState> = {
  encode: (state) => ({
    closedFindings: { S: JSON.stringify(state.closed) },
    resolvedGeneration: { N: String(state.resolvedGeneration) },
  }),
  decode: (item) => {
    const text = item.closedFindings?.S;
    if (text === undefined) return undefined;
    let closed: unknown;
    try {
      closed = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(closed) || !closed.every((n) => Number.isSafeInteger(n))) return undefined;
    const generation = Number(item.resolvedGeneration?.N ?? '0');
    return {
      closed: closed as number[],
      resolvedGeneration: Number.isSafeInteger(generation) ? generation : 0,
    };
  },
};

/**
 * The record key of an image's closed findings.
 *
 * @example
 * ```ts
 * closedFindingsKey(subject); // 'closed#123456789012/us-east-1/app@sha256:ab'
 * ```
 */
export function closedFindingsKey(subject: AlertSubject): string {
  return `closed#${imageKeyOf(subject)}`;
}

/**
 * The ledger of closed findings, on the dedupe table.
 *
 * @example
 * ```ts
 * const ledger = closedFindingsLedger({ client, tableName, account, region });
 * ```
 */
export function closedFindingsLedger(options: {
  client: DynamoDBClient;
  tableName: string;
  account: string;
  region: string;
  ttlDays?: number;
}): DeliveryLedger<ClosedFindingsState> {
  const { ttlDays, ...rest } = options;
  return new DynamoDbDeliveryLedger({
    ...rest,
    codec: CODEC,
    ttlSeconds: ttlDays === undefined ? CLOSED_TTL_SECONDS : Math.round(ttlDays * 86_400),
    leaseMs: CLOSED_LEASE_MS,
  });
}
