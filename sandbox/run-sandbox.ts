/**
 * `npm start`: ecr-guard end to end on this machine, no AWS account needed. Starts the AWS
 * emulator, packages the service and creates what its template declares, seeds two accounts,
 * starts a stand-in for Slack, runs the scenario through the real handlers, and ends with the
 * audit report.
 *
 * @module
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { SweepReportSchema } from '#lib/report/index.ts';
import { loadStandard, type Standard } from '#lib/standard/index.ts';
import { main as cli } from '../cli/main.ts';
import { type AwsProxy, startAwsProxy } from '../harness/aws-proxy.ts';
import { type Emulator, probeEndpoint, startEmulator } from '../harness/emulator.ts';
import { packageService, SERVICE_DIR } from '../harness/serverless-package.ts';
import { type SlackReceiver, startSlackReceiver } from '../harness/slack-receiver.ts';
import { createWorld, SANDBOX_CREDENTIALS, type SandboxWorld } from './aws-world.ts';
import { createLambdaPoller } from './lambda-poller.ts';
import { type LoadedFunction, loadFunction } from './lambda-runtime.ts';
import { runScenario, type ScenarioContext, tellInvocations } from './scenario.ts';
import { seededRepositories, seedOrganization } from './seed-organization.ts';
import {
  type CloudFormationTemplate,
  type ProvisionedStack,
  provisionTemplate,
} from './template-provisioner.ts';
import { createOutput, formatDuration, type Output } from './terminal.ts';

/** moto's default account: the central stack's. */
export const CENTRAL_ACCOUNT = '123456789012';
/** The member account, reached through STS AssumeRole. */
export const MEMBER_ACCOUNT = '222222222222';
export const SANDBOX_REGION = 'us-east-1';
const STAGE = 'sandbox';
/**
 * What the stack is packaged with: the organization id the bus's policy names, and the
 * accounts ecr-guard acts in. An allow-list rather than `organization`, which would have the
 * sweep list the organization's accounts: moto creates accounts only under ids of its own.
 */
const PACKAGE_PARAMETERS = {
  allowedAccounts: MEMBER_ACCOUNT,
  organizationId: 'o-sandbox0001',
  sweepRegions: SANDBOX_REGION,
};

export interface SandboxOptions {
  /** Where the story is written (whole lines). */
  write: (text: string) => void;
  /** ANSI styles (a terminal only). */
  color: boolean;
  /** Handlers' JSON logs shown (else `POWERTOOLS_LOG_LEVEL=SILENT`), and the emulator's. */
  verbose?: boolean;
  /** Leave the emulator running until `untilStopped` resolves, handling routed events. */
  keep?: boolean;
  untilStopped?: Promise<void>;
  /** An emulator already running, and empty; default: start one (and stop it at the end). */
  endpoint?: string;
  /** Where the HTML report goes; default `.cache/sandbox/` in the service folder. */
  reportDir?: string;
}

export interface SandboxRun {
  /** 0 when every step happened as told, 1 otherwise. */
  exitCode: number;
  /** The HTML audit report, when the run got that far. */
  reportPath: string | undefined;
  durationMs: number;
}

/** The environment of this process while the sandbox runs: the emulator, never real AWS. */
function emulatorEnvironment(endpoint: string): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: SANDBOX_REGION,
    AWS_DEFAULT_REGION: SANDBOX_REGION,
    AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    // The SDK's notice that it will need Node 22 from 2027 would interrupt the story.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function setEnvironment(variables: Record<string, string | undefined>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(variables)) {
    saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const TYPE_NAMES: Readonly<Record<string, [string, string]>> = {
  'AWS::Events::EventBus': ['event bus', 'event buses'],
  'AWS::Events::Rule': ['rule', 'rules'],
  'AWS::SQS::Queue': ['queue', 'queues'],
  'AWS::SNS::Topic': ['topic', 'topics'],
  'AWS::SNS::Subscription': ['subscription', 'subscriptions'],
  'AWS::DynamoDB::Table': ['table', 'tables'],
  'AWS::SecretsManager::Secret': ['secret', 'secrets'],
};

