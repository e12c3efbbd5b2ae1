import { AUDIT_USAGE, auditCommand } from './commands/audit.ts';
import { ENFORCE_USAGE, enforceCommand } from './commands/enforce.ts';
import { HANDLE_USAGE, handleCommand } from './commands/handle.ts';
import { LIFECYCLE_USAGE } from './commands/lifecycle-usage.ts';
import { PARSE_EVENT_USAGE, parseEventCommand } from './commands/parse-event.ts';
import { POLICY_USAGE, policyCommand } from './commands/policy.ts';
import { RENDER_ALERT_USAGE, renderAlertCommand } from './commands/render-alert.ts';
import { type CliIo, EXIT, processIo } from './io.ts';

const USAGE = `ecr-guard — keeps Amazon ECR repositories compliant with the standard in ecr-guard.yml

Commands:
${[PARSE_EVENT_USAGE, HANDLE_USAGE, RENDER_ALERT_USAGE, POLICY_USAGE, AUDIT_USAGE, ENFORCE_USAGE, LIFECYCLE_USAGE].map((u) => u.split('\n')[0]).join('\n')}

Run ecr-guard <command> --help for details. Exit codes: 0 compliant, 1 violations, 2 error.`;

type Command = { run: (args: string[], io: CliIo) => Promise<number>; usage: string };

const COMMANDS: Readonly<Record<string, Command>> = {
  'parse-event': { run: parseEventCommand, usage: PARSE_EVENT_USAGE },
  handle: { run: handleCommand, usage: HANDLE_USAGE },
  policy: { run: policyCommand, usage: POLICY_USAGE },
  'render-alert': { run: renderAlertCommand, usage: RENDER_ALERT_USAGE },
  audit: { run: auditCommand, usage: AUDIT_USAGE },
  enforce: { run: enforceCommand, usage: ENFORCE_USAGE },
  // Loaded when run: it brings the ECS, Lambda and Inspector clients.
  lifecycle: {
    run: async (args, io) => (await import('./commands/lifecycle.ts')).lifecycleCommand(args, io),
    usage: LIFECYCLE_USAGE,
  },
};

/**
 * Runs the CLI and returns its exit code. Errors become one line on stderr and exit 2.
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
    io.stderr(`ecr-guard: unknown command "${name}"\n\n${USAGE}\n`);
    return EXIT.error;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`ecr-guard ${name}: ${message}\n`);
    return EXIT.error;
  }
}
