/**
 * Fault suite — Slack: delivered means delivered, refused means someone knows. notify-slack
 * runs through its handler on the emulator (webhook secret, dedupe table, its queues), with a
 * local Slack receiver scripted as adversarial runs found Slack can behave:
 * - a 200 whose body then stalls: one post, delivered (a 2xx status is delivery);
 * - a receiver that takes the post and never answers: bounded time, and no second post of
 *   what may have arrived — across Lambda's retries too;
 * - 410 `channel_is_archived`: the alert lands in the on-failure queue with its team, and a
 *   metric per route feeds the alarm that names the dead route;
 * - 429 with a `Retry-After` longer than the function may wait: handed back to the retry
 *   queue with that delay, then delivered, instead of failing for Lambda's retries.
 * Each invocation that throws is retried as Lambda retries it (twice), and counted: a throw is
 * an `Errors` datapoint.
 */
import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import type { Alert } from '#lib/alerts/index.ts';
import {
  createAlertingResources,
  createWebhookSecret,
  drainQueue,
  TABLE_NAME,
} from '../../../harness/alerting-arrange.ts';
import { TEST_CREDENTIALS, useAwsEnvironment } from '../../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../../harness/emulator.ts';
import { lambdaContext } from '../../../harness/lambda-context.ts';
import { type SlackReceiver, startSlackReceiver } from '../../../harness/slack-receiver.ts';
import { snsLambdaEventOf } from '../../../harness/sns-lambda-event.ts';
import { captureLogs, type LogEntry } from '../../support/capture-logs.ts';
import { sampleAlert } from '../../support/sample-alerts.ts';
import { receiveAsSqsEvent } from '../../support/sqs-lambda-event.ts';

const REGION = 'us-east-1';
const PATHS = {
  stalled: '/services/T0SLACK/B0000200/stalledBodyToken',
  silent: '/services/T0SLACK/B0000000/silentReceiverToken',
  archived: '/services/T0SLACK/B0000410/archivedChannelToken',
  limited: '/services/T0SLACK/B0000429/longRetryAfterToken',
  default: '/services/T0SLACK/B0000001/defaultWebhookToken',
} as const;
type Team = keyof typeof PATHS;

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<NotifySlackResponse>;

interface Invocations {
  /** What each invocation returned or threw, the retries included. */
  outcomes: ({ result: NotifySlackResponse } | { error: unknown })[];
  errors: number;
  logs: LogEntry[];
  elapsedMs: number;
}

/** A fresh alert version of `team`'s repository (its own fingerprint). */
function alertOf(team: Team): Alert {
  return { ...sampleAlert({ team }), fingerprint: `sha256:${randomUUID()}`, generation: 1 };
}