function tellStack(out: Output, stack: ProvisionedStack): void {
  const { style } = out;
  const created = [...stack.created]
    .map(([type, n]) => {
      const [one, many] = TYPE_NAMES[type] ?? [type, type];
      return plural(n, one, many);
    })
    .join(', ');
  out.line(`${style.green('✓')} created on the emulator what the template declares: ${created}`, 2);
  out.line(
    style.dim(
      `plus ${plural(stack.triggers.filter((t) => t.kind !== 'sqs').length, 'queue')} standing in for the functions:`,
    ),
    6,
  );
  const width = Math.max(...[...stack.functions.keys()].map((n) => n.length));
  for (const fn of stack.functions.values()) {
    const triggers = stack.triggers
      .filter((t) => t.function === fn.name)
      .map((t) => {
        const schedule = stack.schedules.find((s) => s.queue === t);
        if (schedule !== undefined) return `schedule ${schedule.expression} (fired by the sandbox)`;
        if (t.kind === 'eventbridge') return `rule ${t.sources.join(', ')} (bus ${t.bus ?? '?'})`;
        if (t.kind === 'sns') return `topic ${t.sources.join(', ')}`;
        return `queue ${t.sources.join(', ')} (batches of ${t.batchSize})`;
      });
    out.line(`${fn.name.padEnd(width)}  ← ${triggers.join(`\n${' '.repeat(width + 5)}`)}`, 6);
  }
  out.paragraph(
    style.dim(
      'moto runs no Lambda: each trigger delivers to an SQS queue standing in for the function, which the sandbox reads to invoke the handler.',
    ),
    6,
  );
  const skipped = stack.skipped
    .map((s) => `${s.type.replace(/^AWS::/, '')} ×${s.count} (${s.why})`)
    .join('; ');
  out.paragraph(style.dim(`Not created: ${skipped}.`), 6);
}

async function startOrUseEmulator(
  options: SandboxOptions,
  out: Output,
): Promise<{ endpoint: string; emulator: Emulator | undefined; version: string | undefined }> {
  if (options.endpoint !== undefined) {
    const probe = await probeEndpoint(options.endpoint);
    if (probe !== 'moto') {
      throw new Error(`no moto server answers at ${options.endpoint} (${probe})`);
    }
    return { endpoint: options.endpoint, emulator: undefined, version: undefined };
  }
  let version: string | undefined;
  const emulator = await startEmulator({
    log: (line) => {
      version ??= /using moto ([\d.]+\w*)/.exec(line)?.[1];
      // First use installs moto, which takes a while: say what is happening.
      if (options.verbose || !/using moto|ready at/.test(line)) out.line(out.style.dim(line), 6);
    },
  });
  return { endpoint: emulator.endpoint, emulator, version };
}

async function fillSlackSecret(
  out: Output,
  stack: ProvisionedStack,
  slack: SlackReceiver,
  endpoint: string,
): Promise<void> {
  const secretArn = stack.functions.get('notify-slack')?.environment.SLACK_WEBHOOKS_SECRET_ARN;
  if (secretArn === undefined) throw new Error('notify-slack has no SLACK_WEBHOOKS_SECRET_ARN');
  const routes = {
    payments: `${slack.url}/services/T0SANDBOX/B0PAYMENTS/sandboxpaymentswebhook0001`,
    default: `${slack.url}/services/T0SANDBOX/B0DEFAULT0/sandboxdefaultwebhook00001`,
  };
  const secrets = new SecretsManagerClient({
    endpoint,
    region: SANDBOX_REGION,
    credentials: SANDBOX_CREDENTIALS,
  });
  try {
    // What deploy/README.md has operators do after the first deployment.
    await secrets.send(
      new PutSecretValueCommand({ SecretId: secretArn, SecretString: JSON.stringify(routes) }),
    );
  } finally {
    secrets.destroy();
  }
  const name = secretArn.split(':secret:')[1]?.replace(/-\w{6}$/, '') ?? secretArn;
  out.line(
    `${out.style.green('✓')} Slack stand-in on ${slack.url}: the secret ${name} routes team payments, and everyone else (default), to its webhooks`,
    2,
  );
}

