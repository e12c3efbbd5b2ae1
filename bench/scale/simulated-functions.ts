/**
 * The two sweep functions as the simulation runs them: each container is built the way the
 * function's module builds itself at cold start (lib/app/sweep-function.ts,
 * lib/app/sweep-worker-function.ts), from the environment the packaged template gives it, with
 * the AWS model as the SDK's request handler; each invocation does what the handler does. The
 * scheduler's queue is the one-send-per-target ledger in front of SQS, the worker's lock and
 * continuations are in the dedupe table, as deployed (the model's table: see aws-model.ts).
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { createSweepWorkerDeps } from '#lib/app/create-sweep-worker-deps.ts';
import { onceOnlySweepQueue } from '#lib/app/once-only-sweep-queue.ts';
import { runSweepMessages, type SweepRunSummary } from '#lib/app/run-sweep-messages.ts';
import { startSweep } from '#lib/app/start-sweep.ts';
import { METRICS_NAMESPACE, publishSweepMetrics } from '#lib/app/sweep-metrics.ts';
import { SDK_RETRY, type SdkRequestHandler } from '#lib/aws/index.ts';
import {
  readEnvironment,
  readRemediationLockTable,
  readSweepEnvironment,
} from '#lib/config/environment.ts';
import { createLogger } from '#lib/observability/logger.ts';
import type { Standard } from '#lib/standard/index.ts';
import { awsAccountSource } from '#lib/sweep/aws-account-source.ts';
import { ScheduledEventSchema } from '#lib/sweep/scheduled-event-schema.ts';
import { sqsSweepQueue } from '#lib/sweep/sqs-sweep-queue.ts';
import { SqsBatchSchema } from '#lib/sweep/sweep-message.ts';
import { sweepSelection } from '#lib/sweep/sweep-target.ts';
import type { SimulatedHandler } from './lambda-service.ts';

export interface ContainerInputs {
  /** The function's environment, as Lambda sets it from the packaged template. */
  env: Record<string, string>;
  standard: Standard;
  requestHandler: SdkRequestHandler;
}

/** What the scheduler's invocation returned. */
export interface SchedulerOutcome {
  messages: number;
  skippedAccounts: number;
}

/**
 * A container of `sweep`: module scope as in functions/sweep.ts, then the handler.
 *
 * @throws {EnvironmentError} like the function, for a missing or malformed variable.
 */
export function sweepSchedulerContainer(
  inputs: ContainerInputs,
  onDone: (outcome: SchedulerOutcome) => void,
): SimulatedHandler {
  const environment = readEnvironment(inputs.env);
  const sweepEnvironment = readSweepEnvironment(inputs.env);
  const queueUrl = sweepEnvironment.queueUrl;
  if (queueUrl === undefined) throw new Error('ECR_GUARD_SWEEP_QUEUE_URL is not set');
  const sqs = sqsSweepQueue(
    new SQSClient({
      region: environment.region,
      ...SDK_RETRY,
      requestHandler: inputs.requestHandler,
    }),
    queueUrl,
    environment.region,
  );
  const crossAccount = environment.crossAccount;
  const tableName = readRemediationLockTable(inputs.env);
  const queue =
    tableName === undefined
      ? sqs
      : onceOnlySweepQueue(sqs, {
          tableName,
          region: environment.region,
          account: crossAccount?.centralAccount ?? 'own',
          requestHandler: inputs.requestHandler,
        });
  const selection = sweepSelection(crossAccount);
  const accounts = awsAccountSource({
    region: environment.region,
    ...(crossAccount === undefined ? {} : { currentAccount: crossAccount.centralAccount }),
    requestHandler: inputs.requestHandler,
  });
  return async (raw: unknown): Promise<unknown> => {
    const event = ScheduledEventSchema.safeParse(raw);
    if (!event.success) throw new Error('the simulation sent an invalid scheduled event');
    const plan = await startSweep(
      {
        runId: event.data.id,
        mode: sweepEnvironment.mode,
        selection,
        regions: sweepEnvironment.regions,
      },
      { accounts, queue },
    );
    const outcome = { messages: plan.targets.length, skippedAccounts: plan.skipped.length };
    onDone(outcome);
    return { outcome: 'enqueued', runId: event.data.id, ...outcome };
  };
}

/**
 * A container of `sweep-worker`: module scope as in functions/sweep-worker.ts, then the
 * handler; `onSummaries` sees what each invocation swept.
 */
export function sweepWorkerContainer(
  inputs: ContainerInputs,
  onSummaries: (summaries: SweepRunSummary[], rejected: number) => void,
): SimulatedHandler {
  const logger = createLogger();
  const environment = readEnvironment(inputs.env);
  const queueUrl = readSweepEnvironment(inputs.env).queueUrl;
  if (queueUrl === undefined) throw new Error('ECR_GUARD_SWEEP_QUEUE_URL is not set');
  const depsFor = createSweepWorkerDeps(
    {
      region: environment.region,
      crossAccount: environment.crossAccount,
      queueUrl,
      tableName: readRemediationLockTable(inputs.env),
    },
    { standard: inputs.standard, logger, requestHandler: inputs.requestHandler },
  );
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
  return async (raw: unknown, context: Context): Promise<unknown> => {
    const event = SqsBatchSchema.safeParse(raw);
    if (!event.success) {
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
      publishSweepMetrics(metrics, summary);
    }
    onSummaries(result.summaries, result.rejected.length);
    return { batchItemFailures: result.batchItemFailures };
  };
}
