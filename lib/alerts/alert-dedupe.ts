/**
 * Deduplication of alerts: one alert per image, and an update only for what is new.
 *
 * @module
 */
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

/** The claim was won: publish, or give it back with `release` when publishing fails. */
export interface WonClaim {
  outcome: 'claimed';
  kind: 'new' | 'update';
  /** The keys this alert is first to report, sorted. */
  newKeys: string[];
  /** Undoes the claim, so that the retried event alerts again. Never throws for a lost race. */
  release(): Promise<void>;
}

/** Everything in the scan was alerted already (or is being alerted by a concurrent delivery). */
export interface DuplicateClaim {
  outcome: 'duplicate';
  /** When the image was last alerted. */
  lastAlertedAt: string | undefined;
}

export type ClaimResult = WonClaim | DuplicateClaim;

/**
 * Decides, atomically across concurrent deliveries, whether a scan result is to be alerted.
 * The winner of a claim publishes; every other delivery of the same result is a duplicate.
 */
export interface AlertDedupe {
  claim(request: ClaimRequest): Promise<ClaimResult>;
}
