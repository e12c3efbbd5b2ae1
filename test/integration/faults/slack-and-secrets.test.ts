/**
 * Fault suite — Slack failing, and the webhook URLs as secrets. The whole alert path runs on
 * this machine: scan event → report-findings → SNS (emulator) → HTTP subscription → notify-slack
 * → a local Slack receiver scripted to fail:
 * - 500 then 200: delivered once, after one retry;
 * - 429 with `Retry-After: 1`: waits a second and delivers;
 * - 410 (a revoked webhook): logged with the team, not thrown, not retried;
 * - a closed port (network error): retried, then thrown for Lambda to retry.
 * No log line and no error message, of any of these, may contain a webhook URL or its secret
 * path (the URL is a credential: whoever has it can post to the channel).
 */
import { createServer } from 'node:net';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import type { ReportFindingsResponse } from '#functions/report-findings.ts';
import { SlackDeliveryError } from '#lib/slack/index.ts';
import {
  ACCOUNT,
  completeScan,
  createAlertingResources,
  createWebhookSecret,
  pushImage,
  TABLE_NAME,
  topicArn,
} from '../../../harness/alerting-arrange.ts';
import {
  basicFinding,
  enhancedFinding,
  scanFindingsResponse,
} from '../../../harness/aws-response-fixtures.ts';
import {
  arrangeClient,
  createRepository,
  useAwsEnvironment,
} from '../../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../../harness/emulator.ts';
import { loadEventFixture, withField } from '../../../harness/fixtures.ts';
import { lambdaContext } from '../../../harness/lambda-context.ts';
import { type SlackReceiver, startSlackReceiver } from '../../../harness/slack-receiver.ts';
import { captureLogs, type LogEntry } from '../../support/capture-logs.ts';
import { type SnsLambdaShim, startSnsLambdaShim } from '../../support/sns-lambda-shim.ts';

const REGION = 'us-east-1';
const SCAN = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');
/** Webhook paths shaped like Slack's: the part after /services/ is the secret. */
const PATHS = {
  flaky: '/services/T0FAULTS/B0000500/flakyWebhookToken500',
  limited: '/services/T0FAULTS/B0000429/limitedWebhookToken429',
  revoked: '/services/T0FAULTS/B0000410/revokedWebhookToken410',
  down: '/services/T0FAULTS/B0000000/downWebhookTokenClosed',
  default: '/services/T0FAULTS/B0000001/defaultWebhookToken200',
} as const;
type Team = keyof typeof PATHS;

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Every text an error carries: name, message, stack, and the same for its causes. */
function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    if (current instanceof Error) {
      texts.push(current.name, current.message, current.stack ?? '', JSON.stringify(current));
      current = current.cause;
    } else {
      texts.push(String(current));
      break;
    }
  }
  return texts;
}

