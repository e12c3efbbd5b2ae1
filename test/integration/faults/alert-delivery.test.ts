/**
 * Fault suite — no alert lost between the dedupe claim and the publish, none doubled after it.
 * The whole alert path runs on this machine (report-findings → SNS on the emulator → an SQS
 * subscriber and an HTTP subscription → notify-slack → a local Slack receiver), and the faults
 * are those adversarial runs found:
 * - report-findings killed (SIGKILL, in a child process) with its `Publish` in flight, then
 *   retried twice as Lambda retries it: exactly one alert in the end;
 * - the same during an update (a new CRITICAL finding on an image alerted before): exactly one
 *   update, naming the new finding;
 * - a `Publish` that never answers: the invocation ends within the SDK's request timeout, not
 *   at the function's, and gives its claim back;
 * - SNS takes the message and the answer is lost: the SDK must not send the non-idempotent
 *   `Publish` again, and notify-slack posts one Slack message however many times the alert
 *   reaches it (the Lambda retry publishes it again).
 * A killed claim stays pending until its lease ends: the lease is 2 s here
 * (`DEDUPE_LEASE_SECONDS`), where Lambda's own retry comes a minute later.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import type { ReportFindingsResponse } from '#functions/report-findings.ts';
import {
  ACCOUNT,
  completeScan,
  createAlertingResources,
  createWebhookSecret,
  drainQueue,
  pushImage,
  TABLE_NAME,
  topicArn,
} from '../../../harness/alerting-arrange.ts';
import { type AwsProxy, type FaultResponse, startAwsProxy } from '../../../harness/aws-proxy.ts';
import { basicFinding, scanFindingsResponse } from '../../../harness/aws-response-fixtures.ts';
import {
  arrangeClient,
  createRepository,
  useAwsEnvironment,
} from '../../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../../harness/emulator.ts';
import { loadEventFixture, withField } from '../../../harness/fixtures.ts';
import { lambdaContext } from '../../../harness/lambda-context.ts';
import { type SlackReceiver, startSlackReceiver } from '../../../harness/slack-receiver.ts';
import { captureLogs } from '../../support/capture-logs.ts';
import { invokeInChild } from '../../support/child-handler.ts';
import { type SnsLambdaShim, startSnsLambdaShim } from '../../support/sns-lambda-shim.ts';

const REGION = 'us-east-1';
const REPOSITORY = 'delivery-service';
const SCAN = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');
const WEBHOOK = '/services/T0DELIVERY/B0000001/deliveryWebhookToken';
const LEASE_SECONDS = 2;

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;
type Settled<R> = { result: R; error?: undefined } | { result?: undefined; error: unknown };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The alerts the SQS subscriber of the topic received: each notification's alert, parsed. */
function alertsOf(notifications: Record<string, unknown>[]): Record<string, unknown>[] {
  return notifications.map((n) => JSON.parse(String(n.Message)) as Record<string, unknown>);
}

