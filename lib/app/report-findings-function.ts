/**
 * `report-findings`, wired: its environment, its dependencies (built once per container) and
 * the one thing an invocation does.
 *
 * @module
 */

import type { SQSBatchResponse } from 'aws-lambda';
import { createAccountAccess } from '#lib/aws/account-access.ts';
import type { AccountAllowList } from '#lib/aws/account-allow-list.ts';
import { readAlertingEnvironment, readEnvironment } from '#lib/config/environment.ts';
import type { GuardEvent } from '#lib/events/guard-event.ts';
import { isScanCompletedEvent } from '#lib/findings/scanned-image.ts';
import { createLogger, type Logger } from '#lib/observability/logger.ts';
import { loadStandard } from '#lib/standard/index.ts';
import { type AlertFindingEventsResult, alertFindingEvents } from './alert-finding-events.ts';
import {
  createFindingEventsDeps,
  createReportFindingsDeps,
} from './create-report-findings-deps.ts';
import { readFindingQueueBatch } from './finding-queue-batch.ts';
import { logReportFindingsResult } from './log-report-findings-result.ts';
import { type ReportFindingsResult, reportFindings } from './report-findings.ts';

/** What an invocation returns: the outcome, without the alert itself (it is on the topic). */
export type ReportFindingsOutcome =
  | { outcome: ReportFindingsResult['outcome']; messageId?: string; fingerprint?: string }
  | { outcome: 'ignored'; reason: string };

export interface ReportFindingsFunction {
  logger: Logger;
  allowList: AccountAllowList;
  handle(event: GuardEvent): Promise<ReportFindingsOutcome>;
  /**
   * A batch of the finding queue (`Inspector2 Finding` events, one window): the records to
   * retry are reported as batch item failures; those turned away are logged and dropped.
   */
  handleBatch(event: unknown): Promise<SQSBatchResponse>;
}

/**
 * Builds the function from its environment, at cold start.
 *
 * @example
 * ```ts
 * const { logger, allowList, handle } = await createReportFindingsFunction();
 * ```
 */
export async function createReportFindingsFunction(): Promise<ReportFindingsFunction> {
  const logger = createLogger();
  const environment = readEnvironment();
  const alerting = readAlertingEnvironment();
  const standard = await loadStandard(environment.configPath);
  // Reads findings in each event's account through its member role; the topic and the dedupe
  // table are in the central account, acted in with this function's own role.
  const { clients, allowList } = createAccountAccess({
    crossAccount: environment.crossAccount,
    region: environment.region,
    sessionName: 'ecr-guard-report-findings',
    // The member roles trust only sessions with a source identity: this function's name.
    sourceIdentity: environment.functionName,
  });
  const deps = createReportFindingsDeps({
    clients,
    standard,
    alerting: { ...alerting, region: environment.region },
  });
  const findingDeps = createFindingEventsDeps({
    clients,
    standard,
    alerting: { ...alerting, region: environment.region },
  });
  return {
    logger,
    allowList,
    async handleBatch(raw) {
      const { events, skipped } = readFindingQueueBatch(raw, allowList);
      for (const record of skipped) {
        const log = record.outcome === 'ignored' ? logger.info : logger.warn;
        log.call(logger, `finding record ${record.outcome}`, {
          recordId: record.recordId,
          reason: record.reason,
        });
      }
      const result = await alertFindingEvents(events, findingDeps);
      logFindingWindow(logger, result, events.length);
      return {
        batchItemFailures: result.failedRecordIds.map((itemIdentifier) => ({ itemIdentifier })),
      };
    },
    async handle(event) {
      if (!isScanCompletedEvent(event)) {
        const reason =
          event.kind === 'ignored'
            ? event.reason
            : `${event.kind} events are handled by enforce-repository`;
        logger.info('event ignored', { eventKind: event.kind, reason });
        return { outcome: 'ignored', reason };
      }
      logger.appendKeys({ imageDigest: event.imageDigest });
      const result = await reportFindings(event, deps);
      logReportFindingsResult(logger, result);
      return {
        outcome: result.outcome,
        ...(result.outcome === 'published' ? { messageId: result.messageId } : {}),
        ...(result.outcome === 'published' || result.outcome === 'planned'
          ? { fingerprint: result.alert.fingerprint }
          : {}),
        ...(result.outcome === 'duplicate' ? { fingerprint: result.fingerprint } : {}),
      };
    },
  };
}

function logFindingWindow(logger: Logger, result: AlertFindingEventsResult, events: number): void {
  logger.info('finding window alerted', {
    events,
    messages: result.messages.map((m) => ({ kind: m.kind, team: m.team, messageId: m.messageId })),
    unchangedImages: result.unchangedImages,
    failedRecords: result.failedRecordIds.length,
  });
  for (const warning of result.warnings) logger.warn(warning);
}
