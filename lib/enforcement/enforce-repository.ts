import { AwsAdapterError, RepositoryNotFoundError } from '#lib/aws/errors.ts';
import {
  type AnyRegistryFact,
  type AnyRepositoryFact,
  type ControlEvaluation,
  type Exemption,
  type FactReader,
  REPOSITORY_CONTROLS,
  type Remediation,
  type RemediationWriter,
  type RepositoryControl,
  type RepositoryDescription,
  type RepositoryRef,
  remediationsOf,
  repositoryFact,
  resolveExemptions,
  tagsFact,
} from '#lib/controls/index.ts';
import { repositoryArnOf } from '#lib/events/repository-arn.ts';
import {
  effectiveStandard,
  type Standard,
  type StandardSections,
  scopesNeedTags,
} from '#lib/standard/index.ts';
import { decide } from './decide.ts';
import {
  RemediationInProgressError,
  type RemediationLock,
  repositoryLockKey,
} from './remediation-lock.ts';
import type { ControlOutcome, RepositoryEvidence, RepositoryReport } from './repository-report.ts';

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
  reader: FactReader;
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
   * compliant (exemptions decide then) or a scope matches by tag; `always` also for a
   * compliant repository, so a report lists every exemption in force and every owning team
   * (one more read per repository).
   */
  readTags?: 'when-needed' | 'always';
  /** The repository-level controls; default every registered one. */
  controls?: readonly RepositoryControl[];
}

/** A control as it applies to this repository: its configuration under the repository's scope. */
interface Applied {
  control: RepositoryControl;
  config: unknown;
  /** Every section under the repository's scope (for rules that read another's). */
  sections: StandardSections;
}

/** The facts read for one repository, by fact name. */
type Facts = Record<string, unknown>;

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

function sectionOf(sections: StandardSections, control: RepositoryControl): unknown {
  return (sections as Record<string, unknown>)[control.section.key];
}

/** The controls on under this scope, with their configuration. */
function appliedControls(
  controls: readonly RepositoryControl[],
  sections: StandardSections,
): Applied[] {
  return controls.flatMap((control) => {
    const config = sectionOf(sections, control);
    return control.enabled?.(config as never) === false ? [] : [{ control, config, sections }];
  });
}

/**
 * The owning team the repository's name tells (a control's `section.owner`, the naming
 * control's `{team}` segment), for a repository without a team tag.
 */
function ownerFromName(applied: readonly Applied[], repositoryName: string): string | undefined {
  for (const { control, config } of applied) {
    const team = control.section.owner?.(repositoryName, config as never);
    if (team !== undefined) return team;
  }
  return undefined;
}

/** Reads each fact once, whatever number of controls declared it. */
async function readFacts(
  reader: FactReader,
  ref: RepositoryRef,
  facts: readonly (AnyRepositoryFact | AnyRegistryFact)[],
): Promise<Facts> {
  const unique = [...new Map(facts.map((f) => [f.name, f])).values()];
  const values = await Promise.all(
    unique.map((fact) =>
      fact.level === 'repository'
        ? reader.readRepositoryFact(fact, ref)
        : reader.readRegistryFact(fact),
    ),
  );
  return Object.fromEntries(unique.map((fact, index) => [fact.name, values[index]]));
}

function evaluate(
  applied: Applied,
  input: EnforceRepositoryInput,
  repository: RepositoryDescription,
  facts: Facts,
): ControlEvaluation<Remediation> {
  const state = { ...facts, account: input.account, region: input.region, repository };
  return applied.control.evaluate(
    state as never,
    applied.config as never,
    applied.sections as unknown as Readonly<Record<string, unknown>>,
  ) as ControlEvaluation<Remediation>;
}