describe('Fault: Slack delivery', () => {
  const endpoint = inject('awsEndpoint');
  let slack: SlackReceiver;
  let sqs: SQSClient;
  let handler: Handler;
  let failureQueueUrl: string;
  let retryQueueUrl: string;

  /** Invokes notify-slack with `event`, and again for each throw, as Lambda retries (twice). */
  async function invokeWithRetries(event: unknown): Promise<Invocations> {
    const logs = captureLogs();
    const started = Date.now();
    const outcomes: Invocations['outcomes'] = [];
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          outcomes.push({ result: await handler(event, lambdaContext('ecr-guard-notify-slack')) });
          break;
        } catch (error) {
          outcomes.push({ error });
        }
      }
    } finally {
      logs.restore();
    }
    return {
      outcomes,
      errors: outcomes.filter((o) => 'error' in o).length,
      logs: logs.entries(),
      elapsedMs: Date.now() - started,
    };
  }

  function lastResult(
    invocations: Invocations,
  ): NotifySlackResponse['results'][number] | undefined {
    const last = invocations.outcomes.at(-1);
    return last !== undefined && 'result' in last ? last.result.results[0] : undefined;
  }

  function describeRun(name: string, run: Invocations, path: string): string {
    return `${name}: ${run.outcomes.length} invocation(s), ${run.errors} error datapoint(s), ${slack.postsTo(path).length} post(s), ${run.elapsedMs} ms, last outcome ${lastResult(run)?.outcome ?? 'thrown'}`;
  }

  beforeAll(async () => {
    await resetEmulator(endpoint);
    slack = await startSlackReceiver();
    sqs = new SQSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    await createAlertingResources(endpoint, REGION);
    failureQueueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: 'ecr-guard-notify-slack-failures' })))
        .QueueUrl ?? '';
    retryQueueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: 'ecr-guard-notify-slack-retries' })))
        .QueueUrl ?? '';
    const secretArn = await createWebhookSecret(
      endpoint,
      REGION,
      Object.fromEntries(
        Object.entries(PATHS).map(([team, path]) => [team, `${slack.url}${path}`]),
      ),
    );
    useAwsEnvironment(endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      SLACK_WEBHOOKS_SECRET_ARN: secretArn,
      DEDUPE_TABLE_NAME: TABLE_NAME,
      NOTIFY_SLACK_FAILURE_QUEUE_URL: failureQueueUrl,
      NOTIFY_SLACK_RETRY_QUEUE_URL: retryQueueUrl,
    });
    ({ handler } = (await import('#functions/notify-slack.ts')) as { handler: Handler });
  });

  afterAll(async () => {
    sqs.destroy();
    await slack.close();
    for (const name of ['NOTIFY_SLACK_FAILURE_QUEUE_URL', 'NOTIFY_SLACK_RETRY_QUEUE_URL']) {
      delete process.env[name];
    }
  });

  it('a 200 whose body stalls is one delivery', { timeout: 150_000 }, async () => {
    // Prepare
    slack.script(PATHS.stalled, [{ status: 200, body: 'ok', stall: 'body' }]);

    // Act
    const run = await invokeWithRetries(snsLambdaEventOf(alertOf('stalled')));

    // Assess
    console.info(describeRun('stalled 200', run, PATHS.stalled));
    expect(run.errors).toBe(0);
    expect(lastResult(run)).toMatchObject({ outcome: 'delivered', route: 'stalled', attempts: 1 });
    expect(slack.postsTo(PATHS.stalled)).toHaveLength(1);
    expect(run.elapsedMs).toBeLessThan(5_000);
  });

  it('a receiver that never answers: bounded time, one post, none repeated by the retries', {
    timeout: 150_000,
  }, async () => {
    // Prepare
    slack.script(PATHS.silent, [{ status: 200, stall: 'response' }]);

    // Act
    const run = await invokeWithRetries(snsLambdaEventOf(alertOf('silent')));

    // Assess
    console.info(describeRun('silent receiver', run, PATHS.silent));
    expect(slack.postsTo(PATHS.silent)).toHaveLength(1);
    expect(run.errors).toBe(0);
    expect(run.elapsedMs).toBeLessThan(10_000);
    expect(lastResult(run)).toMatchObject({ outcome: 'unconfirmed', route: 'silent' });
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: expect.stringContaining('may not have reached Slack'),
        route: 'silent',
      }),
    );
  });

  it('410 channel_is_archived: the alert lands in the on-failure queue with its team, and the route is counted for its alarm', async () => {
    // Prepare
    slack.script(PATHS.archived, [{ status: 410, body: 'channel_is_archived' }]);
    const alert = alertOf('archived');

    // Act
    const run = await invokeWithRetries(snsLambdaEventOf(alert));

    // Assess
    const parked = (await drainQueue(endpoint, REGION, failureQueueUrl)) as Record<
      string,
      unknown
    >[];
    const metrics = run.logs.filter((e) => e._aws !== undefined && 'SlackRouteRefused' in e);
    console.info(
      `${describeRun('410', run, PATHS.archived)}; ${parked.length} message(s) in the on-failure queue, ${metrics.length} SlackRouteRefused datapoint(s)`,
    );
    expect(run.errors).toBe(0);
    expect(slack.postsTo(PATHS.archived)).toHaveLength(1);
    expect(lastResult(run)).toMatchObject({
      outcome: 'rejected',
      route: 'archived',
      httpStatus: 410,
      parked: true,
    });
    expect(parked).toEqual([
      expect.objectContaining({
        reason: 'slack-refused',
        team: 'archived',
        route: 'archived',
        httpStatus: 410,
        slackAnswer: 'channel_is_archived',
        alert: expect.objectContaining({ fingerprint: alert.fingerprint, team: 'archived' }),
      }),
    ]);
    expect(metrics).toEqual([
      expect.objectContaining({ SlackRouteRefused: 1, Route: 'archived', service: 'ecr-guard' }),
    ]);
    expect(JSON.stringify(parked)).not.toContain(PATHS.archived);
  });

  it('429 with a Retry-After longer than the function may wait: handed back with its delay, then delivered', {
    timeout: 90_000,
  }, async () => {
    // Prepare
    slack.script(PATHS.limited, [
      { status: 429, headers: { 'retry-after': '11' }, body: 'rate_limited' },
      { status: 200, body: 'ok' },
    ]);

    // Act: the SNS invocation, then the retry queue's delivery once the delay has passed.
    const first = await invokeWithRetries(snsLambdaEventOf(alertOf('limited')));
    const queued = await receiveAsSqsEvent(sqs, retryQueueUrl, { region: REGION, waitSeconds: 0 });
    const later =
      queued.Records.length > 0
        ? undefined
        : await receiveAsSqsEvent(sqs, retryQueueUrl, { region: REGION, waitSeconds: 20 });
    const second = later === undefined ? undefined : await invokeWithRetries(later);

    // Assess
    console.info(
      `${describeRun('long Retry-After', first, PATHS.limited)}; ${later?.Records.length ?? 0} message(s) handed back, visible after the delay; ${second === undefined ? 'nothing delayed' : `then ${second.errors} error(s), outcome ${lastResult(second)?.outcome}`}`,
    );
    expect(first.errors).toBe(0);
    expect(lastResult(first)).toMatchObject({
      outcome: 'deferred',
      route: 'limited',
      handBacks: 1,
    });
    // Not visible at once: the queue holds it for the delay Slack asked for.
    expect(queued.Records).toEqual([]);
    expect(later?.Records).toHaveLength(1);
    expect(second?.errors).toBe(0);
    expect(second?.outcomes.at(-1)).toMatchObject({
      result: { results: [expect.objectContaining({ outcome: 'delivered', route: 'limited' })] },
    });
    const [rateLimited, delivered] = slack.postsTo(PATHS.limited);
    expect((delivered?.at ?? 0) - (rateLimited?.at ?? 0)).toBeGreaterThanOrEqual(10_500);
    expect(slack.postsTo(PATHS.limited)).toHaveLength(2);
  });
});
