/**
 * The alert path on this machine, through the real handlers: scan event → report-findings →
 * SNS (emulator) → HTTP subscription → notify-slack → Slack (loopback receiver). Measures the
 * time from the event in to the Slack request out, and counts the AWS calls per scan event on
 * the wire.
 */
import {
  ACCOUNT,
  completeScan,
  createAlertingResources,
  createWebhookSecret,
  pushImage,
  startNotificationReceiver,
  TABLE_NAME,
  topicArn,
} from '../harness/alerting-arrange.ts';
import { startAwsProxy } from '../harness/aws-proxy.ts';
import { basicFinding, scanFindingsResponse } from '../harness/aws-response-fixtures.ts';
import { arrangeClient, createRepository, useAwsEnvironment } from '../harness/ecr-arrange.ts';
import { resetEmulator } from '../harness/emulator.ts';
import { loadEventFixture, withField } from '../harness/fixtures.ts';
import { lambdaContext } from '../harness/lambda-context.ts';
import { startSlackReceiver } from '../harness/slack-receiver.ts';
import { snsLambdaEvent } from '../harness/sns-lambda-event.ts';
import { type BenchFigure, figure, median } from './results.ts';

const REGION = 'us-east-1';
const REPOSITORY = 'bench-alerts';
const WEBHOOK = '/services/T000/B001/benchwebhook';
const SCAN = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

function scanEvent(digest: string, tag: string, counts: Record<string, number>): unknown {
  let event = withField(SCAN, ['detail', 'repository-name'], REPOSITORY);
  event = withField(event, ['region'], REGION);
  event = withField(event, ['detail', 'image-digest'], digest);
  event = withField(event, ['detail', 'image-tags'], [tag]);
  return withField(event, ['detail', 'finding-severity-counts'], counts);
}

/**
 * Runs `runs` alerts (the first on cold handlers) and a duplicate and a clean scan.
 *
 * @example
 * ```ts
 * const figures = await measureAlertPath(endpoint, 5);
 * ```
 */
export async function measureAlertPath(endpoint: string, runs: number): Promise<BenchFigure[]> {
  // The first run is the cold one; the calls are counted on the second.
  if (runs < 2) throw new RangeError(`measureAlertPath needs at least 2 runs, not ${runs}`);
  await resetEmulator(endpoint);
  const proxy = await startAwsProxy({ target: endpoint });
  const slack = await startSlackReceiver();
  const shim = await startNotificationReceiver();
  const ecr = arrangeClient(endpoint, REGION);
  try {
    await createRepository(ecr, REPOSITORY, { tags: { team: 'payments' } });
    await createAlertingResources(endpoint, REGION, { httpEndpoint: shim.url });
    const secretArn = await createWebhookSecret(endpoint, REGION, {
      payments: `${slack.url}${WEBHOOK}`,
      default: `${slack.url}/services/T000/B000/default`,
    });
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
      SLACK_WEBHOOKS_SECRET_ARN: secretArn,
    });
    const report = (await import('../functions/report-findings.ts')) as { handler: Handler };
    const notify = (await import('../functions/notify-slack.ts')) as { handler: Handler };
    shim.onNotification = async (notification) => {
      await notify.handler(snsLambdaEvent(notification), lambdaContext('ecr-guard-notify-slack'));
    };

    const images: Array<{ digest: string; tag: string }> = [];
    for (let i = 0; i < runs; i += 1) {
      const tag = `v1.0.${i}`;
      const digest = await pushImage(ecr, REPOSITORY, { tag, seed: `bench-${i}` });
      await completeScan(endpoint, ecr, {
        region: REGION,
        repositoryName: REPOSITORY,
        imageDigest: digest,
        response: scanFindingsResponse({
          repositoryName: REPOSITORY,
          imageDigest: digest,
          registryId: ACCOUNT,
          findings: [basicFinding({ severity: 'CRITICAL' })],
          enhancedFindings: [],
        }),
      });
      images.push({ digest, tag });
    }

    const latencies: number[] = [];
    let firstCalls: string[] = [];
    for (const [i, { digest, tag }] of images.entries()) {
      const seen = slack.postsTo(WEBHOOK).length;
      proxy.clear();
      const started = Date.now();
      await report.handler(
        scanEvent(digest, tag, { CRITICAL: 1 }),
        lambdaContext('ecr-guard-report-findings'),
      );
      const post = await slack.nextPostTo(WEBHOOK, seen);
      latencies.push(post.at - started);
      // The alert's calls, both functions': notify-slack's secret read happens on the first only.
      if (i === 1) firstCalls = proxy.operations().filter((o) => !o.startsWith('secretsmanager'));
    }
    const [cold = 0, ...warm] = latencies;
    const last = images[images.length - 1];
    proxy.clear();
    if (last) {
      await report.handler(
        scanEvent(last.digest, last.tag, { CRITICAL: 1 }),
        lambdaContext('ecr-guard-report-findings'),
      );
    }
    const duplicateCalls = proxy.operations();
    proxy.clear();
    await report.handler(scanEvent(last?.digest ?? '', last?.tag ?? '', {}), lambdaContext('x'));
    const cleanCalls = proxy.operations();

    return [
      figure('alert: scan event in -> Slack request out, cold', Math.round(cold), 'ms', {
        limit: 1000,
      }),
      figure(
        'alert: scan event in -> Slack request out, warm (median)',
        Math.round(median(warm)),
        'ms',
        {
          limit: 1000,
        },
      ),
      // report-findings: 2 reads, the claim, the publish, the confirm; notify-slack: the
      // post's claim and confirm (each alert version posted once).
      figure(
        'scan event with findings: calls (report-findings, notify-slack)',
        firstCalls.length,
        'calls',
        { limit: 7, note: firstCalls.join(' ') },
      ),
      figure('scan event, same findings again: calls', duplicateCalls.length, 'calls', {
        limit: 3,
        note: `${duplicateCalls.join(' ')} (the PutItem is refused by its condition: no alert)`,
      }),
      figure('scan event without findings: calls', cleanCalls.length, 'calls', { limit: 0 }),
    ];
  } finally {
    ecr.destroy();
    await shim.close();
    await slack.close();
    await proxy.close();
  }
}
