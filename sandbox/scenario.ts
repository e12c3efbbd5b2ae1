/**
 * The story the sandbox tells: a repository is created, an image pushed and scanned with
 * findings, a fix undone, the organization swept, and a lifecycle policy previewed and held
 * back while it would expire an image in use, each step through the real handlers on the
 * events the emulator's EventBridge rules route.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { DeleteLifecyclePolicyCommand, type ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { createAccountAccess } from '#lib/aws/index.ts';
import { createGatewayPool } from '#lib/controls/index.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import { runLifecyclePreview } from '#lib/lifecycle-preview/index.ts';
import { canonicalLifecyclePolicyText, type Standard } from '#lib/standard/index.ts';
import { sweep } from '#lib/sweep/index.ts';
import { formatBytes } from '#lib/text/index.ts';
import { pushImage } from '../harness/alerting-arrange.ts';
import {
  basicFinding,
  enhancedFinding,
  scanFindingsResponse,
} from '../harness/aws-response-fixtures.ts';
import { createRepository } from '../harness/ecr-arrange.ts';
import { STORM_CVE, stormEvent, stormImages } from '../harness/finding-storm.ts';
import type { SlackReceiver } from '../harness/slack-receiver.ts';
import {
  type Caller,
  cloudTrailCall,
  type EventBridgeEvent,
  imagePushed,
  scanCompleted,
  scheduledEvent,
} from './aws-events.ts';
import { SANDBOX_CREDENTIALS, type SandboxWorld } from './aws-world.ts';
import { describeCalls, describeOutcome, describeRepository } from './describe-invocation.ts';
import type { Invocation, LambdaPoller } from './lambda-poller.ts';
import { slackMessageLines } from './slack-text.ts';
import type { ProvisionedStack } from './template-provisioner.ts';
import { formatDuration, type Output } from './terminal.ts';

export interface ScenarioContext {
  out: Output;
  world: SandboxWorld;
  stack: ProvisionedStack;
  poller: LambdaPoller;
  slack: SlackReceiver;
  standard: Standard;
  verbose: boolean;
  /** What went wrong (a handler failed, a step did not happen): the run exits 1. */
  problems: string[];
  /** What was told already: the note on `account`, and how many Slack posts. */
  shown: { accountNote: boolean; slackPosts: number };
  /** The scan event of the story, kept for `--keep` to hand to `ecr-guard handle`. */
  scanEvent?: EventBridgeEvent;
}

/** A person in the member account's platform team. */
const PAYMENTS_DEVELOPER = { roleName: 'Admin', sessionName: 'mary.major' };
/** A person in the central account. */
const CENTRAL_ADMIN = { roleName: 'Admin', sessionName: 'diego.ramirez' };

const NEW_REPOSITORY = 'payments/api';
const NEW_TAG = 'v1.4.0';

function triggerText(invocation: Invocation): string {
  const { trigger } = invocation;
  switch (trigger.kind) {
    case 'eventbridge':
      return `rule ${trigger.sources.join(', ')}${trigger.bus === undefined ? ' (schedule)' : ` on bus ${trigger.bus}`}`;
    case 'sns':
      return `SNS topic ${trigger.sources.join(', ')}`;
    case 'sqs': {
      const records = (invocation.event as { Records?: unknown[] }).Records?.length ?? 0;
      return `SQS queue ${trigger.sources.join(', ')} (batch of ${records})`;
    }
  }
}

function showSlackPosts(ctx: ScenarioContext): void {
  const { out, slack } = ctx;
  const { style } = out;
  for (const post of slack.posts.slice(ctx.shown.slackPosts)) {
    out.line(style.dim(`┌ Slack, as posted to the webhook ${post.path}`), 6);
    for (const line of slackMessageLines(post.payload, style))
      out.line(`${style.dim('│')} ${line}`, 6);
    out.line(style.dim('└'), 6);
    for (const violation of post.violations) {
      ctx.problems.push(`Slack message breaks a Block Kit limit: ${violation}`);
      out.line(style.red(`✗ breaks a Block Kit limit: ${violation}`), 6);
    }
  }
  ctx.shown.slackPosts = slack.posts.length;
}

