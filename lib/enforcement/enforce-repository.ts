import {
  AwsAdapterError,
  type RemediationWriter,
  type RepositoryDescription,
  RepositoryNotFoundError,
  type RepositoryReader,
} from '#lib/aws/index.ts';
import {
  CONTROLS,
  type ControlEvaluation,
  type ControlName,
  type Exemption,
  pullThroughCacheExemption,
  type Remediation,
  type RepositoryState,
  resolveExemptions,
} from '#lib/controls/index.ts';
import { type InUseSource, type LifecycleImage, repositoryStorage } from '#lib/lifecycle/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { guardLifecycleInUse } from './lifecycle-in-use-guard.ts';
import {
  RemediationInProgressError,
  type RemediationLock,
  repositoryLockKey,
} from './remediation-lock.ts';
import type { ControlOutcome, RepositoryReport } from './repository-report.ts';

/** Longest a remediation may hold its repository's lock (a crashed holder frees it then). */
const LOCK_TTL_MS = 60_000;

export interface EnforceRepositoryInput {
  account: string;
  region: string;
  repositoryName: string;
  /** Already read (a sweep lists repositories in pages): saves one call per repository. */
  description?: RepositoryDescription;
}

export interface EnforceRepositoryDeps {
  reader: RepositoryReader;
  writer: RemediationWriter;
  standard: Standard;
  /** Plan only: evaluate and report the writes, make none. */
  dryRun: boolean;
  now: () => Date;
  /**
   * Taken before writing, so that duplicate or simultaneous events on one repository make
   * each write once: the losers get {@link RemediationInProgressError} and are retried.
   * Without it (a sweep, which owns its repositories), writes are made unguarded.
   */
  lock?: RemediationLock;
  /**
   * When to read the repository's tags: `when-needed` (default) only when a control is not
   * compliant (exemptions decide then); `always` also for a compliant repository, so a report
   * lists every exemption in force and every owning team (one more read per repository).
   */
  readTags?: 'when-needed' | 'always';
  /**
   * What runs in the account and region, read once per run, for the lifecycle control's
   * protection of images in use. Without it, a lifecycle policy that would expire anything
   * is not written (unknown is not safe).
   */
  inUse?: InUseSource;
  /** Also judge the current lifecycle policy against the images in use (an audit). */
  auditImages?: boolean;
}

/** The pull-through cache rules of the registry, or why they are unknown. */
type PullThroughCache = { prefixes: string[] } | { unreadable: string };

const NOT_NEEDED: PullThroughCache = { prefixes: [] };

async function readPullThroughCache(reader: RepositoryReader): Promise<PullThroughCache> {
  try {
    return { prefixes: await reader.getPullThroughCachePrefixes() };
  } catch (error) {
    if (error instanceof AwsAdapterError) return { unreadable: error.message };
    throw error;
  }
}

function skipped(input: EnforceRepositoryInput, skipReason: string): RepositoryReport {
  const { account, region, repositoryName } = input;
  return {
    account,
    region,
    repositoryName,
    outcome: 'skipped',
    skipReason,
    controls: [],
    ignoredExemptions: [],
  };
}

async function readState(
  input: EnforceRepositoryInput,
  reader: RepositoryReader,
): Promise<RepositoryState | undefined> {
  const [description, lifecyclePolicyText, registryScanning] = await Promise.all([
    input.description ?? reader.describeRepository(input.repositoryName),
    reader.getLifecyclePolicyText(input.repositoryName),
    reader.getRegistryScanning(),
  ]);
  if (description === undefined) return undefined;
  return {
    account: input.account,
    region: input.region,
    ...description,
    lifecyclePolicyText,
    registryScanning,
  };
}

/**
 * Brings one repository to the standard and says what it did.
 *
 * Primary course:
 * 1. read the repository, its lifecycle policy and the registry scanning configuration;
 * 2. evaluate every control (pure);
 * 3. only when something is not compliant (or `readTags: 'always'`): read the tags
 *    (exemptions, owning team) and, when the repository is not immutable, the registry's
 *    pull-through cache rules (a cache repository is exempt from immutability by default);
 * 4. make the writes of the controls that are neither compliant nor exempt (none in a dry run).
 *
 * A compliant repository costs reads only. A repository deleted meanwhile is skipped.
 *
 * @example
 * ```ts
 * const report = await enforceRepository(
 *   { account: '123456789012', region: 'us-east-1', repositoryName: 'payments-api' },
 *   { reader: gateway, writer: gateway, standard, dryRun: false, now: () => new Date() },
 * );
 * report.controls.map((c) => c.status); // ['remediated', 'compliant', 'compliant']
 * ```
 */
export async function enforceRepository(
  input: EnforceRepositoryInput,
  deps: EnforceRepositoryDeps,
): Promise<RepositoryReport> {
  try {
    return await enforce(input, deps);
  } catch (error) {
    if (error instanceof RepositoryNotFoundError) {
      return skipped(input, `repository ${input.repositoryName} no longer exists`);
    }
    throw error;
  }
}

/** What to do about a control that is not compliant. */
function decide(
  control: ControlName,
  evaluation: Extract<ControlEvaluation, { compliant: false }>,
  exemption: Exemption | undefined,
  dryRun: boolean,
): ControlOutcome {
  if (exemption !== undefined) {
    return { control, status: 'exempt', reason: exemption.reason, writes: [] };
  }
  if (evaluation.remediation === undefined) {
    return { control, status: 'violation', reason: evaluation.reason, writes: [] };
  }
  return {
    control,
    status: dryRun ? 'planned' : 'remediated',
    reason: evaluation.reason,
    writes: [evaluation.remediation],
  };
}

