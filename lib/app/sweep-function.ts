/**
 * `sweep` (the schedule), wired: its environment, its dependencies and the one thing an
 * invocation does.
 *
 * @module
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SDK_RETRY } from '#lib/aws/client-factory.ts';
import {
  EnvironmentError,
  readEnvironment,
  readSweepEnvironment,
} from '#lib/config/environment.ts';
import { createLogger, type Logger } from '#lib/observability/logger.ts';
import { awsAccountSource } from '#lib/sweep/aws-account-source.ts';
import { ScheduledEventSchema } from '#lib/sweep/scheduled-event-schema.ts';
import { sqsSweepQueue } from '#lib/sweep/sqs-sweep-queue.ts';
import { sweepSelection } from '#lib/sweep/sweep-target.ts';
import { startSweep } from './start-sweep.ts';

export type SweepResponse =
  | { outcome: 'enqueued'; runId: string; messages: number; skippedAccounts: number }
  | { outcome: 'rejected'; reason: string };

export interface SweepFunction {
  logger: Logger;
  /** Enqueues one message per (account, region) for the schedule event. */
  handle(raw: unknown): Promise<SweepResponse>;
}

/**
 * Builds the function from its environment, at cold start.
 *
 * @example
 * ```ts
 * const { logger, handle } = createSweepFunction();
 * ```
 */
export function createSweepFunction(): SweepFunction {
  const logger = createLogger();
  const environment = readEnvironment();
  const sweepEnvironment = readSweepEnvironment();
  const queueUrl = sweepEnvironment.queueUrl;
  if (queueUrl === undefined) {
    throw new EnvironmentError('ECR_GUARD_SWEEP_QUEUE_URL', 'is not set');
  }
  if (sweepEnvironment.regions.length === 0) {
    throw new EnvironmentError(
      'ECR_GUARD_SWEEP_REGIONS',
      'is not set: the regions the member stacks are deployed to (the sweepRegions parameter)',
    );
  }
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
  return {
    logger,
    async handle(raw) {
      const event = ScheduledEventSchema.safeParse(raw);
      if (!event.success) {
        logger.warn('invalid schedule event dropped', { issues: event.error.issues });
        return { outcome: 'rejected', reason: 'not an EventBridge scheduled event' };
      }
      const runId = event.data.id;
      const { mode, regions } = sweepEnvironment;
      const plan = await startSweep({ runId, mode, selection, regions }, { accounts, queue });
      for (const skipped of plan.skipped) logger.info('account not swept', skipped);
      logger.info('sweep enqueued', { runId, mode, messages: plan.targets.length, regions });
      return {
        outcome: 'enqueued',
        runId,
        messages: plan.targets.length,
        skippedAccounts: plan.skipped.length,
      };
    },
  };
}