/**
 * Tells what each invocation did (and shows the Slack messages posted meanwhile).
 *
 * @example
 * ```ts
 * tellInvocations(ctx, await ctx.poller.drain());
 * ```
 */
export function tellInvocations(ctx: ScenarioContext, invocations: readonly Invocation[]): void {
  const { out } = ctx;
  const { style } = out;
  for (const invocation of invocations) {
    const took = style.dim(`  ${formatDuration(invocation.outcome.durationMs)}`);
    out.line(`⇢ ${triggerText(invocation)} → ${style.bold(invocation.function)}${took}`, 4);
    if (invocation.filledAccount !== undefined && !ctx.shown.accountNote) {
      ctx.shown.accountNote = true;
      out.paragraph(
        style.dim(
          `(moto's EventBridge leaves \`account\` out of the events it delivers: the sandbox put back ${invocation.filledAccount}, the account the event came from)`,
        ),
        6,
      );
    }
    for (const line of describeOutcome(invocation, style)) out.line(line, 6);
    if (invocation.calls.length > 0) out.paragraph(style.dim(describeCalls(invocation.calls)), 6);
    if (ctx.verbose) {
      for (const line of invocation.outcome.output) out.line(style.dim(line), 8);
    }
    if (invocation.outcome.status === 'failed') {
      ctx.problems.push(`${invocation.function} failed: ${invocation.outcome.error.message}`);
    }
    if (invocation.function === 'notify-slack') showSlackPosts(ctx);
  }
}

/** Invokes the handlers on every routed event, and tells what each did. */
async function runHandlers(ctx: ScenarioContext): Promise<Invocation[]> {
  const invocations = await ctx.poller.drain();
  if (invocations.length === 0) {
    ctx.out.line(ctx.out.style.dim('no rule matched: no function was invoked'), 4);
  }
  tellInvocations(ctx, invocations);
  return invocations;
}

async function emit(ctx: ScenarioContext, event: EventBridgeEvent, what: string): Promise<void> {
  const { eventId, bus } = await ctx.world.emit(event);
  const forwarded = bus === 'default' ? 'on the default bus' : `forwarded to bus ${bus}`;
  ctx.out.line(
    `${ctx.out.style.yellow('AWS')}  ${what}: ${event['detail-type']} ${forwarded} ${ctx.out.style.dim(`(event ${eventId.slice(0, 8)})`)}`,
    4,
  );
}

function expect(ctx: ScenarioContext, condition: boolean, problem: string): void {
  if (!condition) {
    ctx.problems.push(problem);
    ctx.out.line(ctx.out.style.red(`✗ ${problem}`), 4);
  }
}

/** Whether a Slack post since `from` is a notice whose fallback text starts with `start`. */
function noticePosted(ctx: ScenarioContext, from: number, start: string): boolean {
  return ctx.slack.posts
    .slice(from)
    .some((post) => String((post.payload as { text?: unknown }).text ?? '').startsWith(start));
}

function enforced(invocations: Invocation[]): RepositoryReport[] {
  return invocations.flatMap((i) => {
    const response = i.outcome.status === 'succeeded' ? i.outcome.response : undefined;
    return i.function === 'enforce-repository' &&
      (response as { outcome?: string } | undefined)?.outcome === 'enforced'
      ? (response as { repositories: RepositoryReport[] }).repositories
      : [];
  });
}

