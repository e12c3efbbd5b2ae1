/**
 * `sweep-worker`, wired: its environment, its dependencies (built once per container) and the
 * one thing an invocation does.
 *
 * @module
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse } from 'aws-lambda';
import { createAccountAccess } from '#lib/aws/account-access.ts';
import { SDK_RETRY_BULK } from '#lib/aws/client-factory.ts';
import {
  readEnvironment,
  readNoticeEnvironment,
  readRemediationLockTable,
  readSweepEnvironment,
} from '#lib/config/environment.ts';
import { createGatewayPool } from '#lib/controls/gateway-pool.ts';
import type { RepositoryReport } from '#lib/enforcement/repository-report.ts';
import { createLogger, type Logger } from '#lib/observability/logger.ts';
import { publishSweepReport } from '#lib/security-hub/publish-sweep-report.ts';
import { loadStandard } from '#lib/standard/index.ts';
import { SqsBatchSchema } from '#lib/sweep/sweep-message.ts';
import { createNoticeSending } from './create-notice-sending.ts';
import { createRemediationLock } from './create-remediation-lock.ts';
import { logEnforcementResult } from './log-enforcement-result.ts';
import { logNoticeOutcomes } from './notice-origin.ts';
import { runSweepMessages } from './run-sweep-messages.ts';
import { sendNotices } from './send-notices.ts';
import { METRICS_NAMESPACE, publishSweepMetrics } from './sweep-metrics.ts';

export interface SweepWorkerFunction {
  logger: Logger;
  /** Sweeps the (account, region) of each message; failures reported per message. */
  handle(raw: unknown): Promise<SQSBatchResponse>;
}

/**
 * Builds the function from its environment, at cold start.
 *
 * @example
 * ```ts
 * const { logger, handle } = await createSweepWorkerFunction();
 * ```
 */
export async function createSweepWorkerFunction(): Promise<SweepWorkerFunction> {
  const logger = createLogger();
  const environment = readEnvironment();
  const { securityHub } = readSweepEnvironment();
  // Loaded at cold start only when the sweep imports into Security Hub (off by default).
  const securityHubClient = securityHub
    ? (await import('@aws-sdk/client-securityhub')).SecurityHubClient
    : undefined;
  const standard = await loadStandard(environment.configPath);
  const { clients, allowList } = createAccountAccess({
    crossAccount: environment.crossAccount,
    region: environment.region,
    sessionName: 'ecr-guard-sweep-worker',
    // The member roles trust only sessions with a source identity: this function's name.
    sourceIdentity: environment.functionName,
    retry: SDK_RETRY_BULK,
  });
  const gateways = createGatewayPool(clients);
  // The same lock as enforce-repository: a sweep and an event (or a message delivered twice)
  // on one repository write once.
  const lock = createRemediationLock({
    tableName: readRemediationLockTable(),
    region: environment.region,
    account: environment.crossAccount?.centralAccount ?? 'own',
  });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
  // One notice per team per sweep run, after the writes (off without a topic).
  const notices = createNoticeSending(readNoticeEnvironment(), environment.region);
  return {
    logger,
    async handle(raw) {
      // One batch is one run: what runs (ECS, Lambda, Inspector) is read at most once per
      // account and region of the batch, and again for the next.
      gateways.startRun();
      const event = SqsBatchSchema.safeParse(raw);
      if (!event.success) {
        // Not an SQS batch: there is no message to report as failed, and retrying cannot help.
        logger.error('invalid event dropped: not an SQS batch', { issues: event.error.issues });
        return { batchItemFailures: [] };
      }
      const written = new Map<string, RepositoryReport[]>();
      const result = await runSweepMessages(
        event.data.Records.map(({ messageId, body }) => ({ messageId, body })),
        {
          gatewayFor: (target) => gateways.ecrGateway(target),
          lock,
          standard,
          ...(environment.configPath === undefined
            ? {}
            : { standardSource: environment.configPath }),
          now: () => new Date(),
          refusal: (account) => allowList.refusal(account),
          // Findings name every repository's owner: read every repository's tags.
          ...(securityHub ? { readTags: 'always' as const } : {}),
          // Every remediation, exemption and violation is logged with its reason, as on events.
          onEvent: (swept) => {
            if (swept.type === 'repository') {
              logEnforcementResult(logger, { outcome: 'enforced', repositories: [swept.report] });
              const target = `${swept.report.account}/${swept.report.region}`;
              written.set(target, [...(written.get(target) ?? []), swept.report]);
            }
          },
          ...(securityHubClient !== undefined
            ? {
                onReport: (report) =>
                  publishSweepReport(report, {
                    hubFor: (target) => clients.client(securityHubClient, target),
                    log: (line) => logger.info(`Security Hub ${line}`),
                  }),
              }
            : {}),
        },
      );
      for (const rejected of result.rejected) {
        logger.warn('invalid sweep message dropped', rejected);
      }
      for (const summary of result.summaries) {
        const log = summary.outcome === 'ok' ? logger.info : logger.error;
        log.call(logger, `sweep of ${summary.account}/${summary.region} ${summary.outcome}`, {
          ...summary,
        });
        publishSweepMetrics(metrics, summary);
      }
      if (notices !== undefined) {
        // The targets of one run share its notices: one per team, whatever its accounts.
        const runs = new Map<string, RepositoryReport[]>();
        for (const { runId, account, region } of result.summaries) {
          runs.set(runId, [
            ...(runs.get(runId) ?? []),
            ...(written.get(`${account}/${region}`) ?? []),
          ]);
        }
        for (const [runId, reports] of runs) {
          try {
            const outcomes = await sendNotices(
              reports,
              { origin: 'sweep', originId: runId },
              { standard, sending: notices, now: () => new Date() },
            );
            logNoticeOutcomes(logger, outcomes);
          } catch (error) {
            // The writes are made and stay made: a sweep is not run again for its notice.
            logger.error('sweep notices could be neither published nor parked', { runId, error });
          }
        }
      }
      return { batchItemFailures: result.batchItemFailures };
    },
  };
}
