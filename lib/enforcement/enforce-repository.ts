import {
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
  type RepositoryState,
  resolveExemptions,
} from '#lib/controls/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import type { ControlOutcome, RepositoryReport } from './repository-report.ts';

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
 * 3. only when something is not compliant: read the tags (exemptions, owning team);
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
  const { reader, writer, standard, dryRun } = deps;
  const state = await readState(input, reader);
  if (state === undefined) {
    return skipped(input, `repository ${input.repositoryName} does not exist`);
  }
  const evaluations = new Map<ControlName, ControlEvaluation>(
    CONTROLS.map((control) => [control.name, control.evaluate(state, standard)]),
  );
  const report: RepositoryReport = {
    account: state.account,
    region: state.region,
    repositoryName: state.repositoryName,
    outcome: 'checked',
    controls: [],
    ignoredExemptions: [],
  };
  const allCompliant = [...evaluations.values()].every((e) => e.compliant);
  if (allCompliant) {
    report.controls = CONTROLS.map((c) => ({ control: c.name, status: 'compliant', writes: [] }));
    return report;
  }

  const tags = await reader.listTags(state.repositoryArn);
  const team = tags[standard.ownership.teamTagKey];
  if (team !== undefined) report.team = team;
  const { exemptions, ignored } = resolveExemptions(
    state.repositoryName,
    tags,
    standard,
    deps.now(),
  );
  report.ignoredExemptions = ignored;

  for (const [control, evaluation] of evaluations) {
    if (evaluation.compliant) {
      report.controls.push({ control, status: 'compliant', writes: [] });
      continue;
    }
    const outcome = decide(control, evaluation, exemptions.get(control), dryRun);
    if (outcome.status === 'remediated') {
      for (const write of outcome.writes) await writer.apply(write);
    }
    report.controls.push(outcome);
  }
  return report;
}
