import { type EnqueueSweepInput, enqueueSweep, type SweepQueue } from '#lib/sweep/enqueue-sweep.ts';
import { type AccountSource, expandTargets } from '#lib/sweep/expand-targets.ts';
import type { TargetPlan, TargetSelection } from '#lib/sweep/sweep-target.ts';

export interface StartSweepInput {
  runId: string;
  mode: EnqueueSweepInput['mode'];
  selection: TargetSelection;
  regions: readonly string[];
}

/**
 * The scheduled sweep's use case.
 *
 * Primary course:
 * 1. expand the configured accounts (the organization's ACTIVE accounts, or a list) times
 *    the configured regions;
 * 2. send one message per (account, region) to the sweep queue.
 *
 * @example
 * ```ts
 * const plan = await startSweep(
 *   { runId: event.id, mode: 'enforce', selection: { kind: 'organization' }, regions: ['eu-west-1'] },
 *   { accounts: awsAccountSource({ region }), queue },
 * );
 * ```
 */
export async function startSweep(
  input: StartSweepInput,
  deps: { accounts: AccountSource; queue: SweepQueue },
): Promise<TargetPlan> {
  const plan = await expandTargets(input.selection, input.regions, deps.accounts);
  await enqueueSweep(
    { runId: input.runId, mode: input.mode, targets: plan.targets },
    { queue: deps.queue },
  );
  return plan;
}
