import { SDK_CALL_BOUND_MS } from '#lib/aws/client-factory.ts';
import { AwsAdapterError, AwsCallError, RepositoryNotFoundError } from '#lib/aws/errors.ts';
import {
  type AnyFact,
  type AnyRegistryFact,
  type AnyRepositoryFact,
  type ControlEvaluation,
  type Exemption,
  type FactReader,
  type GuardFinding,
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
  monthlyStorageCost,
  type Standard,
  type StandardSections,
  scopesNeedTags,
  storagePriceFor,
} from '#lib/standard/index.ts';
import { acquireRemediationLease } from './acquire-remediation-lease.ts';
import { decide } from './decide.ts';
import {
  RemediationInProgressError,
  RemediationLeaseEndingError,
  type RemediationLock,
  repositoryLockKey,
} from './remediation-lock.ts';
import type { ControlOutcome, RepositoryEvidence, RepositoryReport } from './repository-report.ts';

/**
 * The calls a remediation makes under its repository's lock at most: one round of reads (made
 * at once), then at most one write per repository-level control, a registry-wide write with a
 * read of its own (it is merged into the registry's document as it is then).
 */
const CALLS_UNDER_LOCK =
  1 +
  REPOSITORY_CONTROLS.reduce(
    (calls, control) =>
      calls +
      Math.max(
        0,
        ...Object.values(control.remediations).map((kind) => (kind.registryWide ? 2 : 1)),
      ),
    0,
  );

/**
 * How long a remediation holds its repository's lock at most (a crashed holder frees it
 * then): longer than the longest remediation can run, its calls under the lock each bounded
 * by the SDK's timeouts and retries (`SDK_CALL_BOUND_MS`). A write is not started when the
 * lease could end before it does (`RemediationLeaseEndingError`), so no write ever runs
 * outside the lease.
 */
export const REMEDIATION_LEASE_MS = CALLS_UNDER_LOCK * SDK_CALL_BOUND_MS;

/** How long a remediation waits for another holder of its repository's lock, by default. */
export const DEFAULT_LOCK_WAIT_MS = 20_000;

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
   * Taken before writing, so that duplicate or simultaneous deliveries (events, sweeps) on one
   * repository make each write once: the others wait for it, read again and find the
   * repository fixed; one that waited `lockWaitMs` in vain gets
   * {@link RemediationInProgressError}, for a retry. Without it, writes are made unguarded.
   */
  lock?: RemediationLock;
  /** How long to wait for another holder of the lock, in ms (default {@link DEFAULT_LOCK_WAIT_MS}). */
  lockWaitMs?: number;
  /**
   * When to read the repository's tags: `when-needed` (default) only when a control is not
   * compliant (exemptions decide then) or a scope matches by tag; `always` also for a
   * compliant repository, so a report lists every exemption in force and every owning team
   * (one more read per repository).
   */
  readTags?: 'when-needed' | 'always';
  /** The repository-level controls; default every registered one. */
  controls?: readonly RepositoryControl[];
  /**
   * An audit (`ecr-guard audit`, an audit sweep): the controls' guards may look deeper than
   * their evaluation and measure the repository's storage (the lifecycle control with
   * `lifecycle.auditImages`). Default false.
   */
  audit?: boolean;
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

/**
 * Reads each fact once, like {@link readFacts}, but a fact AWS refuses for good (access denied,
 * an API the account lacks: an `AwsCallError` that retrying cannot mend) is set aside with
 * why, so that only the controls judging it go unchecked. A missing repository and what
 * retrying may mend (throttling, 5xx) are thrown: the event is tried again.
 */
async function readFactsSettled(
  reader: FactReader,
  ref: RepositoryRef,
  facts: readonly (AnyRepositoryFact | AnyRegistryFact)[],
): Promise<{ facts: Facts; unreadable: ReadonlyMap<string, string> }> {
  const unique = [...new Map(facts.map((f) => [f.name, f])).values()];
  const settled = await Promise.allSettled(
    unique.map((fact) =>
      fact.level === 'repository'
        ? reader.readRepositoryFact(fact, ref)
        : reader.readRegistryFact(fact),
    ),
  );
  const read: Facts = {};
  const unreadable = new Map<string, string>();
  settled.forEach((result, index) => {
    const name = unique[index]?.name ?? '';
    if (result.status === 'fulfilled') {
      read[name] = result.value;
      return;
    }
    const error: unknown = result.reason;
    if (error instanceof AwsCallError && !error.retryable) unreadable.set(name, error.message);
    else throw error;
  });
  return { facts: read, unreadable };
}

