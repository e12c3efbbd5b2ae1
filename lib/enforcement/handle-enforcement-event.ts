import type { ClientFactory } from '#lib/aws/index.ts';
import type { Actor, GuardEvent } from '#lib/events/index.ts';
import type { InUseSource } from '#lib/lifecycle/index.ts';
import { matchesWildcard, type Standard } from '#lib/standard/index.ts';
import { sweep } from '#lib/sweep/sweep.ts';
import { enforceRepository } from './enforce-repository.ts';
import type { RemediationLock } from './remediation-lock.ts';
import type { RepositoryReport } from './repository-report.ts';

export type EnforcementResult =
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'enforced'; repositories: RepositoryReport[] };

export interface HandleEnforcementEventDeps {
  clients: ClientFactory;
  standard: Standard;
  dryRun: boolean;
  now: () => Date;
  /** Guards a repository's writes against duplicate and simultaneous events. */
  lock?: RemediationLock;
  /** What runs in the event's account and region (the lifecycle control's protection). */
  inUse?: InUseSource;
}

/** Whether the call was made by one of ecr-guard's own roles (acting on it would loop). */
export function isOwnChange(actor: Actor, standard: Standard): boolean {
  const roleName = actor.roleName;
  if (roleName === undefined) return false;
  return standard.identity.roleNames.some((pattern) => matchesWildcard(pattern, roleName));
}

/**
 * Runs one normalized event through enforcement: the path shared by the Lambda and
 * `ecr-guard handle`.
 *
 * Primary course:
 * 1. keep only pushes, creations and drift made by someone other than ecr-guard;
 * 2. a repository event: enforce that repository;
 * 3. a registry-wide drift (`PutRegistryScanningConfiguration`): forget the cached registry
 *    configuration and enforce every repository of the registry.
 *
 * @example
 * ```ts
 * const result = await handleEnforcementEvent(normalizeEvent(raw), { clients, standard, dryRun: false, now: () => new Date() });
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
  if (event.kind !== 'image-pushed' && isOwnChange(event.actor, deps.standard)) {
    return {
      outcome: 'ignored',
      reason: `change made by ecr-guard itself (role ${event.actor.roleName})`,
    };
  }

  const { account, region } = event;
  const gateway = deps.clients.ecrGateway({ account, region });
  const enforceDeps = { ...deps, reader: gateway, writer: gateway };
  if (event.repositoryName !== undefined) {
    const report = await enforceRepository(
      { account, region, repositoryName: event.repositoryName },
      enforceDeps,
    );
    return { outcome: 'enforced', repositories: [report] };
  }

  gateway.invalidateRegistryScanning();
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
