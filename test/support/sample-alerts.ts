/**
 * Alerts built the way report-findings builds them, from the real scan-event samples and the
 * real findings samples (varied only where a test needs more or other findings).
 */
import { type Alert, alertedSetOf, alertFingerprint, buildAlert } from '#lib/alerts/index.ts';
import { normalizeEvent, type Severity } from '#lib/events/index.ts';
import {
  type Finding,
  fromBasicFinding,
  fromInspectorFinding,
  type ScanCompletedEvent,
  scannedImageOf,
} from '#lib/findings/index.ts';
import { basicFinding, enhancedFinding } from '../../harness/aws-response-fixtures.ts';
import { loadEventFixture } from '../../harness/fixtures.ts';

/** The real basic scan sample (us-east-1, my-repository-name, 10 critical, 9 medium). */
export function basicScanEvent(): ScanCompletedEvent {
  const event = normalizeEvent(
    loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json'),
  );
  if (event.kind !== 'basic-scan-completed') throw new Error('not a basic scan event');
  return event;
}

/** The real all-severities basic sample, which has an image tag. */
export function taggedScanEvent(): ScanCompletedEvent {
  const event = normalizeEvent(
    loadEventFixture('ecr-image-scan-complete-all-severities.aws-lambda-go.json'),
  );
  if (event.kind !== 'basic-scan-completed') throw new Error('not a basic scan event');
  return event;
}

/** `count` findings like the real basic one, with distinct CVE ids and the given severity. */
export function manyFindings(count: number, severity: Severity = 'HIGH'): Finding[] {
  return Array.from({ length: count }, (_, i) =>
    fromBasicFinding(basicFinding({ name: `CVE-2024-${String(10000 + i)}`, severity })),
  );
}

/** The real enhanced finding (CVE-2022-49043, HIGH, libxml2). */
export function realEnhancedFindings(): Finding[] {
  return fromInspectorFinding(enhancedFinding());
}

/**
 * An alert as report-findings makes it for a first alert.
 *
 * @example
 * ```ts
 * const alert = sampleAlert({ findings: manyFindings(30) });
 * ```
 */
export function sampleAlert(
  options: {
    event?: ScanCompletedEvent;
    findings?: Finding[];
    minSeverity?: Severity;
    team?: string;
    kind?: 'new' | 'update';
    newKeys?: string[];
  } = {},
): Alert {
  const event = options.event ?? taggedScanEvent();
  const findings = options.findings ?? [...realEnhancedFindings(), ...manyFindings(2, 'CRITICAL')];
  const minSeverity = options.minSeverity ?? 'HIGH';
  const alerted = alertedSetOf(findings, minSeverity);
  return buildAlert({
    event,
    scan: { status: 'complete', scanner: scannedImageOf(event).scanner, findings },
    minSeverity,
    team: options.team ?? 'payments',
    kind: options.kind ?? 'new',
    newKeys: new Set(options.newKeys ?? alerted.keys()),
    fingerprint: alertFingerprint(scannedImageOf(event).image, alerted),
  });
}
