/**
 * Once-only delivery of a message (an alert to SNS, an alert to Slack, …): claim, lease,
 * confirm. A claim is not a delivery: it is a lease on the message's record, and only a
 * confirmed delivery changes what the record says was delivered.
 *
 * 1. `claim` compares what is to be delivered with what was delivered: nothing new is
 *    answered at once, no write.
 * 2. Otherwise it takes a short lease on the record (a conditional write). A delivery of the
 *    same message that finds a live lease waits for it to end or to be confirmed; a lease
 *    that ran out unconfirmed (its holder was killed) is taken over.
 * 3. The holder delivers, then `confirm`s (the record now says delivered), or `release`s when
 *    the delivery failed for sure, so the next try delivers without waiting for the lease.
 *
 * A holder killed between its delivery and its confirm leaves a lease that runs out: the next
 * try delivers again. The ledger therefore gives at-least-once delivery with no loss, and
 * each delivery carries its `generation` so that the receiver can drop a second copy.
 *
 * @module
 */

/** What a record says was delivered. */
export interface Delivered<S> {
  /** The message kind's own state (for alerts: the findings alerted). */
  state: S;
  /** How many deliveries were confirmed on this record: 1 after the first. */
  generation: number;
  /** When the last one was confirmed (ISO 8601), when known. */
  deliveredAt: string | undefined;
  firstDeliveredAt: string | undefined;
}

export interface ClaimRequest<S> {
  /** The record's key: one per message subject (an image, an alert version, …). */
  key: string;
  /**
   * Decides what to deliver, given what was delivered (`undefined`: nothing yet, or the
   * record expired): the state the record will hold once this delivery is confirmed, or
   * `undefined` when there is nothing new to deliver. Called again on every re-read.
   */
  plan(delivered: Delivered<S> | undefined): S | undefined;
  /** Kept with the lease, for tracing (e.g. the event id). */
  note?: string;
}

/** A lease on a record: deliver, then confirm or release. */
export interface DeliveryLease<S = unknown> {
  /** The generation this delivery becomes once confirmed (1 for the first). */
  readonly generation: number;
  /** Whether an earlier claim's lease ran out unconfirmed and was taken over. */
  readonly tookOver: boolean;
  /** When the lease ends (epoch ms): a delivery still running then may be made twice. */
  readonly expiresAt: number;
  /**
   * Records the delivery: the record now holds the claim's target, or `delivered` when what
   * was delivered differs from what was planned (a post made, but never answered). `lost`
   * when the lease had run out and another claim took the record meanwhile (the delivery was
   * made; the other claim may make it again).
   * @throws AwsCallError when the record cannot be written
   */
  confirm(delivered?: S): Promise<'confirmed' | 'lost'>;
  /**
   * Gives the lease back, without a delivery: the next try delivers at once. A no-op when
   * the record has moved on. @throws AwsCallError when the record cannot be written (the
   * lease then runs out by itself).
   */
  release(): Promise<void>;
}

export type LedgerClaim<S> =
  /** Everything planned was delivered already (or nothing is to be delivered). */
  | { outcome: 'nothing-new'; delivered: Delivered<S> | undefined }
  /** The caller holds the lease: deliver `target`, then confirm. */
  | {
      outcome: 'claimed';
      delivered: Delivered<S> | undefined;
      target: S;
      lease: DeliveryLease<S>;
    };

/**
 * The claim / lease / confirm primitive, for any kind of message.
 *
 * @example
 * ```ts
 * const claim = await ledger.claim({ key, plan: (delivered) => (delivered ? undefined : { sent: true }) });
 * if (claim.outcome === 'claimed') {
 *   try {
 *     await send();
 *   } catch (error) {
 *     await claim.lease.release();
 *     throw error;
 *   }
 *   await claim.lease.confirm();
 * }
 * ```
 */
export interface DeliveryLedger<S> {
  /**
   * @throws DeliveryInFlightError when another delivery's lease outlasts the wait;
   *   DeliveryContentionError when the record keeps changing; AwsCallError when the store fails
   */
  claim(request: ClaimRequest<S>): Promise<LedgerClaim<S>>;
}
