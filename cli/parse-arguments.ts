import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The shape `parseArgs` returns for `options`, with positionals allowed. */
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/** Edit distance between two short strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known option closest to a mistyped one, if it is close enough to be what was meant: a
 * prefix of it (`--region` for `--regions`) or a few letters off (`--acounts`).
 *
 * @example
 * ```ts
 * closestOption('region', ['regions', 'accounts']); // 'regions'
 * ```
 */
export function closestOption(given: string, known: readonly string[]): string | undefined {
  const candidates = known
    .map((name) => ({
      name,
      score: name.startsWith(given) || given.startsWith(name) ? 0 : distance(given, name),
    }))
    .filter(({ score }) => score <= Math.max(2, Math.floor(given.length / 3)))
    .sort((a, b) => a.score - b.score);
  return candidates[0]?.name;
}

/** What an argument error ends with: the command's synopsis (its usage up to a blank line). */
function synopsisOf(usage: string): string {
  const end = usage.indexOf('\n\n');
  return `usage: ${end === -1 ? usage : usage.slice(0, end)}\n(--help for details)`;
}

/**
 * `node:util` `parseArgs`, strict, with errors a person can act on: an unknown option names the
 * closest known one ("did you mean --regions?") and the command's synopsis; a missing value
 * says which option needs one. Nothing is called before the arguments are valid.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseArguments(args, { 'dry-run': { type: 'boolean' } }, HANDLE_USAGE);
 * ```
 */
export function parseArguments<O extends Options>(
  args: readonly string[],
  options: O,
  usage: string,
): Parsed<O> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    if (!(error instanceof TypeError) || !('code' in error)) throw error;
    const known = Object.keys(options);
    const option = /'(-{1,2}[^'\s]+)/.exec(error.message)?.[1];
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
      const name = option.replace(/^-+/, '').split('=')[0] ?? '';
      const suggestion = closestOption(name, known);
      const hint = suggestion === undefined ? '' : `; did you mean --${suggestion}?`;
      throw new CliError(`unknown option ${option}${hint}\n${synopsisOf(usage)}`, {
        cause: error,
      });
    }
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const wanted = option === undefined ? 'an option' : option.split(' ')[0];
      throw new CliError(
        `${wanted} ${/argument missing/.test(error.message) ? 'needs a value' : 'takes no value'}\n${synopsisOf(usage)}`,
        { cause: error },
      );
    }
    throw new CliError(`${error.message}\n${synopsisOf(usage)}`, { cause: error });
  }
}
