/**
 * A vulnerability finding as ecr-guard ranks, alerts and fingerprints it, whichever scanner
 * reported it.
 *
 * @module
 */
import type { Severity } from '#lib/events/index.ts';

/** Which scanner produced the findings: ECR basic scanning, or Inspector (enhanced). */
export type Scanner = 'basic' | 'enhanced';

export interface Finding {
  /** The vulnerability id (`CVE-2024-1234`, `GHSA-…`), else the scanner's own finding name. */
  id: string;
  severity: Severity;
  /** The severity text as the scanner (or vendor) wrote it, when it is not `severity` itself. */
  reportedSeverity?: string;
  /** One line about the finding: Inspector's title, or the start of the description. */
  title?: string;
  packageName?: string;
  installedVersion?: string;
  /** The first version without the vulnerability, when the source knows one. */
  fixedInVersion?: string;
  /** CVSS or Inspector score (0–10), when given: ranks findings of equal severity. */
  score?: number;
  /** Where to read about the vulnerability. */
  link?: string;
  /** Inspector's `exploitAvailable` (`YES` / `PARTIAL`: true), when it says. */
  exploitAvailable?: boolean;
  /** Inspector's `fixAvailable`, when it says; else whether a fixed-in version is known. */
  fixAvailable?: boolean;
  /** The EPSS score (0–1), when Inspector gives it. */
  epssScore?: number;
}

/**
 * What identifies a finding for deduplication: the vulnerability id, and the package when
 * known, since one CVE can hit several packages of an image.
 *
 * @example
 * ```ts
 * findingKey({ id: 'CVE-2019-5188', packageName: 'e2fsprogs' });
 * // 'CVE-2019-5188 e2fsprogs'
 * ```
 */
export function findingKey(finding: Pick<Finding, 'id' | 'packageName'>): string {
  return finding.packageName === undefined ? finding.id : `${finding.id} ${finding.packageName}`;
}

/** A scan whose results can be read, with every finding of the image. */
export interface CompleteScan {
  status: 'complete';
  scanner: Scanner;
  findings: Finding[];
  /** ISO-8601 time the image was pushed, when the scanner says (Inspector does). */
  pushedAt?: string;
}

/**
 * A scan that has no results to read: `FAILED`, `UNSUPPORTED_IMAGE`,
 * `SCAN_ELIGIBILITY_EXPIRED`, `FINDINGS_UNAVAILABLE`, `IN_PROGRESS`, … — which is not the
 * same as "no findings", and is reported as such.
 */
export interface IncompleteScan {
  status: 'not-complete';
  scanner: Scanner;
  /** ECR's `imageScanStatus.status`, or `SCAN_NOT_FOUND` when ECR has no scan at all. */
  scanStatus: string;
  description?: string;
}

/** The image (or its repository) no longer exists: there is nothing to alert about. */
export interface MissingImage {
  status: 'image-not-found';
  scanner: Scanner;
  reason: string;
}

/** What reading an image's scan results gives. */
export type ScanResult = CompleteScan | IncompleteScan | MissingImage;