/** The controls the sandbox's standard lets ecr-guard fix, and the story fixes. */
const ENFORCED_BY_THE_STORY: ReadonlySet<string> = new Set([
  'immutability',
  'lifecycle',
  'scanning',
]);

async function auditReport(
  out: Output,
  world: SandboxWorld,
  reportDir: string,
  problems: string[],
  verbose: boolean,
): Promise<string> {
  const { style } = out;
  const args = ['--accounts', `${world.central},${world.member}`, '--regions', world.region];
  out.heading(`8. The audit: ecr-guard audit ${args.join(' ')}`);
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
    readStdin: () => Promise.reject(new Error('no input in the sandbox')),
    env: process.env,
    stderrIsTerminal: false,
  };
  const code = await cli(['audit', ...args], io);
  out.line(stdout.trimEnd(), 4);
  if (verbose && stderr !== '') out.line(style.dim(stderr.trimEnd()), 4);
  if (code === 2) {
    problems.push('the audit exited 2 (something could not be checked)');
    if (!verbose) out.line(style.red(stderr.trimEnd()), 4);
  }
  // What the story fixed is fixed; what is left are the checklist's report-only findings
  // (a repository cannot be renamed, its policy is the team's to change by default, the
  // registry's templates and scanning are written only when the standard says so).
  stdout = '';
  await cli(['audit', ...args, '--format', 'json'], io);
  const report = SweepReportSchema.parse(JSON.parse(stdout));
  const unfixed = report.repositories.flatMap((r) =>
    r.controls
      .filter(
        (c) => ENFORCED_BY_THE_STORY.has(c.control) && c.status !== 'pass' && c.status !== 'exempt',
      )
      .map((c) => `${r.repositoryName} ${c.control} ${c.status}`),
  );
  if (unfixed.length > 0) problems.push(`the audit found unfixed: ${unfixed.join(', ')}`);
  const reported = [
    ...new Set([
      ...report.repositories.flatMap((r) =>
        r.controls.filter((c) => c.status === 'violation').map((c) => c.control),
      ),
      ...report.registry.filter((r) => r.status === 'violation').map((r) => r.control),
    ]),
  ];
  out.line('');
  out.line(
    `${style.green('✓')} immutability, lifecycle and scanning are compliant or exempt everywhere; left for the teams (report only, exit ${code}): ${reported.join(', ') || 'nothing'}`,
    4,
  );
  if (code === 1 && reported.length === 0) {
    problems.push('the audit exited 1 with no violation reported');
  }
  await mkdir(reportDir, { recursive: true });
  const reportPath = join(reportDir, 'audit-report.html');
  stderr = '';
  const htmlCode = await cli(['audit', ...args, '--output', reportPath], io);
  if (htmlCode === 2) problems.push(`the HTML audit failed: ${stderr.trim()}`);
  out.line('');
  out.line(`HTML report (open it in a browser): ${style.bold(reportPath)}`, 4);
  return reportPath;
}

/** Every queue of the template but the work queues: each holds events that were not handled. */
async function checkFailureQueues(
  out: Output,
  world: SandboxWorld,
  stack: ProvisionedStack,
  problems: string[],
): Promise<void> {
  const workQueues = new Set(stack.triggers.map((t) => t.url));
  const nonEmpty: string[] = [];
  let checked = 0;
  for (const [name, url] of stack.queues) {
    if (workQueues.has(url)) continue;
    checked += 1;
    const { Attributes } = await world.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const n =
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    if (n > 0) nonEmpty.push(`${name} (${n})`);
  }
  if (nonEmpty.length === 0) {
    out.line(`${out.style.green('✓')} the ${checked} failure and dead-letter queues are empty`, 4);
  } else {
    problems.push(`events were not handled: ${nonEmpty.join(', ')}`);
    out.line(out.style.red(`✗ events were not handled: ${nonEmpty.join(', ')}`), 4);
  }
}