async function createsRepository(ctx: ScenarioContext): Promise<void> {
  const { out, world } = ctx;
  const { style } = out;
  out.heading(
    `1. The payments team creates ${NEW_REPOSITORY} in the member account ${world.member}`,
  );
  await createRepository(world.ecr(world.member), NEW_REPOSITORY, { tags: { team: 'payments' } });
  out.line(
    `${style.cyan('moto')} CreateRepository ${NEW_REPOSITORY}: tags MUTABLE, no lifecycle policy, no scan on push (ECR's defaults)`,
    4,
  );
  const caller: Caller = { account: world.member, ...PAYMENTS_DEVELOPER };
  await emit(
    ctx,
    cloudTrailCall('CreateRepository', {
      region: world.region,
      repositoryName: NEW_REPOSITORY,
      caller,
    }),
    'CloudTrail records CreateRepository',
  );
  const posted = ctx.slack.posts.length;
  const invocations = await runHandlers(ctx);
  const remediated = enforced(invocations).flatMap((r) =>
    r.controls.filter((c) => c.status === 'remediated'),
  );
  expect(
    ctx,
    remediated.length === 3,
    `expected 3 remediations of ${NEW_REPOSITORY}, got ${remediated.length}`,
  );
  // The owning team is told what changed (notices.enabled), in its own channel.
  expect(
    ctx,
    noticePosted(ctx, posted, `ecr-guard changed ${NEW_REPOSITORY}`),
    `the payments team should have been told what changed on ${NEW_REPOSITORY}`,
  );
}

async function pushesImage(ctx: ScenarioContext): Promise<string> {
  const { out, world } = ctx;
  const { style } = out;
  out.heading(`2. CI pushes ${NEW_REPOSITORY}:${NEW_TAG}`);
  const digest = await pushImage(world.ecr(world.member), NEW_REPOSITORY, {
    tag: NEW_TAG,
    seed: `${NEW_REPOSITORY}:${NEW_TAG}`,
  });
  out.line(
    `${style.cyan('moto')} PutImage ${NEW_REPOSITORY}:${NEW_TAG} → ${digest.slice(0, 19)}…`,
    4,
  );
  await emit(
    ctx,
    imagePushed({
      account: world.member,
      region: world.region,
      repositoryName: NEW_REPOSITORY,
      imageDigest: digest,
      imageTag: NEW_TAG,
    }),
    'ECR reports the push',
  );
  const invocations = await runHandlers(ctx);
  const writes = enforced(invocations).flatMap((r) => r.controls.flatMap((c) => c.writes));
  expect(
    ctx,
    invocations.length === 1 && writes.length === 0,
    'the push should have been enforced with no write',
  );
  return digest;
}

/** An enhanced finding of AWS's sample, about the image pushed here. */
function findingOfThisImage(
  finding: Record<string, unknown>,
  world: SandboxWorld,
  digest: string,
): Record<string, unknown> {
  const { member, region } = world;
  const [resource] = (finding.resources ?? []) as Record<string, unknown>[];
  const details = (resource?.details as { awsEcrContainerImage?: Record<string, unknown> })
    ?.awsEcrContainerImage;
  return {
    ...finding,
    awsAccountId: member,
    findingArn: String(finding.findingArn).replace(
      /:inspector2:[^:]+:\d{12}:/,
      `:inspector2:${region}:${member}:`,
    ),
    resources: [
      {
        ...resource,
        id: `arn:aws:ecr:${region}:${member}:repository/${NEW_REPOSITORY}/${digest}`,
        details: {
          awsEcrContainerImage: {
            ...details,
            imageHash: digest,
            imageTags: [NEW_TAG],
            registry: member,
            repositoryName: NEW_REPOSITORY,
            pushedAt: new Date().toISOString(),
          },
        },
      },
    ],
  };
}

