import {
  type FactReader,
  REGISTRY_CONTROLS,
  type RegistryControl,
  type RemediationWriter,
  type RepositoryDescription,
  type RepositoryLister,
} from '#lib/controls/index.ts';
import { enforceRegistry } from '#lib/enforcement/enforce-registry.ts';
import { enforceRepository } from '#lib/enforcement/enforce-repository.ts';
import type { RemediationLock } from '#lib/enforcement/remediation-lock.ts';
import type { Standard } from '#lib/standard/index.ts';
import { type AsyncChannel, createAsyncChannel } from './async-channel.ts';
import { describeFailure } from './describe-failure.ts';
import { createLimiter, type Limiter } from './limiter.ts';
import type { SweepEvent } from './sweep-event.ts';
import type { SweepTarget } from './sweep-target.ts';

/** Repositories handled at once in one account and region, by default. */
export const DEFAULT_CONCURRENCY_PER_TARGET = 16;
/** Repositories handled at once across every account and region, by default. */
export const DEFAULT_CONCURRENCY_OVERALL = 64;

/** What a sweep needs of the ECR of one account and region: the gateway fits. */
export type SweepGateway = RepositoryLister & FactReader & RemediationWriter;

export interface SweepOptions {
  targets: readonly SweepTarget[];
  /**
   * Plan only: evaluate, report the writes that would be made, make none. An audit is a
   * sweep with `dryRun: true`.
   */
  dryRun: boolean;
  /** Read every repository's tags (see `EnforceRepositoryDeps.readTags`); default `when-needed`. */
  readTags?: 'when-needed' | 'always';
  /** An audit: the controls' guards look deeper (see `EnforceRepositoryDeps.audit`). */
  audit?: boolean;
  concurrency?: {
    /** Default {@link DEFAULT_CONCURRENCY_PER_TARGET}. */
    perTarget?: number;
    /** Default {@link DEFAULT_CONCURRENCY_OVERALL}. */
    overall?: number;
  };
}

export interface SweepDeps {
  /** The gateway acting in a target: `(t) => clients.ecrGateway(t)`. */
  gatewayFor(target: SweepTarget): SweepGateway;
  standard: Standard;
  now: () => Date;
  /** Guards each repository's writes (see `EnforceRepositoryDeps.lock`); none by default. */
  lock?: RemediationLock;
  /** The registry-level controls, evaluated once per target; default every registered one. */
  registryControls?: readonly RegistryControl[];
}

interface Run {
  options: SweepOptions;
  deps: SweepDeps;
  channel: AsyncChannel<SweepEvent>;
  overall: Limiter;
  perTarget: number;
}

async function sweepRepository(
  run: Run,
  target: SweepTarget,
  gateway: SweepGateway,
  description: RepositoryDescription,
): Promise<void> {
  const { deps, options, channel } = run;
  try {
    const report = await enforceRepository(
      { ...target, repositoryName: description.repositoryName, description },
      {
        reader: gateway,
        writer: gateway,
        standard: deps.standard,
        dryRun: options.dryRun,
        now: deps.now,
        readTags: options.readTags ?? 'when-needed',
        audit: options.audit === true,
        ...(deps.lock === undefined ? {} : { lock: deps.lock }),
      },
    );
    channel.push({ type: 'repository', target, report });
  } catch (error) {
    const { reason, retryable } = describeFailure(error);
    channel.push({
      type: 'repository-failed',
      target,
      repositoryName: description.repositoryName,
      reason,
      retryable,
      error,
    });
  }
}

async function sweepTarget(run: Run, target: SweepTarget): Promise<void> {
  const { channel, overall } = run;
  if (channel.closed) return;
  channel.push({ type: 'target-started', target });
  const perTarget = createLimiter(run.perTarget);
  const pending: Promise<void>[] = [];
  let repositories = 0;
  let failure: unknown;
  let failed = false;
  try {
    const gateway = run.deps.gatewayFor(target);
    // The registry-level controls, once per target, beside the repositories.
    const registryControls = run.deps.registryControls ?? REGISTRY_CONTROLS;
    if (registryControls.length > 0) {
      pending.push(
        overall
          .run(async () => {
            const report = await enforceRegistry(target, {
              reader: gateway,
              writer: gateway,
              standard: run.deps.standard,
              dryRun: run.options.dryRun,
              controls: registryControls,
            });
            channel.push({ type: 'registry', target, report });
          })
          .catch((error: unknown) => {
            failed = true;
            failure ??= error;
          }),
      );
    }
    // Listing is one call per 1,000 repositories: it runs outside the limiters, and each
    // repository is handed to them as soon as its page arrives.
    for await (const description of gateway.listRepositories()) {
      if (channel.closed) break;
      repositories += 1;
      pending.push(
        perTarget.run(() => overall.run(() => sweepRepository(run, target, gateway, description))),
      );
    }
  } catch (error) {
    failed = true;
    failure = error;
  }
  await Promise.all(pending);
  if (failed) {
    channel.push({
      type: 'target-failed',
      target,
      repositories,
      ...describeFailure(failure),
      error: failure,
    });
  } else {
    channel.push({ type: 'target-finished', target, repositories });
  }
}

/**
 * Sweeps every repository of every target and streams what happens as it completes.
 *
 * Primary course, per (account, region), several at once:
 * 1. list the repositories (all pages; the member role is assumed by the gateway's client);
 * 2. per repository, within the per-target and overall bounds: enforce it with the listed
 *    description (lifecycle policy, tags when needed, the registry scanning configuration
 *    read once per gateway), making only the writes that differ (none with `dryRun`);
 * 3. a target that cannot be listed is reported with its reason; the others go on.
 *
 * Stop reading (`break`) to stop the sweep: nothing new is started.
 *
 * @example
 * ```ts
 * for await (const event of sweep(
 *   { targets: [{ account: '123456789012', region: 'eu-west-1' }], dryRun: true },
 *   { gatewayFor: (t) => clients.ecrGateway(t), standard, now: () => new Date() },
 * )) {
 *   if (event.type === 'repository') console.log(event.report.repositoryName);
 * }
 * ```
 */
export function sweep(options: SweepOptions, deps: SweepDeps): AsyncIterable<SweepEvent> {
  const overallLimit = options.concurrency?.overall ?? DEFAULT_CONCURRENCY_OVERALL;
  const run: Run = {
    options,
    deps,
    channel: createAsyncChannel<SweepEvent>(),
    overall: createLimiter(overallLimit),
    perTarget: Math.min(
      options.concurrency?.perTarget ?? DEFAULT_CONCURRENCY_PER_TARGET,
      overallLimit,
    ),
  };
  createLimiter(run.perTarget); // validates the per-target bound before anything starts
  // As many targets listed at once as could each get a slot: more would only wait.
  const targets = createLimiter(Math.max(1, Math.ceil(overallLimit / run.perTarget) * 2));
  Promise.all(options.targets.map((target) => targets.run(() => sweepTarget(run, target)))).then(
    () => run.channel.close(),
    (error: unknown) => run.channel.fail(error),
  );
  return run.channel;
}
