/**
 * The image a scan event is about, as the findings readers need it.
 *
 * @module
 */
import type {
  BasicScanCompletedEvent,
  EnhancedScanCompletedEvent,
  GuardEvent,
} from '#lib/events/index.ts';
import type { Scanner } from './finding.ts';

/** A completed scan, basic (`ECR Image Scan`) or enhanced (`Inspector2 Scan`). */
export type ScanCompletedEvent = BasicScanCompletedEvent | EnhancedScanCompletedEvent;

export interface ScannedImage {
  /** The account that owns the repository (the event's account). */
  account: string;
  region: string;
  repositoryName: string;
  imageDigest: string;
}

/**
 * Whether an event is a completed scan, the events the findings path acts on.
 *
 * @example
 * ```ts
 * if (isScanCompletedEvent(event)) await reportFindings(event, deps);
 * ```
 */
export function isScanCompletedEvent(event: GuardEvent): event is ScanCompletedEvent {
  return event.kind === 'basic-scan-completed' || event.kind === 'enhanced-scan-completed';
}

/**
 * The image of a scan event, and the scanner that scanned it.
 *
 * @example
 * ```ts
 * const { image, scanner } = scannedImageOf(event);
 * ```
 */
export function scannedImageOf(event: ScanCompletedEvent): {
  image: ScannedImage;
  scanner: Scanner;
} {
  return {
    image: {
      account: event.account,
      region: event.region,
      repositoryName: event.repositoryName,
      imageDigest: event.imageDigest,
    },
    scanner: event.kind === 'basic-scan-completed' ? 'basic' : 'enhanced',
  };
}
