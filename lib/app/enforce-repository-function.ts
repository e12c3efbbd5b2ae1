/**
 * `enforce-repository`, wired: its environment, its dependencies (built once per container)
 * and the one thing an invocation does.
 *
 * @module
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createAccountAccess } from '#lib/aws/account-access.ts';
import type { AccountAllowList } from '#lib/aws/account-allow-list.ts';
import { SDK_RETRY } from '#lib/aws/client-factory.ts';
import { readEnvironment, readRemediationLockTable } from '#lib/config/environment.ts';
import { createGatewayPool } from '#lib/controls/gateway-pool.ts';
import { DynamoDbRemediationLock } from '#lib/enforcement/dynamodb-remediation-lock.ts';
import {
  InProcessRemediationLock,
  RemediationInProgressError,
  type RemediationLock,
} from '#lib/enforcement/remediation-lock.ts';
import type { GuardEvent } from '#lib/events/guard-event.ts';
import type { ExpectedFailure } from '#lib/handlers/log-failures-middleware.ts';
import { createLogger, type Logger } from '#lib/observability/logger.ts';
import { loadStandard } from '#lib/standard/index.ts';
import {
  type EnforcementResult,
  type HandleEnforcementEventDeps,
  handleEnforcementEvent,
} from './handle-enforcement-event.ts';
import { logEnforcementResult } from './log-enforcement-result.ts';
import { ownIdentityOf } from './own-identity.ts';
import { publishReplicationFailure } from './replication-failure-metric.ts';
import { METRICS_NAMESPACE } from './sweep-metrics.ts';

export interface EnforceRepositoryFunction {
  logger: Logger;
  allowList: AccountAllowList;
  /** Failures thrown on purpose, logged at info: Lambda retries them. */
  expected: readonly ExpectedFailure[];
  /** Enforces what one admitted event names, and logs every outcome. */
  handle(event: GuardEvent): Promise<EnforcementResult>;
}

/**
 * Builds the function from its environment, at cold start: the standard is validated here, so
 * a broken ecr-guard.yml fails the deployment's first invocation loudly instead of every event.
 *
 * @example
 * ```ts
 * const { logger, allowList, expected, handle } = await createEnforceRepositoryFunction();
 * ```
 */
export async function createEnforceRepositoryFunction(): Promise<EnforceRepositoryFunction> {
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
  const deps: HandleEnforcementEventDeps = {
    gateways: createGatewayPool(clients),
    standard,
    dryRun: false,
    now: () => new Date(),
    lock: remediationLock(environment),
    // ecr-guard's own roles, by exact ARN: their CloudTrail calls are not drift.
    identity: ownIdentityOf(environment),
  };
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
  return {
    logger,
    allowList,
    expected: [
      {
        // Expected with duplicate deliveries: the retry finds the repository fixed.
        is: (error) => error instanceof RemediationInProgressError,
        message: 'another invocation is remediating the repository, the event will be retried',
      },
    ],
    async handle(event) {
      const result = await handleEnforcementEvent(event, deps);
      logEnforcementResult(logger, result);
      // Logged, and counted: an alarm or a dashboard can watch the images that never arrive.
      if (result.outcome === 'replication-failed') publishReplicationFailure(metrics, result.event);
      return result;
    },
  };
}

/**
 * Duplicate or simultaneous events on one repository write once: the DynamoDB lock across
 * containers when the table is set (the stack sets it), else turns within this process.
 */
function remediationLock(environment: ReturnType<typeof readEnvironment>): RemediationLock {
  const tableName = readRemediationLockTable();
  if (tableName === undefined) return new InProcessRemediationLock();
  return new DynamoDbRemediationLock({
    client: new DynamoDBClient({ region: environment.region, ...SDK_RETRY }),
    tableName,
    account: environment.crossAccount?.centralAccount ?? 'own',
    region: environment.region,
  });
}
