import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import {
  EnvironmentError,
  readEnvironment,
  readSweepEnvironment,
} from '#lib/config/environment.ts';
import { createLogger } from '#lib/observability/logger.ts';
import { loadStandard } from '#lib/standard/index.ts';
import { createSweepWorkerDeps } from '#lib/sweep/create-sweep-worker-deps.ts';
import { runSweepMessages } from '#lib/sweep/run-sweep-messages.ts';
import { SqsBatchSchema } from '#lib/sweep/sweep-message.ts';
import { sweepMetrics } from '#lib/sweep/sweep-metrics.ts';

const logger = createLogger();
const environment = readEnvironment();
// The rest of an account too large for one invocation is sent back to the sweep queue.
const queueUrl = readSweepEnvironment().queueUrl;
if (queueUrl === undefined) throw new EnvironmentError('ECR_GUARD_SWEEP_QUEUE_URL', 'is not set');
const standard = await loadStandard(environment.configPath);
const depsFor = createSweepWorkerDeps(
  { region: environment.region, crossAccount: environment.crossAccount, queueUrl },
  { standard, logger },
);

async function sweepWorker(raw: unknown, context: Context): Promise<SQSBatchResponse> {
  const event = SqsBatchSchema.safeParse(raw);
  if (!event.success) {
    // Not an SQS batch: there is no message to report as failed, and retrying cannot help.
    logger.error('invalid event dropped: not an SQS batch', { issues: event.error.issues });
    return { batchItemFailures: [] };
  }
  const result = await runSweepMessages(
    event.data.Records.map(({ messageId, body }) => ({ messageId, body })),
    depsFor({ remainingMs: () => context.getRemainingTimeInMillis() }),
  );
  for (const rejected of result.rejected) logger.warn('invalid sweep message dropped', rejected);
  for (const summary of result.summaries) {
    const log = summary.outcome === 'ok' ? logger.info : logger.error;
    const what = summary.continued ? `${summary.outcome}, continued` : summary.outcome;
    log.call(logger, `sweep of ${summary.account}/${summary.region} ${what}`, {
      ...summary,
    });
    process.stdout.write(`${JSON.stringify(sweepMetrics(summary, new Date()))}\n`);
  }
  return { batchItemFailures: result.batchItemFailures };
}

/**
 * SQS (one message per account and region, or a part of one) → sweep it; failures reported
 * per message; what does not fit the invocation continues in a new message.
 */
export const handler = middy<unknown, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(sweepWorker);
