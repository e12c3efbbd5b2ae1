import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { SDK_RETRY } from '#lib/aws/index.ts';
import {
  EnvironmentError,
  readEnvironment,
  readSweepEnvironment,
} from '#lib/config/environment.ts';
import { createLogger } from '#lib/observability/logger.ts';
import { awsAccountSource } from '#lib/sweep/aws-account-source.ts';
import { ScheduledEventSchema } from '#lib/sweep/scheduled-event-schema.ts';
import { sqsSweepQueue } from '#lib/sweep/sqs-sweep-queue.ts';
import { startSweep } from '#lib/sweep/start-sweep.ts';
import { sweepSelection } from '#lib/sweep/sweep-target.ts';

export type SweepResponse =
  | { outcome: 'enqueued'; runId: string; messages: number; skippedAccounts: number }
  | { outcome: 'rejected'; reason: string };

const logger = createLogger();
const environment = readEnvironment();
const sweepEnvironment = readSweepEnvironment();
const queueUrl = sweepEnvironment.queueUrl;
if (queueUrl === undefined) throw new EnvironmentError('ECR_GUARD_SWEEP_QUEUE_URL', 'is not set');
const queue = sqsSweepQueue(
  new SQSClient({ region: environment.region, ...SDK_RETRY }),
  queueUrl,
  environment.region,
);
const crossAccount = environment.crossAccount;
const selection = sweepSelection(crossAccount);
const accounts = awsAccountSource({
  region: environment.region,
  ...(crossAccount === undefined ? {} : { currentAccount: crossAccount.centralAccount }),
});

async function scheduleSweep(raw: unknown): Promise<SweepResponse> {
  const event = ScheduledEventSchema.safeParse(raw);
  if (!event.success) {
    logger.warn('invalid schedule event dropped', { issues: event.error.issues });
    return { outcome: 'rejected', reason: 'not an EventBridge scheduled event' };
  }
  const runId = event.data.id;
  const plan = await startSweep(
    { runId, mode: sweepEnvironment.mode, selection, regions: sweepEnvironment.regions },
    { accounts, queue },
  );
  for (const skipped of plan.skipped) logger.info('account not swept', skipped);
  logger.info('sweep enqueued', {
    runId,
    mode: sweepEnvironment.mode,
    messages: plan.targets.length,
    regions: sweepEnvironment.regions,
  });
  return {
    outcome: 'enqueued',
    runId,
    messages: plan.targets.length,
    skippedAccounts: plan.skipped.length,
  };
}

/** Schedule → one SQS message per (account, region) for `sweep-worker`. */
export const handler = middy<unknown, SweepResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(scheduleSweep);
