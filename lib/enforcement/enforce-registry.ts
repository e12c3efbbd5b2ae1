import { AwsAdapterError, AwsCallError } from '#lib/aws/errors.ts';
import {
  type AnyRegistryFact,
  type ControlEvaluation,
  type FactReader,
  REGISTRY_CONTROLS,
  type RegistryControl,
  type Remediation,
  type RemediationWriter,
} from '#lib/controls/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { decide } from './decide.ts';
import type { ControlOutcome, RegistryReport } from './repository-report.ts';

export interface EnforceRegistryDeps {
  reader: FactReader;
  writer: RemediationWriter;
  standard: Standard;
  /** Plan only: evaluate and report the writes, make none. */
  dryRun: boolean;
  /** The registry-level controls; default every registered one. */
  controls?: readonly RegistryControl[];
}

/** A registry fact as read: its value, or why it could not be read. */
type Read = { value: unknown } | { unreadable: string };

/**
 * Reads a registry fact. A failure that can pass (throttling, 5xx) is thrown, so that the
 * event or the sweep target is tried again; one that cannot (access denied, an API the
 * registry does not offer) makes the fact unreadable: its controls are reported not checked.
 */
async function readFact(reader: FactReader, fact: AnyRegistryFact): Promise<Read> {
  try {
    return { value: await reader.readRegistryFact(fact) };
  } catch (error) {
    if (error instanceof AwsCallError && error.retryable) throw error;
    if (error instanceof AwsAdapterError) return { unreadable: error.message };
    throw error;
  }
}

/**
 * Brings the registry of one account and region to the standard: the controls evaluated once
 * per registry (registry scanning, creation templates, VPC endpoints), under the base standard
 * (scopes choose repositories, not registries).
 *
 * Primary course:
 * 1. read, once each, the registry facts the controls that are on declare;
 * 2. evaluate every such control (pure); one whose facts could not be read is `not-checked`,
 *    with the reason, never compliant;
 * 3. make the writes of the fixable ones that are not compliant (none in a dry run); a
 *    report-only control's finding is a violation, never a write.
 *
 * @example
 * ```ts
 * const report = await enforceRegistry({ account, region }, { reader: gateway, writer: gateway, standard, dryRun: true });
 * report.controls.map((c) => `${c.control}=${c.status}`); // ['creation-templates=violation', …]
 * ```
 */
export async function enforceRegistry(
  target: { account: string; region: string },
  deps: EnforceRegistryDeps,
): Promise<RegistryReport> {
  const sections = deps.standard as unknown as Readonly<Record<string, unknown>>;
  const controls = (deps.controls ?? REGISTRY_CONTROLS).flatMap((control) => {
    const config = sections[control.section.key];
    return control.enabled?.(config as never) === false ? [] : [{ control, config }];
  });
  const facts = [
    ...new Map(controls.flatMap((c) => c.control.reads).map((f) => [f.name, f])).values(),
  ];
  const reads = await Promise.all(facts.map((fact) => readFact(deps.reader, fact)));
  const state: Record<string, unknown> = { ...target };
  const unreadable = new Map<string, string>();
  facts.forEach((fact, index) => {
    const read = reads[index];
    if (read === undefined) return;
    if ('value' in read) state[fact.name] = read.value;
    else unreadable.set(fact.name, read.unreadable);
  });
  const outcomes: ControlOutcome[] = [];
  for (const { control, config } of controls) {
    const missing = control.reads.flatMap((fact) => {
      const why = unreadable.get(fact.name);
      return why === undefined ? [] : [why];
    });
    if (missing.length > 0) {
      outcomes.push({
        control: control.name,
        status: 'not-checked',
        reason: `not checked: ${missing.join('; ')}`,
        writes: [],
      });
      continue;
    }
    const evaluation = control.evaluate(
      state as never,
      config as never,
      sections,
    ) as ControlEvaluation<Remediation>;
    if (evaluation.compliant) {
      outcomes.push({ control: control.name, status: 'compliant', writes: [] });
      continue;
    }
    const outcome = decide(control.name, evaluation, { exemption: undefined, dryRun: deps.dryRun });
    if (outcome.status === 'remediated') {
      for (const write of outcome.writes) await deps.writer.apply(write);
    }
    outcomes.push(outcome);
  }
  return { ...target, controls: outcomes };
}
