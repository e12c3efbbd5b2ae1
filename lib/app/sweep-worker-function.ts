/**
 * `sweep-worker`, wired: its environment, its dependencies (built once per container) and the
 * one thing an invocation does.
 *
 * @module
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import {
  EnvironmentError,
  readEnvironment,
  readNoticeEnvironment,
  readRemediationLockTable,
  readSweepEnvironment,
} from '#lib/config/environment.ts';
import type { RepositoryReport } from '#lib/enforcement/repository-report.ts';
import { createLogger, type Logger } from '#lib/observability/logger.ts';
import { publishSweepReport } from '#lib/security-hub/publish-sweep-report.ts';
import { loadStandard } from '#lib/standard/index.ts';
import { SqsBatchSchema } from '#lib/sweep/sweep-message.ts';
import { createNoticeSending } from './create-notice-sending.ts';
import { createSweepWorkerDeps } from './create-sweep-worker-deps.ts';
import { logNoticeOutcomes } from './notice-origin.ts';
import { runSweepMessages } from './run-sweep-messages.ts';
import { sendNotices } from './send-notices.ts';
import { METRICS_NAMESPACE, publishSweepMetrics } from './sweep-metrics.ts';

export interface SweepWorkerFunction {
  logger: Logger;
  /**
   * Sweeps the (account, region) of each message, or a part of it; failures reported per
   * message; what does not fit the invocation continues in a new message.
   */
  handle(
    raw: unknown,
    context: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<SQSBatchResponse>;
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
  const { securityHub, queueUrl } = readSweepEnvironment();
  // The rest of an account too large for one invocation is sent back to the sweep queue.
  if (queueUrl === undefined) {
    throw new EnvironmentError('ECR_GUARD_SWEEP_QUEUE_URL', 'is not set');
  }
  // Loaded at cold start only when the sweep imports into Security Hub (off by default).
  const securityHubClient = securityHub
    ? (await import('@aws-sdk/client-securityhub')).SecurityHubClient
    : undefined;
  const standard = await loadStandard(environment.configPath);
  const depsFor = createSweepWorkerDeps(
    {
      region: environment.region,
      crossAccount: environment.crossAccount,
      // The member roles trust only sessions with a source identity: this function's name.
      sourceIdentity: environment.functionName,
      queueUrl,
      tableName: readRemediationLockTable(),
    },
    {
      standard,
      ...(environment.configPath === undefined ? {} : { standardSource: environment.configPath }),
      logger,
      // Findings name every repository's owner: read every repository's tags.
      ...(securityHub ? { readTags: 'always' as const } : {}),
      ...(securityHubClient !== undefined
        ? {
            onReport: (report, clients) =>
              publishSweepReport(report, {
                hubFor: (target) => clients.client(securityHubClient, target),
                log: (line) => logger.info(`Security Hub ${line}`),
              }),
          }
        : {}),
    },
  );
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
  // One notice per team per sweep run, after the writes (off without a topic).
  const notices = createNoticeSending(readNoticeEnvironment(), environment.region);
  return {
    logger,
    async handle(raw, context) {
      const event = SqsBatchSchema.safeParse(raw);
      if (!event.success) {
        // Not an SQS batch: there is no message to report as failed, and retrying cannot help.
        logger.error('invalid event dropped: not an SQS batch', { issues: event.error.issues });
        return { batchItemFailures: [] };
      }
      const written = new Map<string, RepositoryReport[]>();
      const result = await runSweepMessages(
        event.data.Records.map(({ messageId, body }) => ({ messageId, body })),
        depsFor({
          remainingMs: () => context.getRemainingTimeInMillis(),
          onRepository: (report) => {
            const target = `${report.account}/${report.region}`;
            const reports = written.get(target);
            if (reports === undefined) written.set(target, [report]);
            else reports.push(report);
          },
        }),
      );
      for (const rejected of result.rejected) {
        logger.warn('invalid sweep message dropped', rejected);
      }
      for (const summary of result.summaries) {
        const log = summary.outcome === 'ok' ? logger.info : logger.error;
        const what = summary.continued ? `${summary.outcome}, continued` : summary.outcome;
        log.call(logger, `sweep of ${summary.account}/${summary.region} ${what}`, {
          ...summary,
        });
        publishSweepMetrics(metrics, summary);
      }
      if (notices !== undefined) {
        // The targets of one run share its notices: one per team, whatever its accounts.
        const runs = new Map<string, RepositoryReport[]>();
        for (const { runId, account, region } of result.summaries) {
          const reports = runs.get(runId) ?? [];
          reports.push(...(written.get(`${account}/${region}`) ?? []));
          runs.set(runId, reports);
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
