/**
 * `enforce-repository`, wired: its environment, its dependencies (built once per container)
 * and the one thing an invocation does.
 *
 * @module
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createAccountAccess } from '#lib/aws/account-access.ts';
import type { AccountAllowList } from '#lib/aws/account-allow-list.ts';
import {
  readEnvironment,
  readNoticeEnvironment,
  readRemediationLockTable,
} from '#lib/config/environment.ts';
import { createGatewayPool } from '#lib/controls/gateway-pool.ts';
import { RemediationInProgressError } from '#lib/enforcement/remediation-lock.ts';
import type { GuardEvent } from '#lib/events/guard-event.ts';
import type { ExpectedFailure } from '#lib/handlers/log-failures-middleware.ts';
import { createLogger, type Logger } from '#lib/observability/logger.ts';
import { loadStandard } from '#lib/standard/index.ts';
import { createNoticeSending } from './create-notice-sending.ts';
import { createRemediationLock } from './create-remediation-lock.ts';
import {
  type EnforcementResult,
  type HandleEnforcementEventDeps,
  handleEnforcementEvent,
} from './handle-enforcement-event.ts';
import { logEnforcementResult } from './log-enforcement-result.ts';
import { logNoticeOutcomes, noticeOriginOf } from './notice-origin.ts';
import { ownIdentityOf } from './own-identity.ts';
import { publishReplicationFailure } from './replication-failure-metric.ts';
import { sendNotices } from './send-notices.ts';
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
    // The member roles trust only sessions with a source identity: this function's name.
    sourceIdentity: environment.functionName,
  });
  // The gateways read ECR, and what runs in ECS, Lambda and Inspector (the lifecycle
  // control's protection of images in use) with the same clients, in the event's account.
  const deps: HandleEnforcementEventDeps = {
    gateways: createGatewayPool(clients),
    standard,
    dryRun: false,
    now: () => new Date(),
    // Duplicate or simultaneous events on one repository write once: the others wait for it.
    lock: createRemediationLock({
      tableName: readRemediationLockTable(),
      region: environment.region,
      account: environment.crossAccount?.centralAccount ?? 'own',
    }),
    // ecr-guard's own roles, by exact ARN: their CloudTrail calls are not drift.
    identity: ownIdentityOf(environment),
  };
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
  // The owning team is told of every write, on the alerts topic (off without a topic).
  const notices = createNoticeSending(readNoticeEnvironment(), environment.region);
  if (notices === undefined && standard.notices.enabled) {
    logger.warn(
      'notices are on in the standard but ALERTS_TOPIC_ARN is not set: no team is told of changes',
    );
  }
  return {
    logger,
    allowList,
    expected: [
      {
        // Contention is waited out: this is a holder that kept the lock through the whole
        // wait, worth a look but not a page (the retry finds the repository fixed, or fails
        // for good into the on-failure queue, which alarms).
        is: (error) => error instanceof RemediationInProgressError,
        level: 'warn',
        message: 'the repository stayed locked by another invocation, the event will be retried',
      },
    ],
    async handle(event) {
      // One event is one run: what runs is read again for it, when a lifecycle policy would
      // expire something.
      deps.gateways.startRun();
      const result = await handleEnforcementEvent(event, deps);
      logEnforcementResult(logger, result);
      // Logged, and counted: an alarm or a dashboard can watch the images that never arrive.
      if (result.outcome === 'replication-failed') publishReplicationFailure(metrics, result.event);
      if (result.outcome !== 'enforced' || notices === undefined) return result;
      // After the writes, never before: a notice that fails is parked, the writes stay.
      const outcomes = await sendNotices(result.repositories, noticeOriginOf(event), {
        standard,
        sending: notices,
        now: deps.now,
      });
      logNoticeOutcomes(logger, outcomes);
      return outcomes.length === 0 ? result : { ...result, notices: outcomes };
    },
  };
}
