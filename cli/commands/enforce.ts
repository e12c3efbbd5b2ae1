import type { CliIo } from '../io.ts';
import { runSweepCommand } from '../sweep-command.ts';
import { ENFORCE_USAGE } from '../usage.ts';

export { ENFORCE_USAGE } from '../usage.ts';

/**
 * `ecr-guard enforce`: remediate, or plan with `--dry-run`.
 *
 * @example
 * ```ts
 * await enforceCommand(['--accounts', '123456789012', '--dry-run'], io);
 * ```
 */
export function enforceCommand(args: string[], io: CliIo): Promise<number> {
  return runSweepCommand(args, io, { command: 'enforce', usage: ENFORCE_USAGE });
}
