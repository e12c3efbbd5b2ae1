import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse } from 'aws-lambda';
import { readEnvironment } from '#lib/config/environment.ts';
import { createLogger } from '#lib/observability/logger.ts';
import { loadStandard } from '#lib/standard/index.ts';
import { createSweepWorkerDeps } from '#lib/sweep/create-sweep-worker-deps.ts';
import { runSweepMessages } from '#lib/sweep/run-sweep-messages.ts';
import { SqsBatchSchema } from '#lib/sweep/sweep-message.ts';
import { sweepMetrics } from '#lib/sweep/sweep-metrics.ts';

const logger = createLogger();
const environment = readEnvironment();
const standard = await loadStandard(environment.configPath);
const deps = createSweepWorkerDeps(
  { region: environment.region, crossAccount: environment.crossAccount },
  { standard, logger },
);

async function sweepWorker(raw: unknown): Promise<SQSBatchResponse> {
  const event = SqsBatchSchema.safeParse(raw);
  if (!event.success) {
    // Not an SQS batch: there is no message to report as failed, and retrying cannot help.
    logger.error('invalid event dropped: not an SQS batch', { issues: event.error.issues });
    return { batchItemFailures: [] };
  }
  const result = await runSweepMessages(
    event.data.Records.map(({ messageId, body }) => ({ messageId, body })),
    deps,
  );
  for (const rejected of result.rejected) logger.warn('invalid sweep message dropped', rejected);
  for (const summary of result.summaries) {
    const log = summary.outcome === 'ok' ? logger.info : logger.error;
    log.call(logger, `sweep of ${summary.account}/${summary.region} ${summary.outcome}`, {
      ...summary,
    });
    process.stdout.write(`${JSON.stringify(sweepMetrics(summary, new Date()))}\n`);
  }
  return { batchItemFailures: result.batchItemFailures };
}

/** SQS (one message per account and region) → sweep it; failures reported per message. */
export const handler = middy<unknown, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(sweepWorker);
