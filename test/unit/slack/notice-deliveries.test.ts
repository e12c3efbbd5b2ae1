import { describe, expect, it } from 'vitest';
import { sendNotices } from '#lib/app/send-notices.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import { snsNoticeMessage } from '#lib/notices/index.ts';
import { noticeDeliveries } from '#lib/slack/notice-deliveries.ts';
import { renderNoticeSlackMessage } from '#lib/slack/render-notice-slack.ts';
import { slackLimitViolations } from '#lib/slack/slack-limits.ts';
import { DEFAULT_STANDARD } from '#lib/standard/index.ts';
import { snsLambdaEvent } from '../../../harness/sns-lambda-event.ts';

async function plannedNotice() {
  const report: RepositoryReport = {
    account: '123456789012',
    region: 'eu-west-1',
    repositoryName: 'pay-api',
    outcome: 'checked',
    team: 'payments',
    controls: [
      {
        control: 'scanning',
        status: 'remediated',
        writes: [
          {
            action: 'ecr:PutImageScanningConfiguration',
            repositoryName: 'pay-api',
            scanOnPush: true,
          },
        ],
      },
    ],
    ignoredExemptions: [],
  };
  const [outcome] = await sendNotices(
    [report],
    { origin: 'event', originId: 'e-1' },
    {
      standard: DEFAULT_STANDARD,
      sending: { mode: 'dry-run' },
      now: () => new Date('2026-12-01T12:00:00.000Z'),
      renderSlack: renderNoticeSlackMessage,
    },
  );
  if (outcome?.notice === undefined) throw new Error('no notice planned');
  return outcome;
}

function lambdaEvent(message: {
  subject: string;
  body: string;
  attributes?: Record<string, string>;
}) {
  return snsLambdaEvent({
    Type: 'Notification',
    MessageId: 'm-1',
    TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ecr-guard-alerts',
    Subject: message.subject,
    Message: message.body,
    Timestamp: '2026-12-01T12:00:00.000Z',
    MessageAttributes: Object.fromEntries(
      Object.entries(message.attributes ?? {}).map(([k, v]) => [k, { Type: 'String', Value: v }]),
    ),
  });
}

describe('Function: noticeDeliveries', () => {
  it('takes the records of kind notice, and hands the others on', async () => {
    // Prepare
    const { notice } = await plannedNotice();
    if (notice === undefined) throw new Error('no notice');
    const message = snsNoticeMessage(notice);
    const alertRecord = (lambdaEvent({ subject: 'an alert', body: '{}' }) as { Records: unknown[] })
      .Records[0];
    const event = lambdaEvent(message) as { Records: unknown[] };
    event.Records.push(alertRecord);

    // Act
    const { notices, rejected, rest } = noticeDeliveries(event);

    // Assess
    expect(notices).toEqual([{ notice, messageId: 'm-1' }]);
    expect(rejected).toEqual([]);
    expect((rest as { Records: unknown[] }).Records).toEqual([alertRecord]);
  });

  it('rejects a record of kind notice that is not a notice, naming the fields', () => {
    // Act
    const { notices, rejected } = noticeDeliveries(
      lambdaEvent({
        subject: 's',
        body: '{"type":"ecr-guard-notice"}',
        attributes: { kind: 'notice' },
      }),
    );

    // Assess
    expect(notices).toEqual([]);
    expect(rejected[0]?.issues).toEqual(
      expect.arrayContaining([expect.stringMatching(/^noticeId:/)]),
    );
  });

  it('leaves an event that is not from SNS as it is (the retry queue)', () => {
    // Prepare
    const sqs = { Records: [{ eventSource: 'aws:sqs', messageId: 'q', body: '{}' }] };

    // Act / Assess
    expect(noticeDeliveries(sqs)).toEqual({ notices: [], rejected: [], rest: sqs });
  });
});

describe('Function: renderNoticeSlackMessage', () => {
  it('keeps within Block Kit limits and says how to be exempted', async () => {
    // Prepare
    const { slack } = await plannedNotice();
    if (slack === undefined) throw new Error('no Slack payload');

    // Assess
    expect(slackLimitViolations(slack)).toEqual([]);
    expect(JSON.stringify(slack)).toContain('ecr-guard:exempt-reason');
  });
});
