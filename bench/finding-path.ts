/**
 * The continuous-scanning path on this machine, through the real handlers: a batch of the
 * finding queue (Inspector2 Finding events, derived from the real sample) → report-findings
 * → SNS (emulator) → HTTP subscription → notify-slack → Slack (loopback receiver). The window
 * itself (the queue's batch window, alerts.window) is counted apart: the time measured starts
 * when the batch reaches the function. Counts the AWS calls per finding event on the wire.
 */
import {
  createAlertingResources,
  createWebhookSecret,
  startNotificationReceiver,
  TABLE_NAME,
  topicArn,
} from '../harness/alerting-arrange.ts';
import { startAwsProxy } from '../harness/aws-proxy.ts';
import { arrangeClient, createRepository, useAwsEnvironment } from '../harness/ecr-arrange.ts';
import { resetEmulator } from '../harness/emulator.ts';
import { STORM_REGION, sqsBatchOf, stormEvent, stormImages } from '../harness/finding-storm.ts';
import { lambdaContext } from '../harness/lambda-context.ts';
import { startSlackReceiver } from '../harness/slack-receiver.ts';
import { snsLambdaEvent } from '../harness/sns-lambda-event.ts';
import { type BenchFigure, figure, median } from './results.ts';

const WEBHOOK = '/services/T000/B000/default';
const TEAMS = ['checkout', 'identity', 'payments', 'search', 'storefront'];

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/**
 * Runs `runs` single-finding windows (the first on cold handlers), then a storm of 100
 * finding events for one CVE on 100 images of 5 teams.
 *
 * @example
 * ```ts
 * const figures = await measureFindingPath(endpoint, 4, configPath);
 * ```
 */
export async function measureFindingPath(
  endpoint: string,
  runs: number,
  configPath: string,
): Promise<BenchFigure[]> {
  if (runs < 2) throw new RangeError(`measureFindingPath needs at least 2 runs, not ${runs}`);
  await resetEmulator(endpoint);
  const proxy = await startAwsProxy({ target: endpoint });
  const slack = await startSlackReceiver();
  const shim = await startNotificationReceiver();
  const ecr = arrangeClient(endpoint, STORM_REGION);
  try {
    const singles = stormImages(runs, ['payments'], 'single');
    const storm = stormImages(100, TEAMS);
    for (const image of [...singles, ...storm]) {
      await createRepository(ecr, image.repositoryName, { tags: { team: image.team } });
    }
    await createAlertingResources(endpoint, STORM_REGION, { httpEndpoint: shim.url });
    const secretArn = await createWebhookSecret(endpoint, STORM_REGION, {
      default: `${slack.url}${WEBHOOK}`,
    });
    useAwsEnvironment(proxy.endpoint, STORM_REGION, {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ALERTS_TOPIC_ARN: topicArn(STORM_REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
      SLACK_WEBHOOKS_SECRET_ARN: secretArn,
      ECR_GUARD_CONFIG: configPath,
    });
    const report = (await import('../functions/report-findings.ts')) as { handler: Handler };
    const notify = (await import('../functions/notify-slack.ts')) as { handler: Handler };
    shim.onNotification = async (notification) => {
      await notify.handler(snsLambdaEvent(notification), lambdaContext('ecr-guard-notify-slack'));
    };

    const latencies: number[] = [];
    let singleCalls: string[] = [];
    for (const [i, image] of singles.entries()) {
      const seen = slack.postsTo(WEBHOOK).length;
      proxy.clear();
      const started = Date.now();
      await report.handler(sqsBatchOf([stormEvent(image)], `single-${i}`), lambdaContext('x'));
      const post = await slack.nextPostTo(WEBHOOK, seen);
      latencies.push(post.at - started);
      if (i === 1) singleCalls = proxy.operations().filter((o) => !o.startsWith('secretsmanager'));
    }
    const [cold = 0, ...warm] = latencies;

    const seen = slack.postsTo(WEBHOOK).length;
    proxy.clear();
    const started = Date.now();
    await report.handler(
      sqsBatchOf(
        storm.map((image) => stormEvent(image)),
        'storm',
      ),
      lambdaContext('x'),
    );
    for (let posted = 0; posted < TEAMS.length; posted += 1) {
      await slack.nextPostTo(WEBHOOK, seen + posted);
    }
    const stormMs = Date.now() - started;
    const stormCalls = proxy.operations();
    const stormPosts = slack.postsTo(WEBHOOK).length - seen;
    proxy.clear();
    await report.handler(
      sqsBatchOf(
        storm.map((image) => stormEvent(image)),
        'again',
      ),
      lambdaContext('x'),
    );
    const againCalls = proxy.operations();

    const count = (calls: string[]): string => {
      const by = new Map<string, number>();
      for (const call of calls) by.set(call, (by.get(call) ?? 0) + 1);
      return [...by].map(([call, n]) => `${call}×${n}`).join(' ');
    };
    return [
      figure('finding event in -> Slack request out, cold (window apart)', Math.round(cold), 'ms', {
        limit: 1000,
      }),
      figure(
        'finding event in -> Slack request out, warm median (window apart)',
        Math.round(median(warm)),
        'ms',
        { limit: 1000 },
      ),
      figure(
        'one finding event alone: calls (report-findings, notify-slack)',
        singleCalls.length,
        'calls',
        // The tag read, the claim, the publish, the confirm; notify-slack's claim and confirm.
        { limit: 6, note: count(singleCalls) },
      ),
      figure(
        'storm of 100 finding events (1 CVE, 100 images, 5 teams): Slack posts',
        stormPosts,
        'posts',
        {
          limit: TEAMS.length,
        },
      ),
      figure('storm: batch in -> last Slack request out', stormMs, 'ms'),
      figure(
        'storm: calls per finding event',
        Number((stormCalls.length / 100).toFixed(2)),
        'calls',
        // Per event: its repository's tag read, its image's claim and confirm; per team: one
        // publish and notify-slack's claim and confirm.
        { limit: 4, note: count(stormCalls) },
      ),
      figure(
        'storm again (a redelivery): calls per finding event',
        Number((againCalls.length / 100).toFixed(2)),
        'calls',
        { limit: 2, note: `${count(againCalls)} (nothing published)` },
      ),
    ];
  } finally {
    ecr.destroy();
    await shim.close();
    await slack.close();
    await proxy.close();
  }
}
