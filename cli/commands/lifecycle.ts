import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import { parse as parseYaml } from 'yaml';
import { MEMBER_ROLE_NAME } from '#lib/aws/index.ts';
import { createGatewayPool } from '#lib/controls/index.ts';
import {
  listPullTimeExclusions,
  PREVIEW_FORMATS,
  type PreviewFormat,
  previewExitCode,
  readImageManifests,
  renderLifecyclePreview,
  runLifecyclePreview,
} from '#lib/lifecycle-preview/index.ts';
import { type LifecyclePolicy, LifecyclePolicySchema } from '#lib/standard/index.ts';
import { checkTargetOptions, planTargets } from '../cli-targets.ts';
import { inUseCallsLine } from '../in-use-calls.ts';
import { CliError, type CliIo } from '../io.ts';
import { loadStandardForCli } from '../load-standard-for-cli.ts';
import { parseArguments } from '../parse-arguments.ts';
import { LIFECYCLE_USAGE } from './lifecycle-usage.ts';

const FORMAT_BY_EXTENSION: Readonly<Record<string, PreviewFormat>> = {
  '.json': 'json',
  '.md': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'table',
};

function formatOf(format: string | undefined, output: string | undefined): PreviewFormat {
  if (format !== undefined) {
    if (!(PREVIEW_FORMATS as readonly string[]).includes(format)) {
      throw new CliError(`--format must be one of ${PREVIEW_FORMATS.join(', ')}, not "${format}"`);
    }
    return format as PreviewFormat;
  }
  if (output !== undefined) return FORMAT_BY_EXTENSION[extname(output).toLowerCase()] ?? 'table';
  return 'table';
}

async function readPolicyFile(path: string): Promise<LifecyclePolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliError(`cannot read ${path}: ${reason}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new CliError(`${path} is neither JSON nor YAML: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const policy = LifecyclePolicySchema.safeParse(raw);
  if (!policy.success) {
    const issues = policy.error.issues.map(
      (i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new CliError(`${path} is not a valid lifecycle policy:\n${issues.join('\n')}`);
  }
  return policy.data;
}

/**
 * `ecr-guard lifecycle preview`: what the lifecycle policies would expire, what it frees,
 * and which images in use they would hit.
 *
 * @example
 * ```ts
 * await lifecycleCommand(['preview', '--org', '--format', 'json'], io); // 0, 1 or 2
 * ```
 */
export async function lifecycleCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'preview') {
    throw new CliError(`unknown lifecycle command "${sub ?? ''}"\n\n${LIFECYCLE_USAGE}`);
  }
  const { values, positionals } = parseArguments(
    rest,
    {
      repository: { type: 'string' },
      accounts: { type: 'string' },
      org: { type: 'boolean', default: false },
      regions: { type: 'string' },
      policy: { type: 'string' },
      layers: { type: 'boolean', default: false },
      format: { type: 'string' },
      output: { type: 'string' },
      'role-name': { type: 'string', default: MEMBER_ROLE_NAME },
      config: { type: 'string' },
    },
    LIFECYCLE_USAGE,
  );
  if (positionals.length > 0) {
    throw new CliError(`unexpected argument "${positionals[0]}"\n\n${LIFECYCLE_USAGE}`);
  }
  if (values.org && values.accounts !== undefined) {
    throw new CliError('give --accounts or --org, not both');
  }
  const format = formatOf(values.format, values.output);
  const roleName = values['role-name'] ?? MEMBER_ROLE_NAME;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    throw new CliError(`--role-name "${roleName}" is not an IAM role name`);
  }
  // Every argument is checked before any AWS call, as for audit and enforce.
  const targets = await checkTargetOptions(values, io);
  const { regions } = targets;
  const standard = await loadStandardForCli(values.config);
  const policy = values.policy === undefined ? undefined : await readPolicyFile(values.policy);
  const { plan, clients } = await planTargets(targets, {
    roleName,
    sessionName: 'ecr-guard-lifecycle-preview',
  });
  for (const skipped of plan.skipped)
    io.stderr(`not previewed: ${skipped.account} (${skipped.reason})\n`);
  // One run: what runs in each account and region is read at most once.
  const gateways = createGatewayPool(clients);
  const preview = await runLifecyclePreview(
    {
      targets: plan.targets,
      regions,
      ...(values.repository === undefined ? {} : { repositoryName: values.repository }),
      ...(policy === undefined ? {} : { policy }),
      onRepository: (r) =>
        io.stderr(`previewed ${r.account}/${r.region}/${r.repositoryName}: ${r.status}\n`),
    },
    {
      gatewayFor: (target) => gateways.ecrGateway(target),
      ...(values.layers
        ? {
            manifestsFor: (target) => (repositoryName: string, digests: string[]) =>
              readImageManifests(
                clients.client(ECRClient, target),
                repositoryName,
                digests,
                target,
              ),
          }
        : {}),
      pullTimeExclusionsFor: (target) =>
        listPullTimeExclusions(clients.client(ECRClient, target), target),
      standard,
      now: () => new Date(),
    },
  );
  for (const target of preview.targets) io.stderr(inUseCallsLine(target, target.inUseCalls));
  const text = renderLifecyclePreview(preview, format);
  if (values.output === undefined) {
    io.stdout(text);
  } else {
    try {
      await writeFile(values.output, text, 'utf8');
    } catch (error) {
      throw new CliError(`cannot write ${values.output}: ${String(error)}`, { cause: error });
    }
    io.stderr(`preview written to ${values.output}\n`);
  }
  return previewExitCode(preview);
}
