/**
 * Wires {@link runSweepMessages} to AWS for sweep-worker: built once per container. The scale
 * benchmark builds one per simulated container the same way, with its registry model as the
 * request handler.
 *
 * @module
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { createAccountAccess } from '#lib/aws/account-access.ts';
import { SDK_RETRY, SDK_RETRY_BULK, type SdkRequestHandler } from '#lib/aws/client-factory.ts';
import type { ClientFactory, CrossAccountSettings } from '#lib/aws/index.ts';
import { createGatewayPool } from '#lib/controls/gateway-pool.ts';
import type { RepositoryReport } from '#lib/enforcement/repository-report.ts';
import type { Logger } from '#lib/observability/logger.ts';
import type { SweepReport } from '#lib/report/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { sqsSweepQueue } from '#lib/sweep/sqs-sweep-queue.ts';
import { createRemediationLock } from './create-remediation-lock.ts';
import { logEnforcementResult } from './log-enforcement-result.ts';
import { type EnqueueLedgerStore, onceOnlySweepQueue } from './once-only-sweep-queue.ts';
import type { RunSweepMessagesDeps } from './run-sweep-messages.ts';

/**
 * Repositories in flight per account and region in the worker (the sweep's default is 16).
 * Against ECR's per-account rate limits more only queue inside the SDK: measured by
 * `npm run bench -- --scale-quick` (20 calls a second per account), 16 drew 3,785 throttling
 * answers and 1.35 ms of CPU per repository, 4 drew 1,730 and 1.13 ms, for the same sweep time.
 */
export const WORKER_CONCURRENCY_PER_TARGET = 4;

/** Where the worker runs and which accounts it may act in (its environment). */
export interface SweepWorkerSettings {
  region: string;
  /** `undefined`: single-account mode, every call with the function's own credentials. */
  crossAccount: CrossAccountSettings | undefined;
  /** Source identity of every member session (the function's name); default the session name. */
  sourceIdentity?: string | undefined;
  /** The sweep queue, where the rest of a target too large for one invocation goes. */
  queueUrl: string;
  /** The dedupe table (`DEDUPE_TABLE_NAME`): the remediation lock and the continuations sent. */
  tableName: string | undefined;
}

/** What the worker knows of the invocation it runs in. */
export interface SweepInvocation {
  /** `context.getRemainingTimeInMillis`. */
  remainingMs(): number;
  /** Told of each repository swept in this invocation (its notices are sent after the batch). */
  onRepository?(report: RepositoryReport): void;
}

export interface SweepWorkerWiring {
  standard: Standard;
  /** Where the standard was read from, for the reports' header. */
  standardSource?: string;
  /** Every remediation, exemption and violation is logged here with its reason. */
  logger: Logger;
  /** Read every repository's tags (owners in every result); default `when-needed`. */
  readTags?: 'when-needed' | 'always';
  /** Receives each target's report (Security Hub), with the clients acting in its account. */
  onReport?: (report: SweepReport, clients: ClientFactory) => Promise<void>;
  /** Sends every AWS request; default the SDK's own (HTTPS). */
  requestHandler?: SdkRequestHandler;
  now?: () => Date;
}

/**
 * The dependencies of the sweep worker's use case, per invocation: sweep clients (adaptive
 * retry) acting in each message's account through its member role, the allow-list, the
 * remediation lock, a log line per repository, and the continuation of a target that does
 * not fit the invocation's time (a message on the sweep queue, sent once per part: recorded
 * in the dedupe table). The clients are built once, by this call; each invocation is one run
 * (what runs in an account is read again).
 *
 * @example
 * ```ts
 * const depsFor = createSweepWorkerDeps(
 *   { region, crossAccount, queueUrl, tableName: readRemediationLockTable() },
 *   { standard, logger },
 * );
 * await runSweepMessages(records, depsFor({ remainingMs: () => context.getRemainingTimeInMillis() }));
 * ```
 */
export function createSweepWorkerDeps(
  settings: SweepWorkerSettings,
  wiring: SweepWorkerWiring,
): (invocation: SweepInvocation) => RunSweepMessagesDeps {
  const handler =
    wiring.requestHandler === undefined ? {} : { requestHandler: wiring.requestHandler };
  const { clients, allowList } = createAccountAccess({
    crossAccount: settings.crossAccount,
    region: settings.region,
    sessionName: 'ecr-guard-sweep-worker',
    sourceIdentity: settings.sourceIdentity,
    retry: SDK_RETRY_BULK,
    ...handler,
  });
  const gateways = createGatewayPool(clients);
  const account = settings.crossAccount?.centralAccount ?? 'own';
  // The same lock as enforce-repository: a sweep and an event (or a message delivered twice)
  // on one repository write once.
  const lock = createRemediationLock({
    tableName: settings.tableName,
    region: settings.region,
    account,
    ...handler,
  });
  const sqs = sqsSweepQueue(
    new SQSClient({ region: settings.region, ...SDK_RETRY, ...handler }),
    settings.queueUrl,
    settings.region,
  );
  const queue =
    settings.tableName === undefined
      ? sqs
      : onceOnlySweepQueue(sqs, {
          tableName: settings.tableName,
          region: settings.region,
          account,
          ...handler,
        } satisfies EnqueueLedgerStore);
  const { logger, onReport } = wiring;
  const deps: RunSweepMessagesDeps = {
    gatewayFor: (target) => gateways.ecrGateway(target),
    lock,
    standard: wiring.standard,
    ...(wiring.standardSource === undefined ? {} : { standardSource: wiring.standardSource }),
    now: wiring.now ?? (() => new Date()),
    refusal: (target) => allowList.refusal(target),
    concurrency: { perTarget: WORKER_CONCURRENCY_PER_TARGET },
    ...(wiring.readTags === undefined ? {} : { readTags: wiring.readTags }),
    ...(onReport === undefined ? {} : { onReport: (report) => onReport(report, clients) }),
  };
  return (invocation) => {
    // One batch is one run: what runs (ECS, Lambda, Inspector) is read at most once per
    // account and region of the batch, and again for the next.
    gateways.startRun();
    return {
      ...deps,
      // Every remediation, exemption and violation is logged with its reason, as on events.
      onEvent: (swept) => {
        if (swept.type !== 'repository') return;
        logEnforcementResult(logger, { outcome: 'enforced', repositories: [swept.report] });
        invocation.onRepository?.(swept.report);
      },
      continuation: { queue, remainingMs: () => invocation.remainingMs() },
    };
  };
}