async function scanFindsVulnerabilities(ctx: ScenarioContext, digest: string): Promise<void> {
  const { out, world } = ctx;
  const { style } = out;
  out.heading(`3. The scan of ${NEW_REPOSITORY}:${NEW_TAG} completes with findings`);
  // Real findings of AWS's samples: CVE-2019-5188 (rated CRITICAL here) and CVE-2022-49043
  // (HIGH), the latter's resource made this image.
  const response = scanFindingsResponse({
    repositoryName: NEW_REPOSITORY,
    imageDigest: digest,
    registryId: world.member,
    findings: [basicFinding({ severity: 'CRITICAL' })],
    enhancedFindings: [findingOfThisImage(enhancedFinding(), world, digest)],
  });
  await world.completeScan(world.member, {
    repositoryName: NEW_REPOSITORY,
    imageDigest: digest,
    response,
  });
  out.line(
    `${style.cyan('moto')} StartImageScan; DescribeImageScanFindings will answer 1 CRITICAL, 1 HIGH (set through /moto-api/static/ecr/scan-finding-results)`,
    4,
  );
  const event = scanCompleted({
    account: world.member,
    region: world.region,
    repositoryName: NEW_REPOSITORY,
    imageDigest: digest,
    imageTags: [NEW_TAG],
    severityCounts: { CRITICAL: 1, HIGH: 1 },
  });
  ctx.scanEvent = event;
  const before = ctx.slack.posts.length;
  await emit(ctx, event, 'ECR reports the scan');
  await runHandlers(ctx);
  expect(ctx, ctx.slack.posts.length === before + 1, 'the alert should have reached Slack once');

  out.line('');
  out.line(style.dim('EventBridge delivers at least once: the same scan event, once more'), 4);
  await emit(ctx, { ...event, id: crypto.randomUUID() }, 'ECR reports the scan again');
  await runHandlers(ctx);
  expect(ctx, ctx.slack.posts.length === before + 1, 'a duplicate alert reached Slack');
}

async function driftIsUndone(ctx: ScenarioContext): Promise<void> {
  const { out, world, stack } = ctx;
  const { style } = out;
  const repository = 'web/frontend';
  out.heading(
    `4. Someone deletes the lifecycle policy of ${repository} in the central account ${world.central} (drift)`,
  );
  await world
    .ecr(world.central)
    .send(new DeleteLifecyclePolicyCommand({ repositoryName: repository }));
  out.line(`${style.cyan('moto')} DeleteLifecyclePolicy ${repository}`, 4);
  const person: Caller = { account: world.central, ...CENTRAL_ADMIN };
  await emit(
    ctx,
    cloudTrailCall('DeleteLifecyclePolicy', {
      region: world.region,
      repositoryName: repository,
      caller: person,
    }),
    `CloudTrail records DeleteLifecyclePolicy by ${CENTRAL_ADMIN.roleName}/${CENTRAL_ADMIN.sessionName}`,
  );
  const posted = ctx.slack.posts.length;
  const invocations = await runHandlers(ctx);
  const fixed = enforced(invocations).some((r) =>
    r.controls.some((c) => c.control === 'lifecycle' && c.status === 'remediated'),
  );
  expect(ctx, fixed, `the lifecycle policy of ${repository} should have been put back`);
  expect(
    ctx,
    noticePosted(ctx, posted, `ecr-guard undid DeleteLifecyclePolicy on ${repository}`),
    `the owners of ${repository} should have been told who undid the fix`,
  );

  const roleName = stack.functions.get('enforce-repository')?.roleName;
  if (roleName === undefined) return;
  out.line('');
  out.line(
    style.dim('The fix is an API call too: CloudTrail records ecr-guard’s own PutLifecyclePolicy'),
    4,
  );
  await emit(
    ctx,
    cloudTrailCall('PutLifecyclePolicy', {
      region: world.region,
      repositoryName: repository,
      caller: { account: world.central, roleName, sessionName: 'ecr-guard-enforce-repository' },
    }),
    `CloudTrail records PutLifecyclePolicy by ${roleName}`,
  );
  const loop = await runHandlers(ctx);
  if (loop.length === 0) {
    out.line(
      style.dim(
        'the rule’s pattern leaves out ecr-guard’s own roles by their exact ARN, so its fix triggers nothing (and enforce-repository would ignore it too)',
      ),
      4,
    );
  }
  expect(ctx, loop.length === 0, 'ecr-guard’s own fix should not have invoked any function');
}