async function enforce(
  input: EnforceRepositoryInput,
  deps: EnforceRepositoryDeps,
): Promise<RepositoryReport> {
  const { reader, standard, dryRun } = deps;
  const state = await readState(input, reader);
  if (state === undefined) {
    return skipped(input, `repository ${input.repositoryName} does not exist`);
  }
  const evaluations = new Map<ControlName, ControlEvaluation>(
    CONTROLS.map((control) => [control.name, control.evaluate(state, standard)]),
  );
  // Read at most once, by the lifecycle protection and the audit's storage figures.
  let images: Promise<LifecycleImage[]> | undefined;
  const listImages = (name: string): Promise<LifecycleImage[]> => {
    images ??= reader.listImages(name);
    return images;
  };
  await guardLifecycleInUse(evaluations, state, {
    standard,
    listImages,
    inUse: deps.inUse,
    auditCurrentPolicy: deps.auditImages === true,
    now: deps.now,
  });
  const report: RepositoryReport = {
    account: state.account,
    region: state.region,
    repositoryName: state.repositoryName,
    outcome: 'checked',
    controls: [],
    ignoredExemptions: [],
  };
  if (deps.auditImages === true) {
    const all = await listImages(state.repositoryName);
    report.storage = repositoryStorage(
      all,
      standard.lifecycle.policy,
      standard.cost,
      state.region,
      deps.now(),
    );
  }
  const allCompliant = [...evaluations.values()].every((e) => e.compliant);
  if (allCompliant && deps.readTags !== 'always') {
    report.controls = CONTROLS.map((c) => ({ control: c.name, status: 'compliant', writes: [] }));
    return report;
  }

  const immutabilityOpen = evaluations.get('immutability')?.compliant === false;
  const [tags, pullThroughCache] = await Promise.all([
    reader.listTags(state.repositoryArn),
    immutabilityOpen && standard.immutability.exemptPullThroughCache
      ? readPullThroughCache(reader)
      : NOT_NEEDED,
  ]);
  const team = tags[standard.ownership.teamTagKey];
  if (team !== undefined) report.team = team;
  const { exemptions, ignored } = resolveExemptions(
    state.repositoryName,
    tags,
    standard,
    deps.now(),
  );
  if ('prefixes' in pullThroughCache && !exemptions.has('immutability')) {
    const cache = pullThroughCacheExemption(
      state.repositoryName,
      pullThroughCache.prefixes,
      standard,
    );
    if (cache !== undefined) exemptions.set('immutability', cache);
  }
  report.ignoredExemptions = ignored;
  report.exemptions = [...exemptions.values()];

  const writes: Remediation[] = [];
  for (const [control, evaluation] of evaluations) {
    if (evaluation.compliant) {
      report.controls.push({ control, status: 'compliant', writes: [] });
      continue;
    }
    let outcome = decide(control, evaluation, exemptions.get(control), dryRun);
    if (
      control === 'immutability' &&
      'unreadable' in pullThroughCache &&
      outcome.writes.length > 0
    ) {
      // Making a pull-through cache repository immutable breaks its updates: without the
      // rules, leave the tags alone and say why.
      outcome = {
        control,
        status: 'violation',
        reason: `${evaluation.reason}; not remediated: the pull-through cache rules could not be read (${pullThroughCache.unreadable}), so the repository may be a pull-through cache`,
        writes: [],
      };
    }
    if (outcome.status === 'remediated') writes.push(...outcome.writes);
    report.controls.push(outcome);
  }
  if (writes.length > 0) await writeGuarded(input, report, writes, deps);
  return report;
}

async function writeGuarded(
  input: EnforceRepositoryInput,
  report: RepositoryReport,
  writes: readonly Remediation[],
  deps: EnforceRepositoryDeps,
): Promise<void> {
  const { writer, lock } = deps;
  if (lock === undefined) {
    for (const write of writes) await writer.apply(write);
    return;
  }
  const key = repositoryLockKey(report.account, report.region, report.repositoryName);
  if (!(await lock.acquire(key, LOCK_TTL_MS))) {
    throw new RemediationInProgressError(report.repositoryName);
  }
  try {
    // The state was read before the lock: a duplicate delivery may have fixed the repository
    // and released the lock since. Read it again under the lock and write only what still
    // differs, so that each control is written once however the deliveries interleave.
    const { account, region, repositoryName } = input;
    const fresh = await readState({ account, region, repositoryName }, deps.reader);
    if (fresh === undefined) {
      throw new RepositoryNotFoundError(repositoryName, 'ecr:DescribeRepositories');
    }
    for (const outcome of report.controls) {
      if (outcome.status !== 'remediated') continue;
      const evaluation = CONTROLS.find((c) => c.name === outcome.control)?.evaluate(
        fresh,
        deps.standard,
      );
      if (evaluation === undefined || evaluation.compliant || !evaluation.remediation) {
        // Fixed meanwhile by another invocation: nothing left to write here.
        outcome.status = 'compliant';
        outcome.writes = [];
        delete outcome.reason;
        continue;
      }
      // The write as the fresh state asks for it, not as the state read before the lock did.
      outcome.writes = [evaluation.remediation];
      await writer.apply(evaluation.remediation);
    }
  } finally {
    await lock.release(key);
  }
}