/**
 * Every variable the CLI needs to act on the sandbox, as `--keep` prints them: the emulator,
 * its credentials and region, what `ecr-guard handle` of a scan event reads (the alerts topic
 * and the dedupe table, as the template's report-findings has them), and the accounts, so
 * that `handle` acts in an event's member account through its role, as the functions do.
 *
 * @example
 * ```ts
 * sandboxEnvironment('http://127.0.0.1:41234', stack); // { AWS_ENDPOINT_URL: 'http://127.0.0.1:41234', …, ALERTS_TOPIC_ARN: 'arn:aws:sns:…' }
 * ```
 */
export function sandboxEnvironment(
  endpoint: string,
  stack: ProvisionedStack,
): Record<string, string> {
  const alerting = stack.functions.get('report-findings')?.environment ?? {};
  const required = (name: string): string => {
    const value = alerting[name];
    if (value === undefined) throw new Error(`report-findings has no ${name} in the template`);
    return value;
  };
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: SANDBOX_REGION,
    AWS_DEFAULT_REGION: SANDBOX_REGION,
    AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
    ALERTS_TOPIC_ARN: required('ALERTS_TOPIC_ARN'),
    DEDUPE_TABLE_NAME: required('DEDUPE_TABLE_NAME'),
    // `handle` acts in the event's account as the functions do: the member one through its role.
    ECR_GUARD_ACCOUNT_ID: CENTRAL_ACCOUNT,
    ECR_GUARD_ALLOWED_ACCOUNTS: MEMBER_ACCOUNT,
  };
}

