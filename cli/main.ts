import { LIFECYCLE_USAGE } from './commands/lifecycle-usage.ts';
import { type CliIo, EXIT, processIo } from './io.ts';
import { closestOption } from './parse-arguments.ts';
import {
  AUDIT_USAGE,
  ENFORCE_USAGE,
  HANDLE_USAGE,
  PARSE_EVENT_USAGE,
  POLICY_USAGE,
  RENDER_ALERT_USAGE,
} from './usage.ts';

/** The synopsis of a usage: its lines up to the first blank one (`policy` has three). */
function synopsis(usage: string): string {
  const end = usage.indexOf('\n\n');
  return end === -1 ? usage : usage.slice(0, end);
}

const USAGE = `ecr-guard — keeps Amazon ECR repositories compliant with the standard in ecr-guard.yml

Commands:
${[PARSE_EVENT_USAGE, HANDLE_USAGE, RENDER_ALERT_USAGE, POLICY_USAGE, AUDIT_USAGE, ENFORCE_USAGE, LIFECYCLE_USAGE].map(synopsis).join('\n')}

Run ecr-guard <command> --help for details. Exit codes: 0 compliant, 1 violations, 2 error.`;

type Run = (args: string[], io: CliIo) => Promise<number>;

/** Each command's code is loaded only to run it: `--help` loads none of it. */
type Command = { load: () => Promise<Run>; usage: string };

const COMMANDS: Readonly<Record<string, Command>> = {
  'parse-event': {
    load: async () => (await import('./commands/parse-event.ts')).parseEventCommand,
    usage: PARSE_EVENT_USAGE,
  },
  handle: {
    load: async () => (await import('./commands/handle.ts')).handleCommand,
    usage: HANDLE_USAGE,
  },
  policy: {
    load: async () => (await import('./commands/policy.ts')).policyCommand,
    usage: POLICY_USAGE,
  },
  'render-alert': {
    load: async () => (await import('./commands/render-alert.ts')).renderAlertCommand,
    usage: RENDER_ALERT_USAGE,
  },
  audit: {
    load: async () => (await import('./commands/audit.ts')).auditCommand,
    usage: AUDIT_USAGE,
  },
  enforce: {
    load: async () => (await import('./commands/enforce.ts')).enforceCommand,
    usage: ENFORCE_USAGE,
  },
  lifecycle: {
    load: async () => (await import('./commands/lifecycle.ts')).lifecycleCommand,
    usage: LIFECYCLE_USAGE,
  },
};

/**
 * Runs the CLI and returns its exit code. Errors become a message on stderr (with how to give
 * credentials when there are none) and exit 2.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${USAGE}\n`);
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    const suggestion = closestOption(name, Object.keys(COMMANDS));
    const hint = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
    io.stderr(`ecr-guard: unknown command "${name}"${hint}\n\n${USAGE}\n`);
    return EXIT.error;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    const run = await command.load();
    return await run(args, io);
  } catch (error) {
    const { describeCliError } = await import('./describe-cli-error.ts');
    io.stderr(`ecr-guard ${name}: ${describeCliError(error)}\n`);
    return EXIT.error;
  }
}
