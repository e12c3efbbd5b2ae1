import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import {
  createAccountAccess,
  DynamoDbRemediationLock,
  inUseCollectorFor,
  SDK_RETRY,
} from '#lib/aws/index.ts';
import { readEnvironment, readRemediationLockTable } from '#lib/config/environment.ts';
import {
  type EnforcementResult,
  handleEnforcementEvent,
  InProcessRemediationLock,
  logEnforcementResult,
  RemediationInProgressError,
  type RemediationLock,
} from '#lib/enforcement/index.ts';
import { admitEvent, type TurnedAway } from '#lib/handlers/admit-event.ts';
import { createLogger } from '#lib/observability/logger.ts';
import { loadStandard } from '#lib/standard/index.ts';

export type EnforceRepositoryResponse = EnforcementResult | TurnedAway;

// Built once per container: the standard is validated at cold start, so a broken
// ecr-guard.yml fails the deployment's first invocation loudly instead of every event.
const logger = createLogger();
const environment = readEnvironment();
const standard = await loadStandard(environment.configPath);
// Acts in each event's account through its ecr-guard-remediation role (in the central
// account with this function's own role), and refuses accounts outside the allow-list.
const { clients, allowList } = createAccountAccess({
  crossAccount: environment.crossAccount,
  region: environment.region,
  sessionName: 'ecr-guard-enforce-repository',
});

// Duplicate or simultaneous events on one repository write once: the others are retried.
const lockTable = readRemediationLockTable();
const lock: RemediationLock =
  lockTable === undefined
    ? new InProcessRemediationLock()
    : new DynamoDbRemediationLock({
        client: new DynamoDBClient({ region: environment.region, ...SDK_RETRY }),
        tableName: lockTable,
        account: environment.crossAccount?.centralAccount ?? 'own',
        region: environment.region,
      });

async function enforceRepository(raw: unknown): Promise<EnforceRepositoryResponse> {
  const admitted = admitEvent(raw, { logger, allowList });
  if ('outcome' in admitted) return admitted;
  const { event } = admitted;
  logger.appendKeys({
    account: event.account,
    region: event.region,
    eventKind: event.kind,
    ...('repositoryName' in event && event.repositoryName
      ? { repository: event.repositoryName }
      : {}),
  });
  try {
    const result = await handleEnforcementEvent(event, {
      clients,
      standard,
      dryRun: false,
      now: () => new Date(),
      lock,
      // What runs is read per event, and only when a lifecycle policy would expire something.
      inUse: inUseCollectorFor(clients, standard),
    });
    logEnforcementResult(logger, result);
    return result;
  } catch (error) {
    // Thrown on purpose: Lambda retries, then the event lands in the on-failure destination.
    if (error instanceof RemediationInProgressError) {
      // Expected with duplicate deliveries: the retry finds the repository fixed.
      logger.info('another invocation is remediating the repository, the event will be retried', {
        reason: error.message,
      });
    } else {
      logger.error('enforcement failed, the event will be retried', error as Error);
    }
    throw error;
  }
}

/** EventBridge → enforce the repository named by a push, creation or drift event. */
export const handler = middy<unknown, EnforceRepositoryResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(enforceRepository);
