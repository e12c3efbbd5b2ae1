import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { lifecyclePolicyWarnings } from '#lib/lifecycle/policy-warnings.ts';
import { CliError, type CliIo, EXIT, toJson } from '../io.ts';
import { loadStandardForCli } from '../load-standard-for-cli.ts';

export const POLICY_USAGE = `ecr-guard policy validate [ecr-guard.yml]
ecr-guard policy show [--config ecr-guard.yml] [--format yaml|json]

validate: checks the standard; exit 0 when valid, 2 with every problem (field and rule) when not.
          A lifecycle policy ECR accepts but that surprises people is warned about on stderr.
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
    if (rest.length > 1)
      throw new CliError(`policy validate takes at most one file\n\n${POLICY_USAGE}`);
    const path = rest[0];
    const standard = await loadStandardForCli(path);
    io.stdout(`${path ?? 'ecr-guard.yml'}: valid\n`);
    const warnings = lifecyclePolicyWarnings(standard.lifecycle.policy, {
      scannerRoleArns: standard.lifecycle.scannerRoleArns,
    });
    for (const warning of warnings) {
      io.stderr(`warning: lifecycle.policy.${warning.path}: ${warning.message}\n`);
    }
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
