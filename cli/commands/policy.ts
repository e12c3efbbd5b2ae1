import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { lifecyclePolicyWarnings } from '#lib/lifecycle/index.ts';
import {
  broadStandardProblems,
  effectiveStandard,
  SECTION_KEYS,
  type Standard,
  standardWarnings,
} from '#lib/standard/index.ts';
import { CliError, type CliIo, EXIT, toJson } from '../io.ts';
import { loadStandardForCli } from '../load-standard-for-cli.ts';

export const POLICY_USAGE = `ecr-guard policy validate [ecr-guard.yml] [--allow-broad]
ecr-guard policy show [--config ecr-guard.yml] [--format yaml|json]
                      [--repository NAME [--tag key=value ...]]

validate: checks the standard; exit 0 when valid, 2 with every problem (field and rule) when not.
          A standard that switches ecr-guard off (identity.roleNames "*", an exemption of "*"
          from all controls with no until) is refused too, unless --allow-broad is given.
          A lifecycle policy ECR accepts but that surprises people is warned about on stderr.
show:     prints the effective standard, every default filled in; with --repository, the
          standard as it applies to that repository (the scope that matches it, given its
          tags), and the scope's name.
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
    for (const problem of [
      ...broad,
      ...standardWarnings(standard),
      ...lifecycleWarnings(standard),
    ]) {
      io.stderr(`warning: ${problem}\n`);
    }
    io.stdout(`${name}: valid\n`);
    return EXIT.ok;
  }
  if (sub === 'show') {
    const { values } = parseArgs({
      args: rest,
      options: {
        config: { type: 'string' },
        format: { type: 'string', default: 'yaml' },
        repository: { type: 'string' },
        tag: { type: 'string', multiple: true },
      },
      strict: true,
    });
    if (values.format !== 'yaml' && values.format !== 'json') {
      throw new CliError(`--format must be yaml or json, not "${values.format}"`);
    }
    if (values.tag !== undefined && values.repository === undefined) {
      throw new CliError('--tag describes the repository of --repository: give --repository too');
    }
    const tags = parseTags(values.tag ?? []);
    const standard = await loadStandardForCli(values.config);
    const shown =
      values.repository === undefined ? standard : forRepository(standard, values.repository, tags);
    io.stdout(values.format === 'json' ? toJson(shown) : stringify(shown));
    return EXIT.ok;
  }
  throw new CliError(`policy needs validate or show\n\n${POLICY_USAGE}`);
}

/**
 * The surprises of the lifecycle policies the standard attaches: the base standard's, and
 * each scope's that overrides the lifecycle section, each named by its field.
 */
function lifecycleWarnings(standard: Standard): string[] {
  const sections = [
    { path: 'lifecycle', lifecycle: standard.lifecycle },
    ...standard.scopes.flatMap((scope, index) =>
      scope.overrides.includes('lifecycle')
        ? [{ path: `scopes[${index}].lifecycle`, lifecycle: scope.sections.lifecycle }]
        : [],
    ),
  ];
  return sections.flatMap(({ path, lifecycle }) =>
    lifecyclePolicyWarnings(lifecycle.policy, { scannerRoleArns: lifecycle.scannerRoleArns }).map(
      (warning) => `${path}.policy.${warning.path}: ${warning.message}`,
    ),
  );
}

/** `--tag key=value`, repeated. */
function parseTags(pairs: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--tag must be key=value, not "${pair}"`);
    tags[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return tags;
}

/** The standard as it applies to one repository: its scope's sections, and the rest. */
function forRepository(
  standard: Standard,
  repositoryName: string,
  tags: Record<string, string>,
): Record<string, unknown> {
  const { scope, sections } = effectiveStandard(standard, repositoryName, tags);
  const { scopes: _scopes, ...rest } = standard;
  return {
    repository: repositoryName,
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    scope,
    ...rest,
    ...Object.fromEntries(SECTION_KEYS.map((key) => [key, sections[key]])),
  };
}
