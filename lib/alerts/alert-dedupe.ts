/**
 * Deduplication of alerts: one alert per image, and an update only for what is new.
 *
 * @module
 */

import type { Severity } from '#lib/events/index.ts';
import type { AlertedSet } from './alerted-set.ts';
import type { AlertSubject } from './fingerprint.ts';

/** What a claim is asked for. */
export interface ClaimRequest {
  subject: AlertSubject;
  /** The latest scan's (finding key, severity) set at or above the threshold. */
  alerted: AlertedSet;
  fingerprint: string;
  /** The scan event, recorded for tracing. */
  eventId: string;
}

/**
 * The claim was won: a lease on the image's record, not yet an alert. Publish, then
 * `confirm`; give it back with `release` when publishing fails. A claim neither confirmed
 * nor released (its invocation died) ends with its lease, and the next delivery of the scan
 * publishes it.
 */
export interface WonClaim {
  outcome: 'claimed';
  kind: 'new' | 'update';
  /** The keys this alert is first to report, sorted. */
  newKeys: string[];
  /**
   * The how-many-th alert of the image this is (1 for the first). With the fingerprint it
   * names the alert version: two messages with the same pair are the same alert.
   */
  generation: number;
  /** Whether an earlier claim of the same alert died unconfirmed and this one took it over. */
  tookOver: boolean;
  /**
   * Records the alert as delivered. `lost` when the lease had run out and another delivery
   * took the record meanwhile (that one may publish the alert again).
   * @throws AwsCallError when the record cannot be written
   */
  confirm(): Promise<'confirmed' | 'lost'>;
  /** Undoes the claim, so that the retried event alerts again. Never throws for a lost race. */
  release(): Promise<void>;
}

/** Everything in the scan was alerted already (and confirmed delivered). */
export interface DuplicateClaim {
  outcome: 'duplicate';
  /** When the image was last alerted. */
  lastAlertedAt: string | undefined;
}

export type ClaimResult = WonClaim | DuplicateClaim;

/**
 * Decides, atomically across concurrent deliveries, whether a scan result is to be alerted.
 * The winner of a claim publishes; every other delivery of the same result waits for it to
 * confirm (then it is a duplicate) or to die (then it takes the claim over).
 */
export interface AlertDedupe {
  claim(request: ClaimRequest): Promise<ClaimResult>;
}

/** What an image's record says was alerted: finding hashes (see `findingHash`) and severities. */
export interface AlertedRecord {
  entries: ReadonlyMap<number, Severity>;
  /** The generation of the image's last confirmed alert. */
  generation: number;
}

/** Reads what was alerted for an image, without claiming anything. */
export interface AlertedLookup {
  /** @returns `undefined` when the image was never alerted; @throws AwsCallError */
  alertedFor(subject: AlertSubject): Promise<AlertedRecord | undefined>;
}
