import type { GatewayPool } from '#lib/controls/gateway-pool.ts';
import { enforceRepository } from '#lib/enforcement/enforce-repository.ts';
import { type OwnIdentity, ownChangeReason } from '#lib/enforcement/own-change.ts';
import type { RemediationLock } from '#lib/enforcement/remediation-lock.ts';
import type { RepositoryReport } from '#lib/enforcement/repository-report.ts';
import type { GuardEvent } from '#lib/events/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { sweep } from '#lib/sweep/sweep.ts';

export type EnforcementResult =
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'enforced'; repositories: RepositoryReport[] };

export interface HandleEnforcementEventDeps {
  gateways: GatewayPool;
  standard: Standard;
  dryRun: boolean;
  now: () => Date;
  /** Guards a repository's writes against duplicate and simultaneous events. */
  lock?: RemediationLock;
  /** ecr-guard's own roles, whose calls are not drift (see {@link ownChangeReason}). */
  identity: Omit<OwnIdentity, 'roleNames'>;
}

/**
 * Runs one normalized event through enforcement: the path shared by the Lambda and
 * `ecr-guard handle`.
 *
 * Primary course:
 * 1. keep only pushes, creations and drift made by someone other than ecr-guard (told apart by
 *    the exact ARNs of its roles, see {@link ownChangeReason});
 * 2. a repository event: enforce that repository;
 * 3. a registry-wide drift (`PutRegistryScanningConfiguration`): forget the cached registry
 *    configuration and enforce every repository of the registry.
 *
 * @example
 * ```ts
 * const result = await handleEnforcementEvent(normalizeEvent(raw), { gateways, standard, dryRun: false, now: () => new Date(), identity });
 * ```
 */
export async function handleEnforcementEvent(
  event: GuardEvent,
  deps: HandleEnforcementEventDeps,
): Promise<EnforcementResult> {
  if (event.kind === 'ignored') return { outcome: 'ignored', reason: event.reason };
  if (event.kind === 'basic-scan-completed' || event.kind === 'enhanced-scan-completed') {
    return { outcome: 'ignored', reason: `${event.kind} events are handled by report-findings` };
  }
  if (event.kind === 'finding-changed') {
    return { outcome: 'ignored', reason: 'finding-changed events are handled by report-findings' };
  }
  if (event.kind !== 'image-pushed') {
    const own = ownChangeReason(event.actor, event.account, {
      ...deps.identity,
      roleNames: deps.standard.identity.roleNames,
    });
    if (own !== undefined) return { outcome: 'ignored', reason: own };
  }

  const { account, region } = event;
  const gateway = deps.gateways.ecrGateway({ account, region });
  const enforceDeps = { ...deps, reader: gateway, writer: gateway };
  if (event.repositoryName !== undefined) {
    const report = await enforceRepository(
      { account, region, repositoryName: event.repositoryName },
      enforceDeps,
    );
    return { outcome: 'enforced', repositories: [report] };
  }

  gateway.forgetRegistryFacts();
  const repositories: RepositoryReport[] = [];
  let failure: { error: unknown } | undefined;
  // The sweep engine's bounded run over the one registry; a failure is rethrown once every
  // other repository was handled, so Lambda retries the event (writes are idempotent).
  for await (const swept of sweep(
    { targets: [{ account, region }], dryRun: deps.dryRun },
    { ...deps, gatewayFor: () => gateway },
  )) {
    if (swept.type === 'repository') repositories.push(swept.report);
    if (swept.type === 'repository-failed' || swept.type === 'target-failed') {
      failure ??= { error: swept.error };
    }
  }
  if (failure !== undefined) throw failure.error;
  return { outcome: 'enforced', repositories };
}
