import { parseCliEvent } from '../event-input.ts';
import { CliError, type CliIo, EXIT, readInput, toJson } from '../io.ts';
import { parseArguments } from '../parse-arguments.ts';
import { PARSE_EVENT_USAGE } from '../usage.ts';

export { PARSE_EVENT_USAGE } from '../usage.ts';

/**
 * `ecr-guard parse-event`: shows what ecr-guard understands of an event.
 *
 * @example
 * ```ts
 * await parseEventCommand(['event.json'], io); // prints { "kind": "image-pushed", … }
 * ```
 */
export async function parseEventCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArguments(args, {}, PARSE_EVENT_USAGE);
  if (positionals.length !== 1) {
    throw new CliError(`parse-event takes one input\n\n${PARSE_EVENT_USAGE}`);
  }
  const source = positionals[0] ?? '-';
  const text = await readInput(source, io);
  io.stdout(toJson(parseCliEvent(text, source === '-' ? 'the input' : source)));
  return EXIT.ok;
}
