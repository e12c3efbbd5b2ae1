import {
  type ControlEvaluation,
  type Exemption,
  type Remediation,
  remediationsOf,
} from '#lib/controls/index.ts';
import type { ControlOutcome } from './repository-report.ts';

/**
 * What to do about a control that is not compliant: exempt, a violation (nothing ecr-guard
 * may write, or a write it must not make now: `holdWrites` says why), or the write, planned
 * in a dry run and made otherwise.
 *
 * @example
 * ```ts
 * decide('lifecycle', evaluation, { exemption: undefined, dryRun: true });
 * // { control: 'lifecycle', status: 'planned', reason: '…', writes: [{ action: 'ecr:PutLifecyclePolicy', … }] }
 * ```
 */
export function decide(
  control: string,
  evaluation: Extract<ControlEvaluation<Remediation>, { compliant: false }>,
  options: { exemption: Exemption | undefined; dryRun: boolean; holdWrites?: string | undefined },
): ControlOutcome {
  if (options.exemption !== undefined) {
    return { control, status: 'exempt', reason: options.exemption.reason, writes: [] };
  }
  // A report-only control's violation, or a write held: either way the hook's word is kept
  // (a report-only control's hook says why its exemption could not be decided).
  if (evaluation.remediation === undefined || options.holdWrites !== undefined) {
    const reason =
      options.holdWrites === undefined
        ? evaluation.reason
        : `${evaluation.reason}; ${options.holdWrites}`;
    return { control, status: 'violation', reason, writes: [] };
  }
  return {
    control,
    status: options.dryRun ? 'planned' : 'remediated',
    reason: evaluation.reason,
    writes: remediationsOf(evaluation),
  };
}