async function keepRunning(
  ctx: ScenarioContext,
  recorder: AwsProxy,
  reportDir: string,
  untilStopped: Promise<void>,
): Promise<void> {
  const endpoint = recorder.endpoint;
  const { out, world } = ctx;
  const { style } = out;
  const accounts = `${world.central},${world.member}`;
  out.heading('The emulator keeps running');
  out.line('In another terminal, with this environment:', 2);
  for (const [name, value] of Object.entries(sandboxEnvironment(endpoint, ctx.stack))) {
    out.line(`export ${name}=${value}`, 4);
  }
  out.line('');
  out.line('Both accounts (the member one through its ecr-guard-remediation role):', 2);
  out.line(`npx ecr-guard audit --accounts ${accounts}`, 4);
  out.line(`npx ecr-guard enforce --accounts ${accounts} --dry-run`, 4);
  out.line(`npx ecr-guard audit --accounts ${accounts} --format csv --output audit.csv`, 4);
  if (ctx.scanEvent !== undefined) {
    const scanEvent = join(reportDir, 'scan-complete.json');
    await writeFile(scanEvent, `${JSON.stringify(ctx.scanEvent, null, 2)}\n`, 'utf8');
    // Through the alerts topic and the dedupe table: this very scan is remembered as alerted.
    out.line(`npx ecr-guard handle ${scanEvent}`, 4);
  }
  out.line(`aws ecr describe-repositories --query 'repositories[].repositoryName'`, 4);
  out.paragraph(
    style.dim(
      'Events put on the default bus or on the central bus (aws events put-events) reach the handlers here, as in the scenario.',
    ),
    2,
  );
  out.line(
    `To stop it: Ctrl-C here, or, when it runs in the background, kill -TERM ${process.pid} (the emulator stops with it).`,
    2,
  );
  let stopped = false;
  void untilStopped.then(() => {
    stopped = true;
  });
  while (!stopped) {
    await Promise.race([untilStopped, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    if (stopped) break;
    recorder.clear();
    tellInvocations(ctx, await ctx.poller.drain());
  }
  out.line('');
  out.line('Stopping the emulator.', 2);
}

/**
 * Runs the sandbox and returns its exit code; cleans up whatever it started.
 *
 * @example
 * ```ts
 * const { exitCode } = await runSandbox({ write: (t) => process.stdout.write(t), color: false });
 * ```
 */
export async function runSandbox(options: SandboxOptions): Promise<SandboxRun> {
  const started = performance.now();
  const out = createOutput(options.write, options.color);
  const { style } = out;
  const problems: string[] = [];
  const verbose = options.verbose === true;
  const restoreBase = setEnvironment({
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  let restoreEnvironment: (() => void) | undefined;
  let emulator: Emulator | undefined;
  let proxy: AwsProxy | undefined;
  let packageDir: string | undefined;
  let slack: SlackReceiver | undefined;
  let world: SandboxWorld | undefined;
  let reportPath: string | undefined;

  out.line(style.bold('ecr-guard sandbox: ecr-guard end to end on a local AWS emulator'));
  out.line(
    style.dim(`two accounts, the real handlers, events routed by the emulator's EventBridge`),
  );
  out.heading('Setting up');
  try {
    // 1. The emulator and the package, side by side (both take seconds).
    const timer = performance.now();
    const emulating = startOrUseEmulator(options, out).then((e) => ({
      ...e,
      ms: performance.now() - timer,
    }));
    const packaging = (async () => {
      packageDir = await mkdtemp(join(tmpdir(), 'ecr-guard-sandbox-'));
      await packageService({
        outDir: packageDir,
        stage: STAGE,
        region: SANDBOX_REGION,
        params: PACKAGE_PARAMETERS,
      });
      return performance.now() - timer;
    })();
    const [emulated, packaged] = await Promise.allSettled([emulating, packaging]);
    if (emulated.status === 'fulfilled') emulator = emulated.value.emulator;
    if (emulated.status === 'rejected') throw emulated.reason;
    if (packaged.status === 'rejected') throw packaged.reason;
    const { endpoint, version } = emulated.value;
    // The handlers and the CLI reach moto through a proxy: it records their calls (counted
    // below each invocation) and answers ecr:DescribePullThroughCacheRules, which moto lacks.
    proxy = await startAwsProxy({ target: endpoint });
    const awsEndpoint = proxy.endpoint;
    restoreEnvironment = setEnvironment(emulatorEnvironment(awsEndpoint));
    out.line(
      `${style.green('✓')} AWS emulator${version === undefined ? '' : ` (moto ${version})`} at ${endpoint}${options.endpoint === undefined ? '' : ' (given)'}  ${style.dim(formatDuration(emulated.value.ms))}`,
      2,
    );
    out.paragraph(
      style.dim(
        `The handlers and the CLI reach it through ${awsEndpoint}, a proxy that counts their AWS calls and answers ecr:DescribePullThroughCacheRules (moto lacks it) with no rules.`,
      ),
      6,
    );
    const templatePath = join(packageDir ?? '', 'cloudformation-template-update-stack.json');
    const template = JSON.parse(await readFile(templatePath, 'utf8')) as CloudFormationTemplate;
    out.line(
      `${style.green('✓')} serverless package --stage ${STAGE} --region ${SANDBOX_REGION} ${Object.entries(
        PACKAGE_PARAMETERS,
      )
        .map(([k, v]) => `--param=${k}=${v}`)
        .join(' ')}  ${style.dim(formatDuration(packaged.value))}`,
      2,
    );
    out.line(style.dim(templatePath), 6);

    // 2. What the template declares, on the emulator.
    const stack = await provisionTemplate(template, {
      endpoint,
      region: SANDBOX_REGION,
      account: CENTRAL_ACCOUNT,
      credentials: SANDBOX_CREDENTIALS,
    }).catch((error: unknown) => {
      const hint =
        options.endpoint === undefined
          ? ''
          : ` (the emulator must be empty: POST ${options.endpoint}/moto-api/reset empties it)`;
      throw new Error(
        `creating the template's resources failed: ${(error as Error).message}${hint}`,
        {
          cause: error,
        },
      );
    });
    tellStack(out, stack);

    // 3. Slack's stand-in, and the secret that points the teams at it.
    slack = await startSlackReceiver();
    await fillSlackSecret(out, stack, slack, endpoint);

    // 4. The organization.
    const [centralBus] = stack.eventBuses.keys();
    if (centralBus === undefined) throw new Error('the template declares no event bus');
    world = await createWorld({
      endpoint,
      region: SANDBOX_REGION,
      central: CENTRAL_ACCOUNT,
      member: MEMBER_ACCOUNT,
      centralBus,
    });
    const standard: Standard = await loadStandard(join(SERVICE_DIR, 'ecr-guard.yml'));
    const seeded = seededRepositories(world, standard, new Date());
    await seedOrganization(world, seeded);
    out.line(
      `${style.green('✓')} organization: ${world.central} (central, moto's default account) and ${world.member} (member, reached through STS AssumeRole), region ${SANDBOX_REGION}`,
      2,
    );
    const nameWidth = Math.max(...seeded.map((r) => r.name.length));
    for (const r of seeded) {
      out.line(`${r.account}  ${r.name.padEnd(nameWidth)}  ${style.dim(r.state)}`, 6);
    }

    // 5. The handlers, each imported with its function's environment (its cold start).
    const functions = new Map<string, LoadedFunction>();
    for (const fn of stack.functions.values()) {
      // moto names a queue by its own address; the functions reach AWS through the proxy.
      for (const [name, value] of Object.entries(fn.environment)) {
        if (value.startsWith(`${endpoint}/`))
          fn.environment[name] = awsEndpoint + value.slice(endpoint.length);
      }
      functions.set(
        fn.name,
        await loadFunction(fn, {
          serviceDir: SERVICE_DIR,
          runtimeEnvironment: emulatorEnvironment(awsEndpoint),
          logLevel: verbose ? undefined : 'SILENT',
        }),
      );
    }
    out.line(
      `${style.green('✓')} handlers imported from functions/*.ts with their template environment, resolved${verbose ? '' : ' (logs quiet: --verbose shows them)'}`,
      2,
    );
    out.line(
      style.dim(
        `cold starts: ${[...functions.values()].map((f) => `${f.fn.name} ${formatDuration(f.initMs)}`).join(', ')}`,
      ),
      6,
    );

    out.heading('How events reach the handlers here');
    out.paragraph(
      `moto's ECR and CloudTrail emit no events, so the sandbox plays AWS (lines marked ${style.yellow('AWS')}): it puts on the bus the event AWS would emit, built from AWS's own samples (test/fixtures/events), the central account's on its default bus, the member account's on bus ${centralBus}, as the member template's forwarding rules would. The emulator's EventBridge matches the template's rules (⇢) and delivers to the function's queue; the sandbox reads it and invokes the real handler. Lines marked ${style.cyan('moto')} are API calls on the emulator.`,
      2,
    );

    // 6. The story.
    const ctx: ScenarioContext = {
      out,
      world,
      stack,
      poller: createLambdaPoller({
        sqs: world.sqs,
        region: SANDBOX_REGION,
        triggers: stack.triggers,
        functions,
        accountOfEvent: (id) => world?.accountOfEvent(id),
        busAccount: CENTRAL_ACCOUNT,
        recorder: proxy,
      }),
      slack,
      standard,
      verbose,
      problems,
      shown: { accountNote: false, slackPosts: 0 },
    };
    await runScenario(ctx);

    // 8. The report.
    reportPath = await auditReport(
      out,
      world,
      options.reportDir ?? join(SERVICE_DIR, '.cache', 'sandbox'),
      problems,
      verbose,
    );
    await checkFailureQueues(out, world, stack, problems);

    const took = formatDuration(performance.now() - started);
    out.line('');
    if (problems.length === 0) {
      out.line(style.green(style.bold(`Done in ${took}: every step happened as told.`)));
    } else {
      out.line(
        style.red(style.bold(`Done in ${took}, with ${plural(problems.length, 'problem')}:`)),
      );
      for (const problem of problems) out.line(style.red(`- ${problem}`), 2);
    }
    if (options.keep) {
      await keepRunning(
        ctx,
        proxy,
        options.reportDir ?? join(SERVICE_DIR, '.cache', 'sandbox'),
        options.untilStopped ?? new Promise(() => {}),
      );
    }
  } catch (error) {
    problems.push((error as Error).message);
    out.line('');
    out.line(style.red(`✗ the sandbox stopped: ${(error as Error).message}`));
  } finally {
    world?.destroy();
    await slack?.close();
    await proxy?.close();
    await emulator?.stop();
    if (packageDir !== undefined) await rm(packageDir, { recursive: true, force: true });
    restoreEnvironment?.();
    restoreBase();
  }
  return {
    exitCode: problems.length === 0 ? 0 : 1,
    reportPath,
    durationMs: performance.now() - started,
  };
}
