import type { GatewayPool } from '#lib/controls/gateway-pool.ts';
import { enforceRegistry } from '#lib/enforcement/enforce-registry.ts';
import { enforceRepository } from '#lib/enforcement/enforce-repository.ts';
import { type OwnIdentity, ownChangeReason } from '#lib/enforcement/own-change.ts';
import type { RemediationLock } from '#lib/enforcement/remediation-lock.ts';
import type { RegistryReport, RepositoryReport } from '#lib/enforcement/repository-report.ts';
import { DRIFT_SCOPES, type GuardEvent, type ReplicationFailedEvent } from '#lib/events/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { sweep } from '#lib/sweep/sweep.ts';
import type { NoticeOutcome } from './send-notices.ts';

export type EnforcementResult =
  | { outcome: 'ignored'; reason: string }
  /** An image could not be replicated here: nothing to enforce, logged and counted. */
  | { outcome: 'replication-failed'; reason: string; event: ReplicationFailedEvent }
  | {
      outcome: 'enforced';
      repositories: RepositoryReport[];
      /** The registry-level controls, when the event could change them. */
      registry?: RegistryReport[];
      /** What each owning team was told of the writes (see `sendNotices`), when notices are on. */
      notices?: NoticeOutcome[];
    };

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

/** Repositories of one event enforced at once (a scan frequency change names many). */
const REPOSITORIES_AT_ONCE = 4;

function replicationFailure(event: ReplicationFailedEvent): string {
  const tag = event.imageTag === undefined ? '' : `:${event.imageTag}`;
  return `replication of ${event.repositoryName}${tag} (${event.imageDigest}) from ${event.sourceAccount}/${event.sourceRegion} failed`;
}

/**
 * Runs one normalized event through enforcement: the path shared by the Lambda and
 * `ecr-guard handle`.
 *
 * Primary course:
 * 1. keep only pushes, creations, repositories ECR filled itself (pull-through cache,
 *    replication), scan frequency changes and drift made by someone other than ecr-guard (told
 *    apart by the exact ARNs of its roles, see {@link ownChangeReason}); a failed replication
 *    is reported, not enforced;
 * 2. a repository event: enforce that repository (a scan frequency change: each it names);
 * 3. a registry drift (creation templates, account settings): forget the cached registry
 *    facts and enforce the registry-level controls;
 * 4. a registry scanning drift (`PutRegistryScanningConfiguration`): forget the cached
 *    registry facts and enforce the registry and every repository of it.
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
  if (event.kind === 'replication-failed') {
    return { outcome: 'replication-failed', reason: replicationFailure(event), event };
  }
  if (event.kind === 'repository-created' || event.kind === 'configuration-changed') {
    const own = ownChangeReason(event.actor, event.account, {
      ...deps.identity,
      roleNames: deps.standard.identity.roleNames,
    });
    if (own !== undefined) return { outcome: 'ignored', reason: own };
  }

  const { account, region } = event;
  const gateway = deps.gateways.ecrGateway({ account, region });
  const enforceDeps = { ...deps, reader: gateway, writer: gateway };
  if (event.kind === 'scan-frequency-changed') {
    return {
      outcome: 'enforced',
      repositories: await enforceEach(event.repositoryNames, { account, region }, enforceDeps),
    };
  }
  if (event.kind !== 'configuration-changed' || DRIFT_SCOPES[event.eventName] === 'repository') {
    const { repositoryName } = event;
    if (repositoryName !== undefined) {
      const report = await enforceRepository({ account, region, repositoryName }, enforceDeps);
      return { outcome: 'enforced', repositories: [report] };
    }
  }

  // The registry changed: what was read of it before is stale.
  gateway.forgetRegistryFacts();
  if (event.kind === 'configuration-changed' && DRIFT_SCOPES[event.eventName] === 'registry') {
    const registry = await enforceRegistry({ account, region }, enforceDeps);
    return { outcome: 'enforced', repositories: [], registry: [registry] };
  }
  const repositories: RepositoryReport[] = [];
  const registry: RegistryReport[] = [];
  let failure: { error: unknown } | undefined;
  // The sweep engine's bounded run over the one registry; a failure is rethrown once every
  // other repository was handled, so Lambda retries the event (writes are idempotent).
  for await (const swept of sweep(
    { targets: [{ account, region }], dryRun: deps.dryRun },
    { ...deps, gatewayFor: () => gateway },
  )) {
    if (swept.type === 'repository') repositories.push(swept.report);
    if (swept.type === 'registry') registry.push(swept.report);
    if (swept.type === 'repository-failed' || swept.type === 'target-failed') {
      failure ??= { error: swept.error };
    }
  }
  if (failure !== undefined) throw failure.error;
  return { outcome: 'enforced', repositories, registry };
}

/**
 * Enforces each named repository, a few at once; a failure is rethrown once the others were
 * handled, so that the event is retried (writes are idempotent).
 */
async function enforceEach(
  names: readonly string[],
  target: { account: string; region: string },
  deps: Parameters<typeof enforceRepository>[1],
): Promise<RepositoryReport[]> {
  const reports: RepositoryReport[] = [];
  let failure: { error: unknown } | undefined;
  for (let start = 0; start < names.length; start += REPOSITORIES_AT_ONCE) {
    const batch = names.slice(start, start + REPOSITORIES_AT_ONCE);
    const settled = await Promise.allSettled(
      batch.map((repositoryName) => enforceRepository({ ...target, repositoryName }, deps)),
    );
    for (const result of settled) {
      if (result.status === 'fulfilled') reports.push(result.value);
      else failure ??= { error: result.reason };
    }
  }
  if (failure !== undefined) throw failure.error;
  return reports;
}
