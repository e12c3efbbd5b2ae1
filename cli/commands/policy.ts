import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { broadStandardProblems } from '#lib/standard/index.ts';
import { CliError, type CliIo, EXIT, toJson } from '../io.ts';
import { loadStandardForCli } from '../load-standard-for-cli.ts';

export const POLICY_USAGE = `ecr-guard policy validate [ecr-guard.yml] [--allow-broad]
ecr-guard policy show [--config ecr-guard.yml] [--format yaml|json]

validate: checks the standard; exit 0 when valid, 2 with every problem (field and rule) when not.
          A standard that switches ecr-guard off (identity.roleNames "*", an exemption of "*"
          from all controls with no until) is refused too, unless --allow-broad is given.
show:     prints the effective standard, every default filled in.
Without a file, ecr-guard.yml in the current directory is used (defaults when there is none).`;

/**
 * `ecr-guard policy validate|show`.
 *
 * @example
 * ```ts
 * await policyCommand(['validate', 'ecr-guard.yml'], io); // 0 when valid
 * ```
 */
export async function policyCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'validate') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { 'allow-broad': { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1)
      throw new CliError(`policy validate takes at most one file\n\n${POLICY_USAGE}`);
    const path = positionals[0];
    const standard = await loadStandardForCli(path);
    const broad = broadStandardProblems(standard);
    const name = path ?? 'ecr-guard.yml';
    if (broad.length > 0 && values['allow-broad'] !== true) {
      throw new CliError(
        `${name} would switch ecr-guard off (${broad.length} ${broad.length === 1 ? 'issue' : 'issues'}; --allow-broad accepts it):\n${broad.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
    for (const problem of broad) io.stderr(`warning: ${problem}\n`);
    io.stdout(`${name}: valid\n`);
    return EXIT.ok;
  }
  if (sub === 'show') {
    const { values } = parseArgs({
      args: rest,
      options: { config: { type: 'string' }, format: { type: 'string', default: 'yaml' } },
      strict: true,
    });
    if (values.format !== 'yaml' && values.format !== 'json') {
      throw new CliError(`--format must be yaml or json, not "${values.format}"`);
    }
    const standard = await loadStandardForCli(values.config);
    io.stdout(values.format === 'json' ? toJson(standard) : stringify(standard));
    return EXIT.ok;
  }
  throw new CliError(`policy needs validate or show\n\n${POLICY_USAGE}`);
}
