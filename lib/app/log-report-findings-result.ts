/**
 * One log line per reported scan, at a level on-call can filter on.
 *
 * @module
 */
import type { Logger } from '#lib/observability/logger.ts';
import type { ReportFindingsResult } from './report-findings.ts';

/**
 * Logs what reporting a scan did: `info` for an alert and for the normal "nothing to do"
 * outcomes, `warn` for a scan that gave no results (it is not "no findings").
 *
 * @example
 * ```ts
 * logReportFindingsResult(logger, await reportFindings(event, deps));
 * ```
 */
export function logReportFindingsResult(logger: Logger, result: ReportFindingsResult): void {
  for (const warning of result.warnings ?? []) logger.warn(warning);
  switch (result.outcome) {
    case 'published':
    case 'planned':
      logger.info(result.outcome === 'published' ? 'alert published' : 'alert planned', {
        outcome: result.outcome,
        kind: result.kind,
        severity: result.alert.severity,
        team: result.alert.team,
        alertedCount: result.alert.alertedCount,
        newCount: result.alert.newCount,
        omittedFindings: result.alert.omittedFindings,
        fingerprint: result.alert.fingerprint,
        subject: result.message.subject,
        sizeBytes: result.message.sizeBytes,
        ...(result.outcome === 'published' ? { messageId: result.messageId } : {}),
      });
      return;
    case 'scan-not-complete':
      logger.warn('scan has no results to report', {
        outcome: result.outcome,
        scanner: result.scanner,
        scanStatus: result.scanStatus,
        ...(result.description === undefined ? {} : { description: result.description }),
      });
      return;
    case 'duplicate':
      logger.info('alert already sent for these findings', {
        outcome: result.outcome,
        fingerprint: result.fingerprint,
        ...(result.lastAlertedAt === undefined ? {} : { lastAlertedAt: result.lastAlertedAt }),
      });
      return;
    case 'nothing-to-alert':
      logger.info('no finding to alert', {
        outcome: result.outcome,
        reason: result.reason,
        severityCounts: result.severityCounts,
      });
      return;
    case 'below-threshold':
    case 'image-not-found':
      logger.info('nothing to report', { outcome: result.outcome, reason: result.reason });
      return;
  }
}
