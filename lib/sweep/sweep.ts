import {
  type FactReader,
  REGISTRY_CONTROLS,
  type RegistryControl,
  type RemediationWriter,
  type RepositoryDescription,
  type RepositoryPageLister,
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
export type SweepGateway = RepositoryPageLister & FactReader & RemediationWriter;

/**
 * How much time the caller has (a Lambda invocation): a target stops reading pages once
 * `remainingMs()` falls below `reserveMs` plus twice its slowest page so far, and finishes
 * with the token to resume from.
 */
export interface SweepBudget {
  remainingMs(): number;
  /** Kept back for what follows the sweep (sending the continuations, the reports). */
  reserveMs: number;
}

export interface SweepOptions {
  /**
   * A target with a `startToken` is swept from that page on (a part of a larger sweep): its
   * registry-level controls were enforced by the part that started at the first page.
   */
  targets: readonly (SweepTarget & { startToken?: string })[];
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
  /** Without one, every page of every target is swept. */
  budget?: SweepBudget;
  /** Repositories per DescribeRepositories page, 1–1,000; default 1,000. */
  pageSize?: number;
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

/** How one repository's sweep ended, for the target's resume point. */
type RepositoryOutcome = 'done' | 'failed' | 'failed-retryable';

async function sweepRepository(
  run: Run,
  target: SweepTarget,
  gateway: SweepGateway,
  description: RepositoryDescription,
): Promise<RepositoryOutcome> {
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
    return 'done';
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
    return retryable ? 'failed-retryable' : 'failed';
  }
}

/** Whether a target should stop before its next page. */
function outOfTime(budget: SweepBudget | undefined, slowestPageMs: number): boolean {
  return budget !== undefined && budget.remainingMs() < budget.reserveMs + 2 * slowestPageMs;
}

/** One page of a target being swept: where it starts, and what is left of it. */
interface PageState {
  /** The token this page was read with (`undefined`: the first page of the listing). */
  token: string | undefined;
  /** Repositories not swept to the end (not started, or failed in a way that may pass). */
  unfinished: number;
}

async function sweepTarget(run: Run, part: SweepTarget & { startToken?: string }): Promise<void> {
  const { channel, overall } = run;
  const { budget } = run.options;
  const target: SweepTarget = { account: part.account, region: part.region };
  if (channel.closed) return;
  channel.push({ type: 'target-started', target });
  const perTarget = createLimiter(run.perTarget);
  const pending: Promise<void>[] = [];
  const pages: PageState[] = [];
  let repositories = 0;
  let nextToken = part.startToken;
  let failure: unknown;
  let failed = false;
  /** Why the target stopped before its end: time ran short, or AWS refused for now. */
  let stop: { backoff?: string } | undefined;
  const clock = (): number => run.deps.now().getTime();
  try {
    const gateway = run.deps.gatewayFor(target);
    // The registry-level controls, once per target (by its first part), beside the repositories.
    const registryControls = run.deps.registryControls ?? REGISTRY_CONTROLS;
    if (registryControls.length > 0 && part.startToken === undefined) {
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
    let previous: Promise<unknown> = Promise.resolve();
    let previousDoneAt = clock();
    let slowestPageMs = 0;
    // Listing is one call per page: it runs outside the limiters, one page ahead of the
    // repositories being swept, so that a stop leaves at most one page to finish.
    for await (const page of gateway.listRepositoryPages({
      pageSize: run.options.pageSize ?? 1000,
      ...(part.startToken === undefined ? {} : { startToken: part.startToken }),
    })) {
      if (channel.closed) break;
      const state: PageState = { token: nextToken, unfinished: page.repositories.length };
      pages.push(state);
      nextToken = page.nextToken;
      const queuedAt = clock();
      const swept = page.repositories.map((description) =>
        perTarget.run(() =>
          overall.run(async () => {
            // A target AWS throttles past the SDK's retries stops at once: the rest of it
            // waits for a continuation instead of spending attempts.
            if (stop?.backoff !== undefined) return;
            repositories += 1;
            const outcome = await sweepRepository(run, target, gateway, description);
            if (outcome === 'failed-retryable' && budget !== undefined) {
              stop = { backoff: 'AWS throttled or failed a repository past its retries' };
              return;
            }
            state.unfinished -= 1;
          }),
        ),
      );
      const done = Promise.all(swept).then(() => {
        const doneAt = clock();
        slowestPageMs = Math.max(slowestPageMs, doneAt - Math.max(queuedAt, previousDoneAt));
        previousDoneAt = doneAt;
      });
      pending.push(done);
      await previous;
      previous = done;
      if (stop !== undefined) break;
      // Out of time with pages left: the rest is a continuation.
      if (nextToken !== undefined && outOfTime(budget, slowestPageMs)) {
        stop = {};
        break;
      }
    }
  } catch (error) {
    const described = describeFailure(error);
    if (budget !== undefined && described.retryable) {
      // The page could not be read for now (throttled, the member role's STS call throttled):
      // continue from it later.
      stop = { backoff: described.reason };
      pages.push({ token: nextToken, unfinished: 1 });
    } else {
      failed = true;
      failure = error;
    }
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
    return;
  }
  const unfinished = pages.find((p) => p.unfinished > 0);
  const resume =
    stop === undefined && unfinished === undefined
      ? undefined
      : unfinished !== undefined
        ? { token: unfinished.token, progressed: pages[0] !== unfinished }
        : { token: nextToken, progressed: true };
  channel.push({
    type: 'target-finished',
    target,
    repositories,
    ...(resume === undefined
      ? {}
      : {
          resume: {
            ...(resume.token === undefined ? {} : { startToken: resume.token }),
            progressed: resume.progressed,
            ...(stop?.backoff === undefined ? {} : { backoff: stop.backoff }),
          },
        }),
  });
}

/**
 * Sweeps every repository of every target and streams what happens as it completes.
 *
 * Primary course, per (account, region), several at once:
 * 1. list the repositories page by page, from the target's `startToken` if it has one (the
 *    member role is assumed by the gateway's client); the registry-level controls beside;
 * 2. per repository, within the per-target and overall bounds: enforce it with the listed
 *    description (lifecycle policy, tags when needed, the registry scanning configuration
 *    read once per gateway), making only the writes that differ (none with `dryRun`);
 * 3. with a `budget`, stop reading pages when time runs short: the target finishes with
 *    `resume`, the page to continue from;
 * 4. a target that cannot be listed is reported with its reason; the others go on.
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
