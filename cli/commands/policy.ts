import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { lifecyclePolicyWarnings } from '#lib/lifecycle/index.ts';
import {
  broadStandardProblems,
  effectiveStandard,
  SECTION_KEYS,
  STANDARD_FILE_NAME,
  type Standard,
  standardPermissions,
  standardWarnings,
} from '#lib/standard/index.ts';
import { CliError, type CliIo, EXIT, toJson } from '../io.ts';
import { loadStandardForCli } from '../load-standard-for-cli.ts';
import { parseArguments } from '../parse-arguments.ts';
import { POLICY_USAGE } from '../usage.ts';

export { POLICY_USAGE } from '../usage.ts';

/** The file a `policy` subcommand was given, positionally or with --config, not both. */
function standardPath(
  positionals: readonly string[],
  config: string | undefined,
): string | undefined {
  if (positionals.length > 1) {
    throw new CliError(`policy takes at most one file\n\n${POLICY_USAGE}`);
  }
  const [positional] = positionals;
  if (positional !== undefined && config !== undefined && positional !== config) {
    throw new CliError(`give the standard once: ${positional} or --config ${config}`);
  }
  return positional ?? config;
}

/** What was validated: the file, or the defaults when there is no file. */
function describeSource(path: string | undefined): { name: string; isDefaults: boolean } {
  if (path !== undefined) return { name: path, isDefaults: false };
  if (existsSync(resolve(process.cwd(), STANDARD_FILE_NAME))) {
    return { name: STANDARD_FILE_NAME, isDefaults: false };
  }
  return { name: STANDARD_FILE_NAME, isDefaults: true };
}

async function validate(rest: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArguments(
    rest,
    { 'allow-broad': { type: 'boolean', default: false }, config: { type: 'string' } },
    POLICY_USAGE,
  );
  const path = standardPath(positionals, values.config);
  const standard = await loadStandardForCli(path);
  const { name, isDefaults } = describeSource(path);
  const broad = broadStandardProblems(standard);
  if (broad.length > 0 && values['allow-broad'] !== true) {
    throw new CliError(
      `${name} would switch ecr-guard off (${broad.length} ${broad.length === 1 ? 'issue' : 'issues'}; --allow-broad accepts it):\n${broad.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  for (const problem of [...broad, ...standardWarnings(standard), ...lifecycleWarnings(standard)]) {
    io.stderr(`warning: ${problem}\n`);
  }
  if (isDefaults) {
    io.stdout(
      `no ${STANDARD_FILE_NAME} in ${process.cwd()}: validated the built-in defaults, not a file (give FILE, or run where ${STANDARD_FILE_NAME} is)\n`,
    );
    return EXIT.ok;
  }
  io.stdout(`${name}: valid\n`);
  return EXIT.ok;
}

async function show(rest: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArguments(
    rest,
    {
      config: { type: 'string' },
      format: { type: 'string', default: 'yaml' },
      repository: { type: 'string' },
      tag: { type: 'string', multiple: true },
    },
    POLICY_USAGE,
  );
  if (values.format !== 'yaml' && values.format !== 'json') {
    throw new CliError(`--format must be yaml or json, not "${values.format}"`);
  }
  if (values.tag !== undefined && values.repository === undefined) {
    throw new CliError('--tag describes the repository of --repository: give --repository too');
  }
  const tags = parseTags(values.tag ?? []);
  const standard = await loadStandardForCli(standardPath(positionals, values.config));
  const shown =
    values.repository === undefined ? standard : forRepository(standard, values.repository, tags);
  io.stdout(values.format === 'json' ? toJson(shown) : stringify(shown));
  return EXIT.ok;
}

async function permissions(rest: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArguments(
    rest,
    { config: { type: 'string' }, format: { type: 'string', default: 'text' } },
    POLICY_USAGE,
  );
  if (values.format !== 'text' && values.format !== 'json') {
    throw new CliError(`--format must be text or json, not "${values.format}"`);
  }
  const standard = await loadStandardForCli(standardPath(positionals, values.config));
  const granted = standardPermissions(standard);
  if (values.format === 'json') {
    io.stdout(toJson(granted));
    return EXIT.ok;
  }
  io.stdout(
    [
      'On the account’s repositories (arn:aws:ecr:*:ACCOUNT:repository/*):',
      ...granted.repository.map((a) => `  ${a}`),
      'On "*" (registry-level):',
      ...granted.registry.map((a) => `  ${a}`),
      `Registry-wide writes enabled: ${granted.registryWrites.length === 0 ? 'none' : granted.registryWrites.join(', ')}`,
      'Other services, on their own resources (what runs, read by the lifecycle guard):',
      ...granted.otherServices.map((a) => `  ${a}`),
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

/**
 * `ecr-guard policy validate|show|permissions`.
 *
 * @example
 * ```ts
 * await policyCommand(['validate', 'ecr-guard.yml'], io); // 0 when valid
 * ```
 */
export async function policyCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'validate') return validate(rest, io);
  if (sub === 'show') return show(rest, io);
  if (sub === 'permissions') return permissions(rest, io);
  throw new CliError(
    `policy needs validate, show or permissions${sub === undefined ? '' : `, not "${sub}"`}\n\n${POLICY_USAGE}`,
  );
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
