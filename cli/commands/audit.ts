import type { CliIo } from '../io.ts';
import { runSweepCommand } from '../sweep-command.ts';
import { AUDIT_USAGE } from '../usage.ts';

export { AUDIT_USAGE } from '../usage.ts';

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
