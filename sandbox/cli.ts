/**
 * The command line of the sandbox: `npm start [-- --keep] [-- --verbose]`.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { runSandbox } from './run-sandbox.ts';
import { wantsColor } from './terminal.ts';

export const SANDBOX_USAGE = `npm start [-- [--keep] [--verbose] [--endpoint URL]]

Runs ecr-guard end to end on a local AWS emulator (moto), no AWS account needed: packages the
service, creates what its template declares, seeds two accounts, and runs the real handlers on
a repository creation, a push, a scan with findings (to a local stand-in for Slack), a drift
and the daily sweep. Ends with the audit report (table, and HTML in .cache/sandbox/).

  --keep          leave the emulator running afterwards, with the handlers still answering the
                  events put on the buses; prints the environment to use the CLI against it.
                  Ctrl-C stops it.
  --verbose       show the handlers' JSON logs (POWERTOOLS_LOG_LEVEL of the template) and the
                  emulator's start-up
  --endpoint URL  use this moto server, already running and empty, instead of starting one

Exit 0 when every step happened as told, 1 when one did not, 2 on a usage error.`;

export interface SandboxArguments {
  keep: boolean;
  verbose: boolean;
  help: boolean;
  endpoint: string | undefined;
}

/**
 * Parses the sandbox's arguments.
 *
 * @example
 * ```ts
 * parseSandboxArguments(['--keep']); // { keep: true, verbose: false, help: false, endpoint: undefined }
 * ```
 */
export function parseSandboxArguments(argv: readonly string[]): SandboxArguments {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      endpoint: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    keep: values.keep === true,
    verbose: values.verbose === true,
    help: values.help === true,
    endpoint: values.endpoint,
  };
}

/**
 * Runs the sandbox from the command line; resolves with the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await sandboxCommand(process.argv.slice(2));
 * ```
 */
export async function sandboxCommand(argv: readonly string[]): Promise<number> {
  let args: SandboxArguments;
  try {
    args = parseSandboxArguments(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${SANDBOX_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${SANDBOX_USAGE}\n`);
    return 0;
  }
  // With --keep, Ctrl-C ends the keeping and the sandbox cleans up. The wrappers (npm, tsx)
  // forward the terminal's SIGINT too, so the copies that follow at once are ignored; one
  // that comes later stops the process. Without --keep, the process stops as usual and the
  // emulator's script stops moto when it sees its parent gone.
  const untilStopped = new Promise<void>((resolve) => {
    if (!args.keep) return;
    const stop = (): void => {
      const first = Date.now();
      process.on('SIGINT', () => {
        if (Date.now() - first > 2_000) process.exit(130);
      });
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const run = await runSandbox({
    write: (text) => process.stdout.write(text),
    color: wantsColor(process.stdout, process.env),
    verbose: args.verbose,
    keep: args.keep,
    untilStopped,
    ...(args.endpoint === undefined ? {} : { endpoint: args.endpoint }),
  });
  return run.exitCode;
}