/** The outcomes of the controls judged and of those not checked, in the controls' order. */
function inOrder(
  on: readonly Applied[],
  judged: readonly ControlOutcome[],
  notChecked: readonly ControlOutcome[],
): ControlOutcome[] {
  const all = [...judged, ...notChecked];
  return on.flatMap((a) => all.filter((o) => o.control === a.control.name));
}

/** Why a control cannot be judged: a fact it reads could not be read, or `undefined`. */
function unreadableReason(
  applied: Applied,
  unreadable: ReadonlyMap<string, string>,
): string | undefined {
  for (const fact of applied.control.reads) {
    const why = unreadable.get(fact.name);
    if (why !== undefined) return `its state could not be read: ${why}`;
  }
  return undefined;
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
 * Reads the facts a control's guard asks for, each once per repository, and only those it
 * declares (least privilege is derived from the declarations). A fact the controls already
 * read (`known`: the images tag-strategy judges, which the lifecycle guard reads too) is
 * served as it was read, not read again.
 */
function guardReader(
  reader: FactReader,
  ref: RepositoryRef,
  known: Facts = {},
): (control: RepositoryControl) => <F extends AnyFact>(fact: F) => Promise<unknown> {
  const read = new Map<string, Promise<unknown>>(
    Object.entries(known).map(([name, value]) => [name, Promise.resolve(value)]),
  );
  return (control) => (fact) => {
    if (!(control.guard?.reads ?? []).some((declared) => declared.name === fact.name)) {
      throw new Error(`the guard of ${control.name} reads ${fact.name}, which it does not declare`);
    }
    let value = read.get(fact.name);
    if (value === undefined) {
      value =
        fact.level === 'repository'
          ? reader.readRepositoryFact(fact, ref)
          : reader.readRegistryFact(fact);
      read.set(fact.name, value);
    }
    return value;
  };
}

/** Runs a control's guard on this occasion, when it applies: nothing is read otherwise. */
async function runGuard(
  applied: Applied,
  occasion: { write?: Remediation; audit: boolean },
  context: {
    input: EnforceRepositoryInput;
    repository: RepositoryDescription;
    facts: Facts;
    read: ReturnType<typeof guardReader>;
    now: Date;
  },
): Promise<GuardFinding> {
  const guard = applied.control.guard;
  if (guard === undefined) return {};
  if (occasion.write === undefined && !occasion.audit) return {};
  if (!guard.applies(applied.config as never, occasion as never)) return {};
  const { input, repository, facts } = context;
  return guard.check({
    ...occasion,
    state: { ...facts, account: input.account, region: input.region, repository } as never,
    config: applied.config as never,
    read: context.read(applied.control) as never,
    now: context.now,
  } as never);
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
 * 5. let the guards of the controls about to write (and, in an audit, of every control) take
 *    their second look: a guard may read more facts, hold a write (the control is then a
 *    violation with the reason) and measure the repository's storage;
 * 6. make the writes of the controls that are neither compliant, exempt nor held (none in a
 *    dry run), under the lock, each as the state read again under the lock asks for.
 *
 * A compliant repository costs reads only, its guards nothing outside an audit. A repository
 * deleted meanwhile is skipped.
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
  const on = appliedControls(controls, sections);

  // 2. The repository and the facts its controls judge, at once. A control whose facts AWS
  // refuses for good is not checked; the others are judged all the same.
  const [repository, { facts, unreadable }] = await Promise.all([
    input.description ?? reader.readRepositoryFact(repositoryFact, ref),
    readFactsSettled(
      reader,
      ref,
      on.flatMap((a) => a.control.reads),
    ),
  ]);
  if (repository === undefined) {
    return skipped(input, `repository ${input.repositoryName} does not exist`);
  }
  ref.repositoryArn = repository.repositoryArn || ref.repositoryArn;
  const notChecked: ControlOutcome[] = [];
  const applied = on.filter((a) => {
    const reason = unreadableReason(a, unreadable);
    if (reason !== undefined) {
      notChecked.push({ control: a.control.name, status: 'not-checked', reason, writes: [] });
    }
    return reason === undefined;
  });

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
  const audit = deps.audit === true;
  const auditGuards =
    audit && applied.some((a) => a.control.guard?.applies(a.config as never, { audit }));
  if (open.length === 0 && deps.readTags !== 'always' && tags === undefined && !auditGuards) {
    report.controls = inOrder(
      on,
      applied.map((a) => ({ control: a.control.name, status: 'compliant', writes: [] })),
      notChecked,
    );
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
  const team = tags[standard.ownership.teamTagKey] ?? ownerFromName(on, repository.repositoryName);
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

  // 5. The guards' second look, at what is about to be written (and everything in an audit).
  const read = guardReader(reader, ref, facts);
  const now = deps.now();
  const findings = await Promise.all(
    evaluations.map(({ applied: a, evaluation }) => {
      const exempt = exemptions.has(a.control.name as never);
      const write =
        evaluation.compliant || exempt || unknownHooks.has(a.control.name)
          ? undefined
          : evaluation.remediation;
      return runGuard(
        a,
        { ...(write === undefined ? {} : { write }), audit },
        {
          input,
          repository,
          facts,
          read,
          now,
        },
      );
    }),
  );

  // 6. Decide, and write.
  const writes: Remediation[] = [];
  for (const [index, { applied: a, evaluation: evaluated }] of evaluations.entries()) {
    const name = a.control.name;
    const finding = findings[index] ?? {};
    if (finding.storage !== undefined && report.storage === undefined) {
      report.storage = priced(finding.storage, standard, input.region);
    }
    // An audit's deeper look may find a compliant control failing (not when it is exempt).
    const evaluation: ControlEvaluation<Remediation> =
      evaluated.compliant && finding.violation !== undefined && !exemptions.has(name as never)
        ? { compliant: false, reason: finding.violation }
        : evaluated;
    if (evaluation.compliant) {
      report.controls.push({ control: name, status: 'compliant', writes: [] });
      continue;
    }
    const outcome = decide(name, evaluation, {
      exemption: exemptions.get(name as never) as Exemption | undefined,
      dryRun,
      holdWrites: unknownHooks.get(name) ?? finding.holdWrite,
    });
    if (outcome.status === 'remediated') writes.push(...outcome.writes);
    report.controls.push(outcome);
  }
  report.controls = inOrder(on, report.controls, notChecked);
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

/** A guard's storage figures, priced at the region's storage price (`cost` in the standard). */
function priced(
  figures: NonNullable<GuardFinding['storage']>,
  standard: Standard,
  region: string,
): NonNullable<RepositoryReport['storage']> {
  const price = storagePriceFor(standard.cost, region);
  return {
    images: figures.images,
    bytes: figures.bytes,
    freedBytes: figures.freedBytes,
    freedMonthlyCost: monthlyStorageCost(figures.freedBytes, price),
    currency: price.currency,
  };
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
  const waitMs = deps.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  const lease = await acquireRemediationLease(lock, key, { ttlMs: REMEDIATION_LEASE_MS, waitMs });
  if (lease === undefined) throw new RemediationInProgressError(report.repositoryName, waitMs);
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
    const read = guardReader(deps.reader, ref, facts);
    for (const outcome of remediated) {
      const a = again.find((x) => x.control.name === outcome.control);
      const evaluation = a === undefined ? undefined : evaluate(a, input, repository, facts);
      if (
        a === undefined ||
        evaluation === undefined ||
        evaluation.compliant ||
        !evaluation.remediation
      ) {
        // Fixed meanwhile by another invocation: nothing left to write here.
        fixedMeanwhile(outcome);
        continue;
      }
      // A write other than the one its guard passed is looked at again before it is made.
      const writes = remediationsOf(evaluation);
      const [write] = writes;
      if (write !== undefined && JSON.stringify(write) !== JSON.stringify(outcome.writes[0])) {
        const { holdWrite } = await runGuard(
          a,
          { write, audit: false },
          {
            input,
            repository,
            facts,
            read,
            now: deps.now(),
          },
        );
        if (holdWrite !== undefined) {
          outcome.status = 'violation';
          outcome.reason = `${evaluation.reason}; ${holdWrite}`;
          outcome.writes = [];
          continue;
        }
      }
      // The writes as the fresh state asks for them, not as the state read before the lock did.
      outcome.writes = writes;
      for (const each of writes) {
        if (lease.expiresAt - Date.now() < SDK_CALL_BOUND_MS) {
          throw new RemediationLeaseEndingError(input.repositoryName);
        }
        await writer.apply(each);
      }
    }
  } finally {
    await lease.release();
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