async function sweeps(ctx: ScenarioContext): Promise<void> {
  const { out, world, stack } = ctx;
  const { style } = out;
  const [schedule] = stack.schedules.filter((s) => s.function === 'sweep');
  out.heading('5. The daily sweep: ECR events are best effort, so every repository is checked');
  if (schedule === undefined) {
    ctx.problems.push('the template declares no schedule for the sweep function');
    out.line(style.red('✗ the template declares no scheduled sweep: nothing to run'), 4);
    return;
  }

  out.line(style.dim('What it will find (a dry run of the same engine, read-only):'), 4);
  const { clients } = createAccountAccess({
    crossAccount: {
      centralAccount: world.central,
      allowedAccounts: [world.member],
      memberRoleName: 'ecr-guard-remediation',
      partition: 'aws',
    },
    region: world.region,
    sessionName: 'ecr-guard-sandbox-plan',
  });
  const gateways = createGatewayPool(clients);
  const plan: RepositoryReport[] = [];
  for await (const event of sweep(
    {
      targets: [world.central, world.member].map((account) => ({ account, region: world.region })),
      dryRun: true,
      readTags: 'always',
    },
    {
      gatewayFor: (t) => gateways.ecrGateway(t),
      standard: ctx.standard,
      now: () => new Date(),
    },
  )) {
    if (event.type === 'repository') plan.push(event.report);
  }
  const toFix = plan
    .filter(
      (r) => r.controls.some((c) => c.status !== 'compliant') || r.ignoredExemptions.length > 0,
    )
    .sort((a, b) =>
      `${a.account}${a.repositoryName}`.localeCompare(`${b.account}${b.repositoryName}`),
    );
  for (const report of toFix) {
    for (const line of describeRepository(report, style)) out.line(line, 6);
  }
  const compliant = plan.length - toFix.length;
  out.line(`and ${compliant} compliant repositor${compliant === 1 ? 'y' : 'ies'}`, 6);

  out.line('');
  await world.fire(
    schedule,
    scheduledEvent({ account: world.central, region: world.region, ruleArn: schedule.ruleArn }),
  );
  out.line(
    `${style.yellow('AWS')}  the schedule ${schedule.ruleName} (${schedule.expression}) fires ${style.dim('(moto runs no schedules: the sandbox fires it)')}`,
    4,
  );
  const invocations = await runHandlers(ctx);
  expect(
    ctx,
    invocations.some((i) => i.function === 'sweep-worker' && i.outcome.status === 'succeeded'),
    'the sweep worker should have run',
  );
}

const WORKER_REPOSITORY = 'payments/worker';

/**
 * Pushes build-N of the worker: 40 MB and more (moto reports the manifest config's `size` as
 * the image's `imageSizeInBytes`). Returns the digest.
 */
async function pushWorkerBuild(ecr: ECRClient, build: number): Promise<string> {
  const sha = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;
  const size = 40_000_000 + build * 1_000_000;
  const out = await ecr.send(
    new PutImageCommand({
      repositoryName: WORKER_REPOSITORY,
      imageTag: `build-${build}`,
      imageManifest: JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          size,
          digest: sha(`worker-config-${build}`),
        },
        layers: [
          {
            mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
            size,
            digest: sha(`worker-layer-${build}`),
          },
        ],
      }),
    }),
  );
  return out.image?.imageId?.imageDigest ?? '';
}

