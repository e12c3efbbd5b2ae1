/**
 * What the dedupe table remembers of a repository's notices: the last change announced (so a
 * retry announces nothing twice), when the last notice went out and what was held back since
 * (`notices.minInterval`), and when the repository drifted (the 30-day count).
 *
 * @module
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Delivered, DeliveryLedger } from '#lib/delivery/delivery-ledger.ts';
import {
  DynamoDbDeliveryLedger,
  type LedgerCodec,
} from '#lib/delivery/dynamodb-delivery-ledger.ts';

/** What a repository's notice record holds. */
export interface NoticeState {
  /** The event or sweep run whose change was last recorded. */
  originId: string;
  /** When the last notice was published (ISO 8601). */
  announcedAt: string;
  /** Changes recorded since then and not announced (held back by `minInterval`). */
  heldBack: number;
  /** Whether the last notice announced a drift: the first drift after a fix is always told. */
  lastWasDrift: boolean;
  /** When the repository drifted, epoch ms, the last 30 days. */
  drifts: number[];
}

/** The window of the drift count. */
export const DRIFT_WINDOW_MS = 30 * 86_400_000;
/** A record outlives the drift window, so the count is known for 30 days. */
export const NOTICE_TTL_SECONDS = 31 * 86_400;
/** How long a notice holds its records unconfirmed: far more than a publish takes. */
export const NOTICE_LEASE_MS = 60_000;
/** Drift times kept per repository: a count beyond this is "at least". */
const MAX_DRIFTS = 200;

/** What to do with one repository's change. */
export type NoticeDecision =
  /** This change was recorded already (a retry, a second copy): nothing to do. */
  | { decision: 'duplicate' }
  /** Announce it: `heldBack` changes were held back before it. */
  | { decision: 'announce'; state: NoticeState; heldBack: number; driftsLast30Days?: number }
  /** Announced less than `minInterval` ago: count it, announce it with the next notice. */
  | { decision: 'hold'; state: NoticeState; nextAt: string };

/**
 * Decides, from the record, whether a repository's change is announced now.
 *
 * @param delivered - the record (`undefined`: never announced, or expired)
 * @param change - the event or run, when, the interval, and whether it is a drift
 *
 * @example
 * ```ts
 * planNotice(undefined, { originId: 'e1', now, minIntervalMs: 3_600_000, drift: false });
 * // { decision: 'announce', heldBack: 0, state: { originId: 'e1', announcedAt: now.toISOString(), heldBack: 0, lastWasDrift: false, drifts: [] } }
 * ```
 */
export function planNotice(
  delivered: Delivered<NoticeState> | undefined,
  change: { originId: string; now: Date; minIntervalMs: number; drift: boolean },
): NoticeDecision {
  const previous = delivered?.state;
  if (previous?.originId === change.originId) return { decision: 'duplicate' };
  const now = change.now.getTime();
  const drifts = [
    ...(previous?.drifts ?? []).filter((at) => at > now - DRIFT_WINDOW_MS),
    ...(change.drift ? [now] : []),
  ].slice(-MAX_DRIFTS);
  const driftCount = change.drift ? { driftsLast30Days: drifts.length } : {};
  const last = previous === undefined ? Number.NaN : Date.parse(previous.announcedAt);
  // A repository fought over is announced once per interval; the first drift after a fix
  // is told at once, for it names who undid the fix.
  const firstDrift = change.drift && previous?.lastWasDrift !== true;
  if (previous !== undefined && now - last < change.minIntervalMs && !firstDrift) {
    return {
      decision: 'hold',
      state: { ...previous, originId: change.originId, heldBack: previous.heldBack + 1, drifts },
      nextAt: new Date(last + change.minIntervalMs).toISOString(),
    };
  }
  return {
    decision: 'announce',
    state: {
      originId: change.originId,
      announcedAt: change.now.toISOString(),
      heldBack: 0,
      lastWasDrift: change.drift,
      drifts,
    },
    heldBack: previous?.heldBack ?? 0,
    ...driftCount,
  };
}

/** The key prefix of the notice records (IAM grants on `notice#*`). */
export const NOTICE_KEY_PREFIX = 'notice#';

/**
 * The record key of a repository's notices.
 *
 * @example
 * ```ts
 * noticeKey('123456789012', 'us-east-1', 'payments-api'); // 'notice#123456789012#us-east-1#payments-api'
 * ```
 */
export function noticeKey(account: string, region: string, repositoryName: string): string {
  return `${NOTICE_KEY_PREFIX}${account}#${region}#${repositoryName}`;
}

const CODEC: LedgerCodec<NoticeState> = {
  encode: (state) => ({
    noticeOrigin: { S: state.originId },
    announcedAt: { S: state.announcedAt },
    heldBack: { N: String(state.heldBack) },
    lastWasDrift: { BOOL: state.lastWasDrift },
    drifts: { S: JSON.stringify(state.drifts) },
  }),
  decode: (item) => {
    const originId = item.noticeOrigin?.S;
    const announcedAt = item.announcedAt?.S;
    if (originId === undefined || announcedAt === undefined) return undefined;
    let drifts: number[] = [];
    try {
      const parsed: unknown = JSON.parse(item.drifts?.S ?? '[]');
      if (Array.isArray(parsed)) drifts = parsed.filter((v): v is number => Number.isFinite(v));
    } catch {
      // An unreadable list counts no drift: the count is a courtesy, not a control.
    }
    const heldBack = Number(item.heldBack?.N ?? '0');
    return {
      originId,
      announcedAt,
      heldBack: Number.isSafeInteger(heldBack) && heldBack > 0 ? heldBack : 0,
      lastWasDrift: item.lastWasDrift?.BOOL === true,
      drifts,
    };
  },
};

/**
 * The ledger of notices, in the dedupe table (the one alerts and the remediation lock use).
 *
 * @example
 * ```ts
 * const ledger = noticeLedger({ client, tableName, account, region });
 * ```
 */
export function noticeLedger(options: {
  client: DynamoDBClient;
  tableName: string;
  account: string;
  region: string;
}): DeliveryLedger<NoticeState> {
  return new DynamoDbDeliveryLedger({
    ...options,
    codec: CODEC,
    ttlSeconds: NOTICE_TTL_SECONDS,
    leaseMs: NOTICE_LEASE_MS,
  });
}
