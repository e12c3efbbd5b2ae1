import type { CliIo } from '../io.ts';
import { NOTIFY_USAGE } from '../notices.ts';
import { runSweepCommand, SWEEP_OPTIONS_USAGE } from '../sweep-command.ts';

export const ENFORCE_USAGE = `ecr-guard enforce [--accounts a,b | --org] [--regions r1,r2] [--role-name NAME] [--format …] [--output FILE] [--concurrency N] [--dry-run] [--notify] [--notices-output FILE]

Brings every ECR repository of the accounts and regions to the standard, writing only what
differs, and reports what it did. Exempt repositories are left alone and reported.
  --dry-run               show the plan and make no write call at all (exit 1 when it
                          would change something)
${NOTIFY_USAGE}
  --notices-output FILE   write those notices as JSON ({ "notices": [...] }) to FILE; each
                          team's notice is also summed up on stderr

${SWEEP_OPTIONS_USAGE}`;

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
