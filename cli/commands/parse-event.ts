import { InvalidEventError, parseEventJson } from '#lib/events/index.ts';
import { CliError, type CliIo, EXIT, readInput, toJson } from '../io.ts';

export const PARSE_EVENT_USAGE = `ecr-guard parse-event <event.json|->

Prints the normalized event as JSON. Exit 0 for a valid AWS event (including one ecr-guard
ignores, with the reason); exit 2 with the reason on stderr for anything else.`;

/**
 * `ecr-guard parse-event`: shows what ecr-guard understands of an event.
 *
 * @example
 * ```ts
 * await parseEventCommand(['event.json'], io); // prints { "kind": "image-pushed", … }
 * ```
 */
export async function parseEventCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 1) throw new CliError(`parse-event takes one input\n\n${PARSE_EVENT_USAGE}`);
  const text = await readInput(args[0], io);
  try {
    io.stdout(toJson(parseEventJson(text)));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InvalidEventError) throw new CliError(`invalid event: ${error.message}`);
    throw error;
  }
}
