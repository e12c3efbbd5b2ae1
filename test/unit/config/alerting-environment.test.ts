import { describe, expect, it } from 'vitest';
import {
  EnvironmentError,
  readAlertingEnvironment,
  readSlackEnvironment,
} from '#lib/config/environment.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ecr-guard-alerts';
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-guard/slack-AbCdEf';

describe('Function: readAlertingEnvironment', () => {
  it('reads the topic, the table, a 7-day TTL and a 30-second lease by default', () => {
    expect(
      readAlertingEnvironment({ ALERTS_TOPIC_ARN: TOPIC, DEDUPE_TABLE_NAME: 'ecr-guard-alerts' }),
    ).toEqual({
      alertsTopicArn: TOPIC,
      dedupeTableName: 'ecr-guard-alerts',
      dedupeTtlDays: 7,
      dedupeLeaseSeconds: 30,
    });
  });

  it('reads DEDUPE_LEASE_SECONDS', () => {
    expect(
      readAlertingEnvironment({
        ALERTS_TOPIC_ARN: TOPIC,
        DEDUPE_TABLE_NAME: 't-1',
        DEDUPE_LEASE_SECONDS: '2',
      }).dedupeLeaseSeconds,
    ).toBe(2);
  });

  it('reads DEDUPE_TTL_DAYS', () => {
    expect(
      readAlertingEnvironment({
        ALERTS_TOPIC_ARN: TOPIC,
        DEDUPE_TABLE_NAME: 't-1',
        DEDUPE_TTL_DAYS: '30',
      }).dedupeTtlDays,
    ).toBe(30);
  });

  it.each([
    [{ DEDUPE_TABLE_NAME: 'table' }, 'ALERTS_TOPIC_ARN'],
    [{ ALERTS_TOPIC_ARN: 'ecr-guard-alerts', DEDUPE_TABLE_NAME: 'table' }, 'ALERTS_TOPIC_ARN'],
    [{ ALERTS_TOPIC_ARN: TOPIC }, 'DEDUPE_TABLE_NAME'],
    [
      { ALERTS_TOPIC_ARN: TOPIC, DEDUPE_TABLE_NAME: 'table', DEDUPE_TTL_DAYS: '0' },
      'DEDUPE_TTL_DAYS',
    ],
    [
      { ALERTS_TOPIC_ARN: TOPIC, DEDUPE_TABLE_NAME: 'table', DEDUPE_TTL_DAYS: '1.5' },
      'DEDUPE_TTL_DAYS',
    ],
    [
      { ALERTS_TOPIC_ARN: TOPIC, DEDUPE_TABLE_NAME: 'table', DEDUPE_LEASE_SECONDS: '0' },
      'DEDUPE_LEASE_SECONDS',
    ],
  ])('fails fast on %j, naming %s', (env, variable) => {
    expect(() => readAlertingEnvironment(env)).toThrow(EnvironmentError);
    expect(() => readAlertingEnvironment(env)).toThrow(variable);
  });
});

describe('Function: readSlackEnvironment', () => {
  it('reads the secret ARN; the table and the queues are optional', () => {
    expect(readSlackEnvironment({ SLACK_WEBHOOKS_SECRET_ARN: SECRET })).toEqual({
      webhooksSecretArn: SECRET,
      dedupeTableName: undefined,
      failureQueueUrl: undefined,
      retryQueueUrl: undefined,
    });
  });

  it('reads the dedupe table and the queues', () => {
    const queue = 'https://sqs.us-east-1.amazonaws.com/123456789012/ecr-guard-prod-notify-slack';
    expect(
      readSlackEnvironment({
        SLACK_WEBHOOKS_SECRET_ARN: SECRET,
        DEDUPE_TABLE_NAME: 'ecr-guard-prod-dedupe',
        NOTIFY_SLACK_FAILURE_QUEUE_URL: `${queue}-failures`,
        NOTIFY_SLACK_RETRY_QUEUE_URL: `${queue}-retries`,
      }),
    ).toEqual({
      webhooksSecretArn: SECRET,
      dedupeTableName: 'ecr-guard-prod-dedupe',
      failureQueueUrl: `${queue}-failures`,
      retryQueueUrl: `${queue}-retries`,
    });
  });

  it('refuses a queue URL that is not one, naming the variable', () => {
    expect(() =>
      readSlackEnvironment({
        SLACK_WEBHOOKS_SECRET_ARN: SECRET,
        NOTIFY_SLACK_RETRY_QUEUE_URL: 'ecr-guard-retries',
      }),
    ).toThrow('NOTIFY_SLACK_RETRY_QUEUE_URL');
  });

  it.each([{}, { SLACK_WEBHOOKS_SECRET_ARN: 'https://hooks.slack.com/services/T/B/x' }])(
    'refuses %j: the webhook is never a plain variable',
    (env) => {
      expect(() => readSlackEnvironment(env)).toThrow('SLACK_WEBHOOKS_SECRET_ARN');
    },
  );
});