/** The preview `ecr-guard lifecycle preview --repository payments/worker` prints, in short. */
async function previewWorker(ctx: ScenarioContext): Promise<{ inUse: number; expiring: number }> {
  const { out, world, standard } = ctx;
  const { style } = out;
  const { clients } = createAccountAccess({
    crossAccount: undefined,
    region: world.region,
    sessionName: 'ecr-guard-sandbox-preview',
  });
  // One preview is one run: what runs is read once, fresh.
  const gateways = createGatewayPool(clients);
  const target = { account: world.central, region: world.region };
  const preview = await runLifecyclePreview(
    { targets: [target], regions: [world.region], repositoryName: WORKER_REPOSITORY },
    { gatewayFor: (t) => gateways.ecrGateway(t), standard, now: () => new Date() },
  );
  const [repository] = preview.repositories;
  if (repository === undefined) return { inUse: 0, expiring: 0 };
  out.line(
    `${style.bold('ecr-guard lifecycle preview')} --repository ${WORKER_REPOSITORY} ${style.dim(`(policy: the ${repository.policySource}'s)`)}`,
    4,
  );
  for (const image of repository.images) {
    const users = image.inUse.map((u) => `${u.kind} ${u.name}`).join('; ');
    out.line(
      `${image.action} ${image.imageTags.join(',')} ${style.dim(`${image.imageDigest.slice(0, 19)}… rule ${image.rulePriority}, ${formatBytes(image.sizeBytes)}`)}${users === '' ? '' : ` ${style.red(`IN USE by ${users}`)}`}`,
      6,
    );
  }
  const calls = Object.values(preview.targets[0]?.inUseCalls ?? {}).reduce((a, b) => a + b, 0);
  out.line(
    `${repository.expiringCount} of ${repository.imageCount} images would expire, freeing ${formatBytes(repository.bytesFreed)} (${repository.monthlyCostFreed.toFixed(4)} ${preview.currency}/month); what runs cost ${calls} calls to read`,
    6,
  );
  return { inUse: repository.inUseAtRisk, expiring: repository.expiringCount };
}

async function lifecycleWithoutFear(ctx: ScenarioContext): Promise<void> {
  const { out, world } = ctx;
  const { style } = out;
  out.heading(
    `6. Lifecycle without fear: ${WORKER_REPOSITORY} has 12 images, and an ECS service still runs an old one`,
  );
  const ecr = world.ecr(world.central);
  await createRepository(ecr, WORKER_REPOSITORY, { tags: { team: 'payments' } });
  // moto records push times to the second: the two oldest builds a second before the rest.
  const digests: string[] = [];
  for (let build = 1; build <= 12; build += 1) {
    if (build === 3) await new Promise((resolve) => setTimeout(resolve, 1_100));
    digests.push(await pushWorkerBuild(ecr, build));
  }
  out.line(`${style.cyan('moto')} PutImage ${WORKER_REPOSITORY}:build-1 … build-12`, 4);
  const ecs = new ECSClient({
    endpoint: world.endpoint,
    region: world.region,
    credentials: SANDBOX_CREDENTIALS,
  });
  const image = (tag: string): string =>
    `${world.central}.dkr.ecr.${world.region}.amazonaws.com/${WORKER_REPOSITORY}:${tag}`;
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  const old = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'payments-worker',
      containerDefinitions: [{ name: 'worker', image: image('build-2'), memory: 512 }],
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'prod',
      serviceName: 'payments-worker',
      taskDefinition: old.taskDefinition?.taskDefinitionArn,
      desiredCount: 2,
    }),
  );
  out.line(
    `${style.cyan('moto')} ECS service prod/payments-worker runs ${WORKER_REPOSITORY}:build-2`,
    4,
  );
  const before = await previewWorker(ctx);
  expect(
    ctx,
    before.expiring === 2 && before.inUse === 1,
    'the preview should show build-2 in use among 2 expiring',
  );

  const pushEvent = imagePushed({
    account: world.central,
    region: world.region,
    repositoryName: WORKER_REPOSITORY,
    imageDigest: digests[11] ?? '',
    imageTag: 'build-12',
  });
  await emit(ctx, pushEvent, 'ECR reports the push of build-12');
  const refused = enforced(await runHandlers(ctx)).flatMap((r) =>
    r.controls.filter((c) => c.control === 'lifecycle'),
  );
  expect(
    ctx,
    refused.length === 1 && refused[0]?.status === 'violation' && refused[0].writes.length === 0,
    'the lifecycle policy should have been refused: it would expire build-2, in use',
  );

  const current = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'payments-worker',
      containerDefinitions: [{ name: 'worker', image: image('build-12'), memory: 512 }],
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'prod',
      serviceName: 'payments-worker-v2',
      taskDefinition: current.taskDefinition?.taskDefinitionArn,
      desiredCount: 2,
    }),
  );
  await ecs.send(
    new DeleteServiceCommand({ cluster: 'prod', service: 'payments-worker', force: true }),
  );
  out.line(
    `${style.cyan('moto')} the team moves to prod/payments-worker-v2 on build-12 and deletes prod/payments-worker`,
    4,
  );
  await previewWorker(ctx);
  await emit(ctx, pushEvent, 'ECR reports a push again');
  const attached = enforced(await runHandlers(ctx)).flatMap((r) =>
    r.controls.filter((c) => c.control === 'lifecycle'),
  );
  expect(
    ctx,
    attached[0]?.status === 'remediated',
    'the lifecycle policy should have been attached once nothing in use would expire',
  );
}

