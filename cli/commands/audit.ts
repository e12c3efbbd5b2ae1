import type { CliIo } from '../io.ts';
import { runSweepCommand, SWEEP_OPTIONS_USAGE } from '../sweep-command.ts';

export const AUDIT_USAGE = `ecr-guard audit [--accounts a,b | --org] [--regions r1,r2] [--role-name NAME] [--format table|json|markdown|html] [--output FILE] [--concurrency N]

Read-only compliance report of every ECR repository of the accounts and regions: per
repository and control compliant, exempt (with the reason and expiry) or violation (with
the fix enforce would make); totals per account and per control. Makes no write call.

${SWEEP_OPTIONS_USAGE}`;

/**
 * `ecr-guard audit`: the compliance report, read-only.
 *
 * @example
 * ```ts
 * await auditCommand(['--org', '--format', 'json'], io); // 0, 1 or 2
 * ```
 */
export function auditCommand(args: string[], io: CliIo): Promise<number> {
  return runSweepCommand(args, io, { command: 'audit', usage: AUDIT_USAGE });
}
