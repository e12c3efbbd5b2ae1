import {
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

/**
 * Brings the registry of one account and region to the standard: the controls evaluated once
 * per registry (registry scanning, creation templates, VPC endpoints), under the base standard
 * (scopes choose repositories, not registries).
 *
 * Primary course:
 * 1. read, once each, the registry facts the controls that are on declare;
 * 2. evaluate every such control (pure);
 * 3. make the writes of the fixable ones that are not compliant (none in a dry run); a
 *    report-only control's finding is a violation, never a write.
 *
 * @example
 * ```ts
 * const report = await enforceRegistry({ account, region }, { reader: gateway, writer: gateway, standard, dryRun: true });
 * report.controls; // [] while no registry-level control is registered
 * ```
 */
export async function enforceRegistry(
  target: { account: string; region: string },
  deps: EnforceRegistryDeps,
): Promise<RegistryReport> {
  const controls = (deps.controls ?? REGISTRY_CONTROLS).flatMap((control) => {
    const config = (deps.standard as unknown as Record<string, unknown>)[control.section.key];
    return control.enabled?.(config as never) === false ? [] : [{ control, config }];
  });
  const facts = [
    ...new Map(controls.flatMap((c) => c.control.reads).map((f) => [f.name, f])).values(),
  ];
  const values = await Promise.all(facts.map((fact) => deps.reader.readRegistryFact(fact)));
  const state: Record<string, unknown> = { ...target };
  facts.forEach((fact, index) => {
    state[fact.name] = values[index];
  });
  const outcomes: ControlOutcome[] = [];
  for (const { control, config } of controls) {
    const evaluation = control.evaluate(
      state as never,
      config as never,
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
