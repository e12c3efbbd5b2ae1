/**
 * Packages the service with osls into a temporary folder and unpacks each function's
 * artifact, so the benchmarks measure exactly what would be deployed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;

export interface PackagedFunction {
  /** The function's name in serverless.yml, e.g. `enforce-repository`. */
  name: string;
  /** Folder the artifact was unpacked into (the Lambda task root). */
  root: string;
  /** Path of the handler module inside `root`. */
  handlerModule: string;
  /** Size of the minified handler bundle, bytes. */
  bundleBytes: number;
  /** Size of the zip artifact, bytes. */
  zipBytes: number;
  /** Environment variables the function is deployed with (references replaced by samples). */
  environment: Record<string, string>;
}

export interface PackagedService {
  folder: string;
  template: Record<string, unknown>;
  functions: PackagedFunction[];
}

/** Stand-ins for what CloudFormation resolves at deploy time, shaped like the real values. */
export const DEPLOY_TIME_VALUES: Readonly<Record<string, string>> = {
  ECR_GUARD_ACCOUNT_ID: '123456789012',
  ECR_GUARD_PARTITION: 'aws',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ecr-guard-dev-alerts',
  DEDUPE_TABLE_NAME: 'ecr-guard-dev-dedupe',
  SLACK_WEBHOOKS_SECRET_ARN:
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-guard-dev/slack-webhooks-AbCdEf',
  ECR_GUARD_SWEEP_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/ecr-guard-dev-sweep',
  ECR_GUARD_OWN_ROLE_ARNS:
    'arn:aws:iam::123456789012:role/ecr-guard-dev-us-east-1-enforce-repository,arn:aws:iam::123456789012:role/ecr-guard-dev-us-east-1-sweep-worker',
  NOTIFY_SLACK_FAILURE_QUEUE_URL:
    'https://sqs.us-east-1.amazonaws.com/123456789012/ecr-guard-dev-notify-slack-failures',
  NOTIFY_SLACK_RETRY_QUEUE_URL:
    'https://sqs.us-east-1.amazonaws.com/123456789012/ecr-guard-dev-notify-slack-retries',
  ECR_GUARD_NOTICE_FAILURE_QUEUE_URL:
    'https://sqs.us-east-1.amazonaws.com/123456789012/ecr-guard-dev-enforce-repository-failures',
};

function sampleValue(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  const known = DEPLOY_TIME_VALUES[name];
  if (known === undefined) throw new Error(`no stand-in for the deploy-time value of ${name}`);
  return known;
}

function environmentOf(template: Record<string, unknown>, name: string): Record<string, string> {
  const resources = (template.Resources ?? {}) as Record<
    string,
    { Type?: string; Properties?: Record<string, unknown> }
  >;
  const fn = Object.values(resources).find(
    (r) =>
      r.Type === 'AWS::Lambda::Function' &&
      typeof r.Properties?.FunctionName === 'string' &&
      r.Properties.FunctionName.endsWith(`-${name}`),
  );
  const variables =
    (fn?.Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {};
  return Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, sampleValue(k, v)]));
}

/**
 * Runs `serverless package` (offline, with `--param` for each of `params`) and unpacks
 * every function.
 *
 * @example
 * ```ts
 * const { functions } = await packageFunctions();
 * functions.map((f) => [f.name, f.bundleBytes]);
 * ```
 */
export async function packageFunctions(
  params: readonly string[] = [],
  /** The service to package: this checkout, or another one (a `git worktree` of main, to compare). */
  serviceDir: string = ROOT,
): Promise<PackagedService> {
  const folder = await mkdtemp(join(tmpdir(), 'ecr-guard-package-'));
  // The one parameter packaging requires (the regions the sweep covers).
  const all = params.some((p) => p.startsWith('sweepRegions='))
    ? params
    : ['sweepRegions=us-east-1', ...params];
  await run(
    'npx',
    ['serverless', 'package', '--package', folder, ...all.map((p) => `--param=${p}`)],
    {
      cwd: serviceDir,
      timeout: 180_000,
      env: {
        ...process.env,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    },
  );
  const template = JSON.parse(
    await readFile(join(folder, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Record<string, unknown>;
  const zips = (await readdir(folder)).filter((f) => f.endsWith('.zip'));
  const functions: PackagedFunction[] = [];
  for (const zip of zips) {
    const name = zip.replace(/\.zip$/, '');
    const root = join(folder, name);
    await run('unzip', ['-q', '-o', join(folder, zip), '-d', root]);
    // With bundleAwsSdk=false the Lambda runtime provides the AWS SDK: the project's own
    // node_modules stand in for the runtime's (a bundle with the SDK does not look there).
    await symlink(join(serviceDir, 'node_modules'), join(root, 'node_modules'), 'dir');
    const handlerModule = join(root, 'functions', `${name}.mjs`);
    functions.push({
      name,
      root,
      handlerModule,
      bundleBytes: (await readFile(handlerModule)).byteLength,
      zipBytes: (await readFile(join(folder, zip))).byteLength,
      environment: environmentOf(template, name),
    });
  }
  return { folder, template, functions };
}