describe('Fault: alert delivery between the claim and the publish', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let slack: SlackReceiver;
  let notifier: SnsLambdaShim<NotifySlackResponse>;
  let ecr: ECRClient;
  let queueUrl: string;
  let reportHandler: Handler<ReportFindingsResponse>;
  let notifyHandler: Handler<NotifySlackResponse>;
  /** What the proxy does with a `Publish`: set by a test. */
  let onPublish: (() => Promise<FaultResponse | undefined>) | undefined;
  let loseNextPublishAnswer = false;
  /** Calls held by a test, answered when it ends so that nothing stays open. */
  const held: (() => void)[] = [];

  async function report(event: unknown): Promise<Settled<ReportFindingsResponse>> {
    const logs = captureLogs();
    try {
      return { result: await reportHandler(event, lambdaContext('ecr-guard-report-findings')) };
    } catch (error) {
      return { error };
    } finally {
      logs.restore();
    }
  }

  /** Lambda's retries of a failed invocation: up to two, each once the previous one ended. */
  async function lambdaRetries(event: unknown): Promise<Settled<ReportFindingsResponse>[]> {
    const outcomes: Settled<ReportFindingsResponse>[] = [];
    for (let retry = 0; retry < 2; retry += 1) {
      const outcome = await report(event);
      outcomes.push(outcome);
      if (outcome.error === undefined) break;
    }
    return outcomes;
  }

  /** An image of REPOSITORY whose completed scan has these findings; returns its event. */
  async function scannedImage(
    findings: Record<string, unknown>[],
    rescanOf?: string,
  ): Promise<{ digest: string; event: unknown }> {
    const digest = rescanOf ?? (await pushImage(ecr, REPOSITORY, { tag: 'v1' }));
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: scanFindingsResponse({
        repositoryName: REPOSITORY,
        imageDigest: digest,
        registryId: ACCOUNT,
        findings,
      }),
      ...(rescanOf === undefined ? {} : { rescan: { tag: 'v1' } }),
    });
    let event = withField(SCAN, ['detail', 'repository-name'], REPOSITORY);
    event = withField(event, ['detail', 'image-digest'], digest);
    return { digest, event };
  }

  /** Holds the next `Publish` without answering, and says when it arrived. */
  function holdPublishes(): Promise<void> {
    return new Promise<void>((seen) => {
      onPublish = () => {
        seen();
        return new Promise<FaultResponse>((answer) => {
          held.push(() => answer({ status: 500, body: 'held until the test ended' }));
        });
      };
    });
  }

  beforeAll(async () => {
    proxy = await startAwsProxy({
      target: endpoint,
      fault: (call) =>
        call.service === 'sns' && call.operation === 'Publish' ? onPublish?.() : undefined,
      loseAnswer: (call) => {
        if (!(call.service === 'sns' && call.operation === 'Publish' && loseNextPublishAnswer)) {
          return false;
        }
        loseNextPublishAnswer = false;
        return true;
      },
    });
    slack = await startSlackReceiver();
    notifier = await startSnsLambdaShim(() => notifyHandler, 'ecr-guard-notify-slack');
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
      DEDUPE_LEASE_SECONDS: String(LEASE_SECONDS),
      SLACK_WEBHOOKS_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ecr-guard/slack-webhooks`,
    });
    ({ handler: reportHandler } = (await import('#functions/report-findings.ts')) as {
      handler: Handler<ReportFindingsResponse>;
    });
    ({ handler: notifyHandler } = (await import('#functions/notify-slack.ts')) as {
      handler: Handler<NotifySlackResponse>;
    });
    ecr = arrangeClient(endpoint, REGION);
  });

  afterAll(async () => {
    ecr.destroy();
    await notifier.close();
    await slack.close();
    await proxy.close();
    delete process.env.DEDUPE_LEASE_SECONDS;
  });

  beforeEach(async () => {
    for (const answer of held.splice(0)) answer();
    onPublish = undefined;
    loseNextPublishAnswer = false;
    await resetEmulator(endpoint);
    ({ queueUrl } = await createAlertingResources(endpoint, REGION, {
      httpEndpoint: notifier.url,
    }));
    await createWebhookSecret(endpoint, REGION, { default: `${slack.url}${WEBHOOK}` });
    await createRepository(ecr, REPOSITORY, { tags: { team: 'payments' } });
    proxy.clear();
    slack.clear();
  });

  it('killed with Publish in flight: exactly one alert is delivered after the retries', async () => {
    // Prepare
    const { event } = await scannedImage([basicFinding({ severity: 'CRITICAL' })]);
    const publishSeen = holdPublishes();

    // Act: the invocation dies with its Publish on the wire; SNS never gets it.
    const child = invokeInChild('functions/report-findings.ts', event);
    await publishSeen;
    child.kill();
    const killed = await child.done;
    onPublish = undefined;
    const retries = await lambdaRetries(event);
    await notifier.idle();

    // Assess
    const alerts = alertsOf(await drainQueue(endpoint, REGION, queueUrl));
    console.info(
      `killed with Publish in flight: retries ${retries.map((r) => r.result?.outcome ?? (r.error as Error).name).join(', ')}; ${alerts.length} alert(s) on SNS, ${slack.postsTo(WEBHOOK).length} Slack post(s)`,
    );
    expect(killed.status).toBe('killed');
    expect(retries.map((r) => r.result?.outcome)).toEqual(['published']);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'new', team: 'payments' });
    expect(slack.postsTo(WEBHOOK)).toHaveLength(1);
    // And a later delivery of the same scan finds it delivered.
    expect((await report(event)).result).toMatchObject({ outcome: 'duplicate' });
  });

  it('killed during an update: exactly one update, naming the new CRITICAL finding', async () => {
    // Prepare: the image was alerted for CVE-2024-1111; a rescan adds CVE-2024-2222.
    const old = basicFinding({ name: 'CVE-2024-1111', severity: 'HIGH' });
    const added = basicFinding({ name: 'CVE-2024-2222', severity: 'CRITICAL' });
    const first = await scannedImage([old]);
    expect((await report(first.event)).result).toMatchObject({ outcome: 'published' });
    const { event } = await scannedImage([old, added], first.digest);
    const publishSeen = holdPublishes();

    // Act
    const child = invokeInChild('functions/report-findings.ts', event);
    await publishSeen;
    child.kill();
    await child.done;
    onPublish = undefined;
    const retries = await lambdaRetries(event);
    await notifier.idle();

    // Assess
    const alerts = alertsOf(await drainQueue(endpoint, REGION, queueUrl));
    const updates = alerts.filter((a) => a.kind === 'update');
    console.info(
      `killed during an update: retries ${retries.map((r) => r.result?.outcome ?? (r.error as Error).name).join(', ')}; ${updates.length} update(s) on SNS, ${slack.postsTo(WEBHOOK).length} Slack post(s) in all`,
    );
    expect(retries.map((r) => r.result?.outcome)).toEqual(['published']);
    expect(alerts.map((a) => a.kind)).toEqual(['new', 'update']);
    expect(updates[0]).toMatchObject({
      newCount: 1,
      findings: expect.arrayContaining([
        expect.objectContaining({ id: 'CVE-2024-2222', new: true }),
        expect.objectContaining({ id: 'CVE-2024-1111', new: false }),
      ]),
    });
    expect(slack.postsTo(WEBHOOK)).toHaveLength(2);
  });

  it('a Publish that never answers: the invocation ends well within the function timeout, and the retry alerts once', async () => {
    // Prepare
    const { event } = await scannedImage([basicFinding({ severity: 'CRITICAL' })]);
    void holdPublishes();

    // Act
    const started = Date.now();
    const pending = report(event);
    const first = await Promise.race([pending, sleep(20_000).then(() => 'still running' as const)]);
    const elapsedMs = Date.now() - started;
    onPublish = undefined;
    for (const answer of held.splice(0)) answer();
    await pending;
    const retries = await lambdaRetries(event);
    await notifier.idle();

    // Assess
    const alerts = alertsOf(await drainQueue(endpoint, REGION, queueUrl));
    console.info(
      `Publish never answering: first invocation ${first === 'still running' ? 'still running' : 'ended'} after ${elapsedMs} ms; then ${alerts.length} alert(s)`,
    );
    expect(first).not.toBe('still running');
    expect(elapsedMs).toBeLessThan(15_000);
    expect(first === 'still running' ? undefined : first.error).toMatchObject({
      operation: 'sns:Publish',
      retryable: true,
    });
    expect(retries.map((r) => r.result?.outcome)).toEqual(['published']);
    expect(alerts).toHaveLength(1);
  });

  it('SNS takes the message and the answer is lost: Publish is not sent again by the SDK, and Slack gets one message', async () => {
    // Prepare
    const { event } = await scannedImage([basicFinding({ severity: 'CRITICAL' })]);
    loseNextPublishAnswer = true;

    // Act: the invocation, then Lambda's retry when it failed.
    const first = await report(event);
    const retries = first.error === undefined ? [] : await lambdaRetries(event);
    await notifier.idle();

    // Assess
    const publishes = proxy.calls.filter((c) => c.operation === 'Publish');
    const alerts = alertsOf(await drainQueue(endpoint, REGION, queueUrl));
    console.info(
      `lost Publish answer: ${publishes.length} Publish request(s) (SDK attempts ${publishes.map((c) => c.attempt).join(',')}), ${alerts.length} SNS deliveries, ${slack.postsTo(WEBHOOK).length} Slack post(s), notify-slack outcomes ${notifier.results.flatMap((r) => r.results.map((x) => x.outcome)).join(', ')}`,
    );
    // No SDK retry of a Publish that may have been taken: each request is a first attempt.
    expect(publishes.map((c) => c.attempt)).toEqual(publishes.map(() => 1));
    expect(first.error).toMatchObject({ operation: 'sns:Publish' });
    expect(retries.map((r) => r.result?.outcome)).toEqual(['published']);
    // Both publishes carry the same alert version, and Slack shows it once.
    expect(new Set(alerts.map((a) => `${a.fingerprint}#${a.generation}`)).size).toBe(1);
    expect(notifier.errors).toEqual([]);
    expect(slack.postsTo(WEBHOOK)).toHaveLength(1);
  });
});
