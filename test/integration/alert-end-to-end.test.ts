/**
 * The whole alert path on this machine: scan event → report-findings → SNS (emulator) → HTTP
 * subscription → notify-slack → Slack (loopback receiver). Measures the time from the event
 * in to the Slack request out (budget: 1 s, docs/ARCHITECTURE.md section 8), and counts the AWS commands per scan
 * event with an SDK middleware.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import type { ReportFindingsResponse } from '#functions/report-findings.ts';
import {
  createNotifySlackDeps,
  createReportFindingsDeps,
  notifySlack,
  reportFindings,
} from '#lib/app/index.ts';
import { createClientFactory } from '#lib/aws/index.ts';
import { normalizeEvent } from '#lib/events/index.ts';
import { isScanCompletedEvent, type ScanCompletedEvent } from '#lib/findings/index.ts';
import { DEFAULT_STANDARD } from '#lib/standard/index.ts';
import {
  ACCOUNT,
  completeScan,
  createAlertingResources,
  createWebhookSecret,
  type NotificationReceiver,
  pushImage,
  startNotificationReceiver,
  TABLE_NAME,
  topicArn,
} from '../../harness/alerting-arrange.ts';
import {
  basicFinding,
  enhancedFinding,
  scanFindingsResponse,
} from '../../harness/aws-response-fixtures.ts';
import { arrangeClient, createRepository, useAwsEnvironment } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventFixture, withField } from '../../harness/fixtures.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';
import { type SlackReceiver, startSlackReceiver } from '../../harness/slack-receiver.ts';
import { snsLambdaEvent } from '../../harness/sns-lambda-event.ts';
import { countSdkCommands } from '../support/count-sdk-commands.ts';
import { sampleAlert } from '../support/sample-alerts.ts';

const REGION = 'us-east-1';
const REPOSITORY = 'my-repository-name';
const WEBHOOK = '/services/T000/B001/paymentswebhook';
const SCAN_SAMPLE = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');
const BUDGET_MS = 1_000;
const RUNS = 5;

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;

function scanEvent(
  digest: string,
  tag: string,
  counts: Record<string, number> = { CRITICAL: 1, HIGH: 1 },
): unknown {
  let event = withField(SCAN_SAMPLE, ['detail', 'image-digest'], digest);
  event = withField(event, ['detail', 'image-tags'], [tag]);
  return withField(event, ['detail', 'finding-severity-counts'], counts);
}

function normalizedScan(raw: unknown): ScanCompletedEvent {
  const event = normalizeEvent(raw);
  if (!isScanCompletedEvent(event)) throw new Error('not a scan event');
  return event;
}

describe('Alert path end to end (emulator, Slack on loopback)', () => {
  const endpoint = inject('awsEndpoint');
  const ecr = arrangeClient(endpoint, REGION);
  let slack: SlackReceiver;
  let lambdaShim: NotificationReceiver;
  let reportFindingsHandler: Handler<ReportFindingsResponse>;
  let notifySlackHandler: Handler<NotifySlackResponse>;
  let secretArn: string;

  async function scannedImage(seed: string, tag: string): Promise<string> {
    const digest = await pushImage(ecr, REPOSITORY, { tag, seed });
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: scanFindingsResponse({
        repositoryName: REPOSITORY,
        imageDigest: digest,
        registryId: ACCOUNT,
        findings: [basicFinding({ severity: 'CRITICAL' })],
        enhancedFindings: [enhancedFinding()],
      }),
    });
    return digest;
  }

  beforeAll(async () => {
    await resetEmulator(endpoint);
    slack = await startSlackReceiver();
    // Stands in for Lambda's SNS trigger: moto posts each notification here synchronously.
    lambdaShim = await startNotificationReceiver();
    lambdaShim.onNotification = async (notification) => {
      await notifySlackHandler(
        snsLambdaEvent(notification),
        lambdaContext('ecr-guard-notify-slack'),
      );
    };
    await createRepository(ecr, REPOSITORY, { tags: { team: 'payments' } });
    await createAlertingResources(endpoint, REGION, { httpEndpoint: lambdaShim.url });
    secretArn = await createWebhookSecret(endpoint, REGION, {
      payments: `${slack.url}${WEBHOOK}`,
      default: `${slack.url}/services/T000/B000/default`,
    });
    useAwsEnvironment(endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
      SLACK_WEBHOOKS_SECRET_ARN: secretArn,
    });
    ({ handler: reportFindingsHandler } = (await import('#functions/report-findings.ts')) as {
      handler: Handler<ReportFindingsResponse>;
    });
    ({ handler: notifySlackHandler } = (await import('#functions/notify-slack.ts')) as {
      handler: Handler<NotifySlackResponse>;
    });
  });

  afterAll(async () => {
    ecr.destroy();
    await lambdaShim.close();
    await slack.close();
  });

  it(`posts to Slack within ${BUDGET_MS} ms of the scan event, cold and warm`, async () => {
    // Prepare
    const images = [];
    for (let run = 0; run < RUNS; run += 1) {
      images.push({
        tag: `v1.0.${run}`,
        digest: await scannedImage(`image-${run}`, `v1.0.${run}`),
      });
    }

    // Act
    const latencies: number[] = [];
    for (const { digest, tag } of images) {
      const seen = slack.postsTo(WEBHOOK).length;
      const started = Date.now();
      const response = await reportFindingsHandler(
        scanEvent(digest, tag),
        lambdaContext('ecr-guard-report-findings'),
      );
      const post = await slack.nextPostTo(WEBHOOK, seen);
      expect(response.outcome).toBe('published');
      latencies.push(post.at - started);
    }

    // Assess
    const [cold, ...warm] = latencies;
    const sorted = [...warm].sort((a, b) => a - b);
    process.stdout.write(
      `alert latency, scan event in → Slack request out: cold ${cold} ms, warm ${sorted.join(', ')} ms (median ${sorted[Math.floor(sorted.length / 2)]} ms)\n`,
    );
    expect(Math.max(...latencies)).toBeLessThanOrEqual(BUDGET_MS);
    const posted = slack.postsTo(WEBHOOK);
    expect(posted).toHaveLength(RUNS);
    expect(posted.flatMap((p) => p.violations)).toEqual([]);
  });

  it('counts the AWS commands of a scan event: with findings, again, and clean', async () => {
    // Prepare
    const counter = countSdkCommands(createClientFactory());
    const deps = createReportFindingsDeps({
      clients: counter.clients,
      standard: DEFAULT_STANDARD,
      alerting: {
        alertsTopicArn: topicArn(REGION),
        dedupeTableName: TABLE_NAME,
        dedupeTtlDays: 7,
        region: REGION,
      },
    });
    const digest = await scannedImage('counted', 'v2.0.0');
    const withFindings = normalizedScan(scanEvent(digest, 'v2.0.0'));
    const clean = normalizedScan(scanEvent(digest, 'v2.0.0', {}));

    // Act
    await reportFindings(withFindings, deps);
    const first = [...counter.commands];
    counter.clear();
    await reportFindings(withFindings, deps);
    const duplicate = [...counter.commands];
    counter.clear();
    await reportFindings(clean, deps);
    const none = [...counter.commands];

    // Assess
    process.stdout.write(
      `AWS commands per scan event: first alert ${first.length} (${first.join(' ')}); duplicate ${duplicate.length} (${duplicate.join(' ')}); clean scan ${none.length}\n`,
    );
    // The claim's conditional put, then the confirm's once published.
    expect([...first].sort()).toEqual([
      'DynamoDBClient:PutItemCommand',
      'DynamoDBClient:PutItemCommand',
      'ECRClient:DescribeImageScanFindingsCommand',
      'ECRClient:ListTagsForResourceCommand',
      'SNSClient:PublishCommand',
    ]);
    expect([...duplicate].sort()).toEqual([
      'DynamoDBClient:PutItemCommand',
      'ECRClient:DescribeImageScanFindingsCommand',
      'ECRClient:ListTagsForResourceCommand',
    ]);
    expect(none).toEqual([]);
  });

  it('counts the AWS commands of notify-slack: the secret once per container', async () => {
    // Prepare
    const counter = countSdkCommands(createClientFactory());
    const deps = createNotifySlackDeps({ clients: counter.clients, webhooksSecretArn: secretArn });
    const alert = sampleAlert({ team: 'payments' });
    const delivery = { alert, messageId: 'm-1', handBacks: 0, firstMessageId: 'm-1' };

    // Act
    await notifySlack(delivery, deps);
    const cold = [...counter.commands];
    counter.clear();
    await notifySlack(delivery, deps);
    const warm = [...counter.commands];

    // Assess
    process.stdout.write(
      `AWS commands per Slack notification: cold ${cold.join(' ')}; warm ${warm.length}\n`,
    );
    expect(cold).toEqual(['SecretsManagerClient:GetSecretValueCommand']);
    expect(warm).toEqual([]);
  });
});
