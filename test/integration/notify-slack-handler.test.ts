/**
 * notify-slack through its Lambda handler: the webhook map in the emulator's Secrets Manager,
 * a local HTTP receiver in place of Slack.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import { SlackDeliveryError } from '#lib/slack/index.ts';
import { createWebhookSecret } from '../../harness/alerting-arrange.ts';
import { useAwsEnvironment } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';
import { type SlackReceiver, startSlackReceiver } from '../../harness/slack-receiver.ts';
import { snsLambdaEvent, snsLambdaEventOf } from '../../harness/sns-lambda-event.ts';
import { sampleAlert } from '../support/sample-alerts.ts';

const REGION = 'us-east-1';
// Paths look like Slack's: the part after /services/ is the secret.
const PAYMENTS = '/services/T000/B001/paymentssecret';
const SEARCH = '/services/T000/B002/searchsecret';
const REVOKED = '/services/T000/B003/revokedsecret';
const DEFAULT = '/services/T000/B004/defaultsecret';

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<NotifySlackResponse>;

describe('Function: notify-slack (on the emulator, Slack on loopback)', () => {
  const endpoint = inject('awsEndpoint');
  let slack: SlackReceiver;
  let handler: Handler;
  let logs: string[];
  const invoke = (event: unknown): Promise<NotifySlackResponse> =>
    handler(event, lambdaContext('ecr-guard-notify-slack'));

  beforeAll(async () => {
    await resetEmulator(endpoint);
    slack = await startSlackReceiver();
    const secretArn = await createWebhookSecret(endpoint, REGION, {
      payments: `${slack.url}${PAYMENTS}`,
      search: `${slack.url}${SEARCH}`,
      revoked: `${slack.url}${REVOKED}`,
      default: `${slack.url}${DEFAULT}`,
    });
    useAwsEnvironment(endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      SLACK_WEBHOOKS_SECRET_ARN: secretArn,
    });
    ({ handler } = (await import('#functions/notify-slack.ts')) as { handler: Handler });
  });

  afterAll(async () => {
    await slack.close();
  });

  // Every log line of an invocation, to check what is said — and that no webhook is.
  let restore: () => void = () => undefined;
  const captureLogs = (): void => {
    logs = [];
    // Powertools writes INFO to stdout, WARN and ERROR to stderr.
    const record = (chunk: unknown): boolean => {
      logs.push(String(chunk));
      return true;
    };
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(record);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(record);
    restore = () => {
      out.mockRestore();
      err.mockRestore();
    };
  };
  afterEach(() => {
    restore();
    for (const line of logs) expect(line).not.toMatch(/\/services\/T000|[a-z]+secret\b/);
    slack.clear();
  });

  it('posts the alert to the team’s webhook, within Block Kit limits', async () => {
    // Prepare
    captureLogs();

    // Act
    const response = await invoke(snsLambdaEventOf(sampleAlert({ team: 'payments' })));

    // Assess
    expect(response).toMatchObject({
      results: [{ outcome: 'delivered', team: 'payments', route: 'payments', attempts: 1 }],
    });
    const [post] = slack.postsTo(PAYMENTS);
    expect(post?.violations).toEqual([]);
    expect(post?.payload).toMatchObject({
      text: '[CRITICAL] tribble-image-scan-test:1572471135 - 2 critical, 1 high',
      blocks: expect.arrayContaining([
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: '🔴 CRITICAL in tribble-image-scan-test:1572471135',
            emoji: true,
          },
        },
      ]),
    });
    expect(logs.some((line) => line.includes('alert posted to Slack'))).toBe(true);
  });

  it('sends the alert of a team without a webhook to the default one', async () => {
    // Act
    await invoke(snsLambdaEventOf(sampleAlert({ team: 'unowned' })));

    // Assess
    expect(slack.postsTo(DEFAULT)).toHaveLength(1);
  });

  it('waits Retry-After on a 429 and posts again', async () => {
    // Prepare
    slack.script(SEARCH, [
      { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' },
      { status: 200, body: 'ok' },
    ]);

    // Act
    const response = await invoke(snsLambdaEventOf(sampleAlert({ team: 'search' })));

    // Assess
    expect(response.results).toMatchObject([{ outcome: 'delivered', attempts: 2 }]);
    const [first, second] = slack.postsTo(SEARCH);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(second?.violations).toEqual([]);
  });

  it('reports a revoked webhook (410) once, with the team, and does not retry', async () => {
    // Prepare
    slack.script(REVOKED, [{ status: 410, body: 'no_service' }]);
    captureLogs();

    // Act
    const response = await invoke(snsLambdaEventOf(sampleAlert({ team: 'revoked' })));

    // Assess
    expect(response.results).toMatchObject([
      {
        outcome: 'rejected',
        team: 'revoked',
        route: 'revoked',
        httpStatus: 410,
        body: 'no_service',
        attempts: 1,
      },
    ]);
    expect(slack.postsTo(REVOKED)).toHaveLength(1);
    const refusals = logs.filter((line) =>
      line.includes('Slack refused the alert of team revoked (HTTP 410)'),
    );
    expect(refusals).toHaveLength(1);
    expect(JSON.parse(refusals[0] ?? '{}')).toMatchObject({
      level: 'ERROR',
      team: 'revoked',
      httpStatus: 410,
    });
  });

  it('throws after the last attempt when Slack stays rate-limited beyond the bound', async () => {
    // Prepare
    slack.script(PAYMENTS, [
      { status: 429, headers: { 'retry-after': '600' }, body: 'rate_limited' },
    ]);
    captureLogs();

    // Act
    const invoking = invoke(snsLambdaEventOf(sampleAlert({ team: 'payments' })));

    // Assess
    await expect(invoking).rejects.toBeInstanceOf(SlackDeliveryError);
    expect(slack.postsTo(PAYMENTS)).toHaveLength(1);
  });

  it('drops an SNS message that is not an alert, posting nothing', async () => {
    // Prepare
    captureLogs();
    const event = snsLambdaEvent({
      Type: 'Notification',
      MessageId: 'm-1',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:ecr-guard-alerts',
      Message: '{"hello":"world"}',
      Timestamp: '2026-11-29T12:00:00.000Z',
    });

    // Act
    const response = await invoke(event);

    // Assess
    expect(response).toEqual({ results: [], rejected: 1 });
    expect(slack.posts).toEqual([]);
    expect(logs.some((line) => line.includes('SNS record dropped'))).toBe(true);
  });
});
