/**
 * Wires {@link runSweepMessages} to AWS for `functions/sweep-worker.ts`: built once per
 * container. The scale benchmark builds one per simulated container the same way, with its
 * registry model as the request handler.
 *
 * @module
 */
import {
  type CrossAccountSettings,
  createAccountAccess,
  SDK_RETRY_BULK,
  type SdkRequestHandler,
} from '#lib/aws/index.ts';
import { logEnforcementResult } from '#lib/enforcement/index.ts';
import type { Logger } from '#lib/observability/logger.ts';
import type { Standard } from '#lib/standard/index.ts';
import type { RunSweepMessagesDeps } from './run-sweep-messages.ts';

/** Where the worker runs and which accounts it may act in (its environment). */
export interface SweepWorkerSettings {
  region: string;
  /** `undefined`: single-account mode, every call with the function's own credentials. */
  crossAccount: CrossAccountSettings | undefined;
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
 * The dependencies of the sweep worker's use case: sweep clients (adaptive retry) acting in
 * each message's account through its member role, the allow-list, and a log line per
 * repository.
 *
 * @example
 * ```ts
 * const deps = createSweepWorkerDeps(
 *   { region: environment.region, crossAccount: environment.crossAccount },
 *   { standard, logger },
 * );
 * const { batchItemFailures } = await runSweepMessages(records, deps);
 * ```
 */
export function createSweepWorkerDeps(
  settings: SweepWorkerSettings,
  wiring: SweepWorkerWiring,
): RunSweepMessagesDeps {
  const { clients, allowList } = createAccountAccess({
    crossAccount: settings.crossAccount,
    region: settings.region,
    sessionName: 'ecr-guard-sweep-worker',
    retry: SDK_RETRY_BULK,
    ...(wiring.requestHandler === undefined ? {} : { requestHandler: wiring.requestHandler }),
  });
  const { logger } = wiring;
  return {
    gatewayFor: (target) => clients.ecrGateway(target),
    standard: wiring.standard,
    now: wiring.now ?? (() => new Date()),
    refusal: (account) => allowList.refusal(account),
    onEvent: (swept) => {
      if (swept.type === 'repository') {
        logEnforcementResult(logger, { outcome: 'enforced', repositories: [swept.report] });
      }
    },
  };
}
