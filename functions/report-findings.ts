import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import {
  createReportFindingsDeps,
  logReportFindingsResult,
  type ReportFindingsResult,
  reportFindings,
} from '#lib/alerts/index.ts';
import { createAccountAccess } from '#lib/aws/index.ts';
import { readAlertingEnvironment, readEnvironment } from '#lib/config/environment.ts';
import { isScanCompletedEvent } from '#lib/findings/index.ts';
import { admitEvent, type TurnedAway } from '#lib/handlers/admit-event.ts';
import { createLogger } from '#lib/observability/logger.ts';
import { loadStandard } from '#lib/standard/index.ts';

/** What an invocation returns: the outcome, without the alert itself (it is on the topic). */
export type ReportFindingsResponse =
  | { outcome: ReportFindingsResult['outcome']; messageId?: string; fingerprint?: string }
  | TurnedAway
  | { outcome: 'ignored'; reason: string };

// Built once per container: the standard and the environment fail the first invocation
// loudly when they are wrong, instead of every event quietly.
const logger = createLogger();
const environment = readEnvironment();
const alerting = readAlertingEnvironment();
const standard = await loadStandard(environment.configPath);
// Reads findings in each event's account through its ecr-guard-remediation role; the topic
// and the dedupe table are in the central account, acted in with this function's own role.
const { clients, allowList } = createAccountAccess({
  crossAccount: environment.crossAccount,
  region: environment.region,
  sessionName: 'ecr-guard-report-findings',
});
const deps = createReportFindingsDeps({
  clients,
  standard,
  alerting: { ...alerting, region: environment.region },
});

async function reportFindingsHandler(raw: unknown): Promise<ReportFindingsResponse> {
  const admitted = admitEvent(raw, { logger, allowList });
  if ('outcome' in admitted) return admitted;
  const { event } = admitted;
  if (!isScanCompletedEvent(event)) {
    const reason =
      event.kind === 'ignored'
        ? event.reason
        : `${event.kind} events are handled by enforce-repository`;
    logger.info('event ignored', { eventKind: event.kind, reason });
    return { outcome: 'ignored', reason };
  }
  logger.appendKeys({
    account: event.account,
    region: event.region,
    eventKind: event.kind,
    eventId: event.id,
    repository: event.repositoryName,
    imageDigest: event.imageDigest,
  });
  try {
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
  } catch (error) {
    // Thrown on purpose: Lambda retries, then the event lands in the on-failure destination.
    logger.error('reporting findings failed, the event will be retried', error as Error);
    throw error;
  }
}

/** EventBridge (ECR Image Scan, Inspector2 Scan) → one deduplicated alert on the SNS topic. */
export const handler = middy<unknown, ReportFindingsResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(reportFindingsHandler);