/**
 * Brings one repository to the standard and says what it did.
 *
 * Primary course:
 * 1. choose the scope of the standard that applies (reading the tags first only when a scope
 *    matches by tag);
 * 2. read the repository and, once each, the facts its controls declare;
 * 3. evaluate every control that is on (pure);
 * 4. only when something is not compliant (or `readTags: 'always'`): read the tags
 *    (exemptions, owning team) and the facts of the exemption hooks of the controls not
 *    compliant (a pull-through cache repository is exempt from immutability by default);
 * 5. make the writes of the controls that are neither compliant nor exempt (none in a dry
 *    run), under the lock, each as the state read again under the lock asks for.
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

async function enforce(
  input: EnforceRepositoryInput,
  deps: EnforceRepositoryDeps,
): Promise<RepositoryReport> {
  const { reader, standard, dryRun } = deps;
  const controls = deps.controls ?? REPOSITORY_CONTROLS;
  const ref: RepositoryRef = {
    repositoryName: input.repositoryName,
    repositoryArn: input.description?.repositoryArn ?? repositoryArnOf(input),
  };

  // 1. The scope: by name, or by name and tags.
  let tags: Record<string, string> | undefined;
  if (scopesNeedTags(standard)) tags = await reader.readRepositoryFact(tagsFact, ref);
  const { scope, sections } = effectiveStandard(standard, input.repositoryName, tags);
  const applied = appliedControls(controls, sections);

  // 2. The repository and the facts its controls judge, at once.
  const [repository, facts] = await Promise.all([
    input.description ?? reader.readRepositoryFact(repositoryFact, ref),
    readFacts(
      reader,
      ref,
      applied.flatMap((a) => a.control.reads),
    ),
  ]);
  if (repository === undefined) {
    return skipped(input, `repository ${input.repositoryName} does not exist`);
  }
  ref.repositoryArn = repository.repositoryArn || ref.repositoryArn;

  // 3. Evaluate.
  const evaluations = applied.map((a) => ({
    applied: a,
    evaluation: evaluate(a, input, repository, facts),
  }));
  const report: RepositoryReport = {
    account: input.account,
    region: input.region,
    repositoryName: repository.repositoryName,
    outcome: 'checked',
    scope,
    controls: [],
    ignoredExemptions: [],
    state: evidenceOf(repository, facts),
  };
  const open = evaluations.filter((e) => !e.evaluation.compliant);
  if (open.length === 0 && deps.readTags !== 'always' && tags === undefined) {
    report.controls = applied.map((a) => ({
      control: a.control.name,
      status: 'compliant',
      writes: [],
    }));
    return report;
  }

  // 4. Tags and the exemption hooks of the controls not compliant.
  const hooked = open.flatMap(({ applied: a }) => {
    const hook = a.control.exemption;
    return hook?.active(a.config as never) === true ? [{ name: a.control.name, hook }] : [];
  });
  const [readTags, hookFacts] = await Promise.all([
    tags ?? reader.readRepositoryFact(tagsFact, ref),
    Promise.all(hooked.map(({ hook }) => readHookFacts(reader, ref, hook.reads))),
  ]);
  tags = readTags;
  // A team tag says who owns it; without one, its name may (the naming control's {team}).
  const team =
    tags[standard.ownership.teamTagKey] ?? ownerFromName(applied, repository.repositoryName);
  if (team !== undefined) report.team = team;
  const { exemptions, ignored } = resolveExemptions(
    repository.repositoryName,
    tags,
    standard.exemptions,
    deps.now(),
  );
  const unknownHooks = new Map<string, string>();
  hooked.forEach(({ name, hook }, index) => {
    const read = hookFacts[index];
    if (read === undefined || exemptions.has(name as never)) return;
    if ('unreadable' in read) {
      unknownHooks.set(name, hook.unknown(read.unreadable));
      return;
    }
    const reason = hook.exempt(repository.repositoryName, read.facts);
    if (reason !== undefined) {
      exemptions.set(name as never, { control: name as never, source: hook.source, reason });
    }
  });
  report.ignoredExemptions = ignored;
  report.exemptions = [...exemptions.values()];

  // 5. Decide, and write.
  const writes: Remediation[] = [];
  for (const { applied: a, evaluation } of evaluations) {
    const name = a.control.name;
    if (evaluation.compliant) {
      report.controls.push({ control: name, status: 'compliant', writes: [] });
      continue;
    }
    const outcome = decide(name, evaluation, {
      exemption: exemptions.get(name as never) as Exemption | undefined,
      dryRun,
      holdWrites: unknownHooks.get(name),
    });
    if (outcome.status === 'remediated') writes.push(...outcome.writes);
    report.controls.push(outcome);
  }
  if (writes.length > 0) {
    await writeGuarded(
      { ...input, repositoryName: repository.repositoryName },
      report,
      applied,
      deps,
    );
  }
  return report;
}

/** The hook's facts, or why they could not be read (an AWS failure; anything else is thrown). */
async function readHookFacts(
  reader: FactReader,
  ref: RepositoryRef,
  facts: readonly AnyRegistryFact[],
): Promise<{ facts: Facts } | { unreadable: string }> {
  try {
    return { facts: await readFacts(reader, ref, facts) };
  } catch (error) {
    if (error instanceof AwsAdapterError) return { unreadable: error.message };
    throw error;
  }
}

async function writeGuarded(
  input: EnforceRepositoryInput,
  report: RepositoryReport,
  applied: readonly Applied[],
  deps: EnforceRepositoryDeps,
): Promise<void> {
  const { writer, lock } = deps;
  const remediated = report.controls.filter((c) => c.status === 'remediated');
  if (lock === undefined) {
    for (const outcome of remediated) for (const write of outcome.writes) await writer.apply(write);
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
    const again = applied.filter((a) => remediated.some((o) => o.control === a.control.name));
    const ref = { repositoryName: input.repositoryName, repositoryArn: repositoryArnOf(input) };
    const [repository, facts] = await Promise.all([
      deps.reader.readRepositoryFact(repositoryFact, ref),
      readFacts(
        deps.reader,
        ref,
        again.flatMap((a) => a.control.reads),
      ),
    ]);
    if (repository === undefined) {
      throw new RepositoryNotFoundError(input.repositoryName, 'ecr:DescribeRepositories');
    }
    // The writes replace the fresh state: that is what a report's diff is against.
    report.state = { ...report.state, ...evidenceOf(repository, facts) };
    for (const outcome of remediated) {
      const a = again.find((x) => x.control.name === outcome.control);
      const evaluation = a === undefined ? undefined : evaluate(a, input, repository, facts);
      if (evaluation === undefined || evaluation.compliant || !evaluation.remediation) {
        // Fixed meanwhile by another invocation: nothing left to write here.
        fixedMeanwhile(outcome);
        continue;
      }
      // The writes as the fresh state asks for them, not as the state read before the lock did.
      outcome.writes = remediationsOf(evaluation);
      for (const write of outcome.writes) await writer.apply(write);
    }
  } finally {
    await lock.release(key);
  }
}

/**
 * The state the controls judged, flat, as reports show it: the repository's description and
 * every fact by name (a fact is named as the field a remediation writes in its place).
 */
function evidenceOf(repository: RepositoryDescription, facts: Facts): RepositoryEvidence {
  return { ...facts, ...repository };
}

function fixedMeanwhile(outcome: ControlOutcome): void {
  outcome.status = 'compliant';
  outcome.writes = [];
  delete outcome.reason;
}
