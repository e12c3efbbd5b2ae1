/**
 * Wires {@link runSweepMessages} to AWS for `functions/sweep-worker.ts`: built once per
 * container. The scale benchmark builds one per simulated container the same way, with its
 * registry model as the request handler.
 *
 * @module
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  type CrossAccountSettings,
  createAccountAccess,
  SDK_RETRY,
  SDK_RETRY_BULK,
  type SdkRequestHandler,
} from '#lib/aws/index.ts';
import { logEnforcementResult } from '#lib/enforcement/index.ts';
import type { Logger } from '#lib/observability/logger.ts';
import type { Standard } from '#lib/standard/index.ts';
import type { RunSweepMessagesDeps } from './run-sweep-messages.ts';
import { sqsSweepQueue } from './sqs-sweep-queue.ts';

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
  /** The sweep queue, where the rest of a target too large for one invocation goes. */
  queueUrl: string;
}

/** What the worker knows of the invocation it runs in. */
export interface SweepInvocation {
  /** `context.getRemainingTimeInMillis`. */
  remainingMs(): number;
}

export interface SweepWorkerWiring {
  standard: Standard;
  /** Every remediation, exemption and violation is logged here with its reason. */
  logger: Logger;
  /** Sends every AWS request; default the SDK's own (HTTPS). */
  requestHandler?: SdkRequestHandler;
  now?: () => Date;
}

/**
 * The dependencies of the sweep worker's use case, per invocation: sweep clients (adaptive
 * retry) acting in each message's account through its member role, the allow-list, a log line
 * per repository, and the continuation of a target that does not fit the invocation's time
 * (a message on the sweep queue). The clients are built once, by this call.
 *
 * @example
 * ```ts
 * const depsFor = createSweepWorkerDeps(
 *   { region: environment.region, crossAccount: environment.crossAccount, queueUrl },
 *   { standard, logger },
 * );
 * const { batchItemFailures } = await runSweepMessages(
 *   records,
 *   depsFor({ remainingMs: () => context.getRemainingTimeInMillis() }),
 * );
 * ```
 */
export function createSweepWorkerDeps(
  settings: SweepWorkerSettings,
  wiring: SweepWorkerWiring,
): (invocation: SweepInvocation) => RunSweepMessagesDeps {
  const { clients, allowList } = createAccountAccess({
    crossAccount: settings.crossAccount,
    region: settings.region,
    sessionName: 'ecr-guard-sweep-worker',
    retry: SDK_RETRY_BULK,
    ...(wiring.requestHandler === undefined ? {} : { requestHandler: wiring.requestHandler }),
  });
  const queue = sqsSweepQueue(
    new SQSClient({
      region: settings.region,
      ...SDK_RETRY,
      ...(wiring.requestHandler === undefined ? {} : { requestHandler: wiring.requestHandler }),
    }),
    settings.queueUrl,
    settings.region,
  );
  const { logger } = wiring;
  const deps: RunSweepMessagesDeps = {
    gatewayFor: (target) => clients.ecrGateway(target),
    standard: wiring.standard,
    now: wiring.now ?? (() => new Date()),
    refusal: (account) => allowList.refusal(account),
    concurrency: { perTarget: WORKER_CONCURRENCY_PER_TARGET },
    onEvent: (swept) => {
      if (swept.type === 'repository') {
        logEnforcementResult(logger, { outcome: 'enforced', repositories: [swept.report] });
      }
    },
  };
  return (invocation) => ({
    ...deps,
    continuation: { queue, remainingMs: () => invocation.remainingMs() },
  });
}