describe('Fault: Slack failing, and webhook URLs kept secret', () => {
  const endpoint = inject('awsEndpoint');
  let slack: SlackReceiver;
  let notifier: SnsLambdaShim<NotifySlackResponse>;
  let ecr: ECRClient;
  let reportHandler: Handler<ReportFindingsResponse>;
  let notifyHandler: Handler<NotifySlackResponse>;
  let webhooks: Record<Team, string>;
  /** Everything logged and thrown in this file, searched for the webhooks by the last test. */
  const logged: string[] = [];
  const thrown: unknown[] = [];

  /**
   * Runs one scan of a fresh image of a repository owned by `team` through the whole path,
   * and waits until notify-slack is done. Returns what was logged meanwhile.
   */
  async function alertFor(
    team: Team,
  ): Promise<{ report: ReportFindingsResponse; logs: LogEntry[] }> {
    const repository = `${team}-service`;
    await createRepository(ecr, repository, { tags: { team } });
    const digest = await pushImage(ecr, repository, { tag: 'v1', seed: team });
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: repository,
      imageDigest: digest,
      response: scanFindingsResponse({
        repositoryName: repository,
        imageDigest: digest,
        registryId: ACCOUNT,
        findings: [basicFinding({ severity: 'CRITICAL' })],
        enhancedFindings: [enhancedFinding()],
      }),
    });
    let event = withField(SCAN, ['detail', 'repository-name'], repository);
    event = withField(event, ['detail', 'image-digest'], digest);
    const capture = captureLogs();
    try {
      const report = await reportHandler(event, lambdaContext('ecr-guard-report-findings'));
      await notifier.idle();
      return { report, logs: capture.entries() };
    } catch (error) {
      thrown.push(error);
      throw error;
    } finally {
      capture.restore();
      logged.push(...capture.lines);
    }
  }

  beforeAll(async () => {
    await resetEmulator(endpoint);
    slack = await startSlackReceiver();
    notifier = await startSnsLambdaShim(() => notifyHandler, 'ecr-guard-notify-slack');
    await createAlertingResources(endpoint, REGION, { httpEndpoint: notifier.url });
    const down = `http://127.0.0.1:${await closedPort()}`;
    webhooks = {
      flaky: `${slack.url}${PATHS.flaky}`,
      limited: `${slack.url}${PATHS.limited}`,
      revoked: `${slack.url}${PATHS.revoked}`,
      down: `${down}${PATHS.down}`,
      default: `${slack.url}${PATHS.default}`,
    };
    const secretArn = await createWebhookSecret(endpoint, REGION, webhooks);
    slack.script(PATHS.flaky, [
      { status: 500, body: 'internal_error' },
      { status: 200, body: 'ok' },
    ]);
    slack.script(PATHS.limited, [
      { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' },
      { status: 200, body: 'ok' },
    ]);
    slack.script(PATHS.revoked, [{ status: 410, body: 'no_service' }]);
    useAwsEnvironment(endpoint, REGION, {
      // Everything the functions can say, said.
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
      SLACK_WEBHOOKS_SECRET_ARN: secretArn,
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
  });

  it('delivers once when Slack answers 500, then 200', async () => {
    // Act
    const { report } = await alertFor('flaky');

    // Assess
    expect(report.outcome).toBe('published');
    expect(notifier.errors).toEqual([]);
    expect(notifier.results.at(-1)?.results).toMatchObject([
      { outcome: 'delivered', team: 'flaky', route: 'flaky', attempts: 2 },
    ]);
    expect(slack.postsTo(PATHS.flaky)).toHaveLength(2);
    expect(slack.postsTo(PATHS.flaky)[1]?.violations).toEqual([]);
  });

  it('waits for Retry-After on a 429, then delivers', async () => {
    // Act
    await alertFor('limited');

    // Assess
    expect(notifier.errors).toEqual([]);
    expect(notifier.results.at(-1)?.results).toMatchObject([
      { outcome: 'delivered', team: 'limited', attempts: 2 },
    ]);
    const [first, second] = slack.postsTo(PATHS.limited);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('logs a 410 with the team, and neither throws nor retries', async () => {
    // Act
    const { logs } = await alertFor('revoked');

    // Assess: returned, so Lambda does not retry it; posted once.
    expect(notifier.errors).toEqual([]);
    expect(notifier.results.at(-1)?.results).toMatchObject([
      { outcome: 'rejected', team: 'revoked', httpStatus: 410, body: 'no_service', attempts: 1 },
    ]);
    expect(slack.postsTo(PATHS.revoked)).toHaveLength(1);
    const refusal = logs.find((e) => String(e.message).startsWith('Slack refused the alert'));
    expect(refusal).toMatchObject({
      level: 'ERROR',
      team: 'revoked',
      httpStatus: 410,
      message: expect.stringContaining('team revoked (HTTP 410)'),
    });
  });

  it('retries a network error, then throws for Lambda to retry, naming the route only', async () => {
    // Act
    const { logs } = await alertFor('down');

    // Assess
    expect(notifier.errors).toHaveLength(1);
    const [error] = notifier.errors;
    thrown.push(error);
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect(error).toMatchObject({ route: 'down', attempts: 4, retryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'posting the alert to Slack failed, it will be retried',
        team: 'down',
      }),
    );
  });

  it('never writes a webhook URL, nor its secret path or tokens, in a log line or an error', () => {
    // Prepare: what must not appear, for every webhook.
    const secrets = Object.values(webhooks).flatMap((url) => {
      const { pathname } = new URL(url);
      return [url, pathname, ...pathname.split('/').filter((s) => s !== '' && s !== 'services')];
    });

    // Assess: there is something to search (the tests above ran), and no secret is in it.
    const text = [...logged, ...thrown.flatMap(errorTexts)].join('\n');
    expect(logged.length).toBeGreaterThanOrEqual(8);
    expect(text).toContain('Slack refused the alert of team revoked');
    expect(text).toContain('ECONNREFUSED');
    for (const secret of secrets) expect(text, secret).not.toContain(secret);
  });
});