/**
 * Runs the seven steps, telling each; problems are collected in `ctx.problems`.
 *
 * @example
 * ```ts
 * await runScenario(ctx);
 * if (ctx.problems.length > 0) process.exitCode = 1;
 * ```
 */
export async function runScenario(ctx: ScenarioContext): Promise<void> {
  await createsRepository(ctx);
  const digest = await pushesImage(ctx);
  await scanFindsVulnerabilities(ctx, digest);
  await driftIsUndone(ctx);
  await sweeps(ctx);
  await lifecycleWithoutFear(ctx);
  await findingStorm(ctx);
}

/**
 * A CVE published on images already pushed: Inspector emits one `Inspector2 Finding` per
 * image, a dozen images of two teams, in one window of the finding queue.
 */
async function findingStorm(ctx: ScenarioContext): Promise<void> {
  const { out, world } = ctx;
  const { style } = out;
  const images = stormImages(12, ['checkout', 'search'], 'sandbox');
  out.heading(
    `7. A new CVE (${STORM_CVE}) hits ${images.length} images of two teams already pushed`,
  );
  // Compliant repositories: the storm is about alerts, the final audit stays clean.
  for (const image of images) {
    await createRepository(world.ecr(world.member), image.repositoryName, {
      mutability: ctx.standard.immutability.mode,
      exclusions: [...ctx.standard.immutability.exclusions],
      scanOnPush: true,
      lifecyclePolicyText: canonicalLifecyclePolicyText(ctx.standard.lifecycle.policy),
      tags: { team: image.team },
    });
  }
  out.line(
    style.dim(
      `${images.length} repositories of checkout and search in ${world.member}; Inspector's real finding sample, one per image (rated HIGH here: the standard alerts from ${ctx.standard.alerts.minSeverity})`,
    ),
    4,
  );
  const before = ctx.slack.posts.length;
  for (const image of images) {
    const event = stormEvent(image, 'ACTIVE', 0, {
      account: world.member,
      region: world.region,
      severity: 'HIGH',
    }) as EventBridgeEvent;
    await world.emit({ ...event, time: new Date().toISOString() });
  }
  out.line(
    `${style.yellow('AWS')}  Inspector reports ${images.length} findings: Inspector2 Finding ×${images.length} on bus ${ctx.world.region} → the finding queue`,
    4,
  );
  await runHandlers(ctx);
  const posts = ctx.slack.posts.length - before;
  expect(
    ctx,
    posts === 2,
    `the storm should reach Slack as 2 messages (one per team), not ${posts}`,
  );
}
