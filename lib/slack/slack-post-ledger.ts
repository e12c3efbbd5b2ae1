/**
 * Posts each alert version to Slack once: a delivery-ledger record per alert version, so
 * that an alert SNS delivers twice (a retried publish) or Lambda retries is not posted again.
 *
 * @module
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AnyAlert } from '#lib/alerts/any-alert.ts';
import type { DeliveryLedger } from '#lib/delivery/delivery-ledger.ts';
import {
  DynamoDbDeliveryLedger,
  type LedgerCodec,
} from '#lib/delivery/dynamodb-delivery-ledger.ts';

/** What the record of a post keeps: where it went, and whether Slack answered it. */
export interface SlackPostState {
  route: string;
  /** `unconfirmed`: sent, never answered — it may have arrived, and is not posted again. */
  outcome: 'posted' | 'unconfirmed';
}

/** How long a post is remembered: longer than any retry of its publish or its invocation. */
export const SLACK_POST_TTL_SECONDS = 6 * 3_600;
/** How long a post holds its record unconfirmed: more than a post's whole budget (15 s). */
export const SLACK_POST_LEASE_MS = 30_000;

const CODEC: LedgerCodec<SlackPostState> = {
  encode: ({ route, outcome }) => ({ route: { S: route }, postOutcome: { S: outcome } }),
  decode: (item) => {
    const route = item.route?.S;
    if (route === undefined) return undefined;
    return { route, outcome: item.postOutcome?.S === 'unconfirmed' ? 'unconfirmed' : 'posted' };
  },
};

/**
 * What every Slack post record's key starts with: notify-slack's role may touch only these
 * items of the dedupe table (`dynamodb:LeadingKeys`), the alert path's none of them.
 */
export const SLACK_POST_KEY_PREFIX = 'slack#';

/**
 * The record key of an alert version: its fingerprint and generation. An alert published
 * before generations were counted is keyed on its kind and scan event instead (the copies
 * of one publish share both).
 *
 * @example
 * ```ts
 * slackPostKey({ ...alert, fingerprint: 'sha256:ab', generation: 2 }); // 'slack#sha256:ab#2'
 * ```
 */
export function slackPostKey(
  alert: Pick<AnyAlert, 'fingerprint' | 'generation' | 'kind' | 'event'>,
): string {
  const version = alert.generation ?? `${alert.kind}@${alert.event.id}`;
  return `${SLACK_POST_KEY_PREFIX}${alert.fingerprint}#${version}`;
}

/**
 * The ledger of Slack posts, in the dedupe table.
 *
 * @example
 * ```ts
 * const ledger = slackPostLedger({ client, tableName, account, region });
 * ```
 */
export function slackPostLedger(options: {
  client: DynamoDBClient;
  tableName: string;
  account: string;
  region: string;
}): DeliveryLedger<SlackPostState> {
  return new DynamoDbDeliveryLedger({
    ...options,
    codec: CODEC,
    ttlSeconds: SLACK_POST_TTL_SECONDS,
    leaseMs: SLACK_POST_LEASE_MS,
  });
}
