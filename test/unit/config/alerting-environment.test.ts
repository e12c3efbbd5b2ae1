import { describe, expect, it } from 'vitest';
import {
  EnvironmentError,
  readAlertingEnvironment,
  readSlackEnvironment,
} from '#lib/config/environment.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ecr-guard-alerts';
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-guard/slack-AbCdEf';

describe('Function: readAlertingEnvironment', () => {
  it('reads the topic, the table and a 7-day TTL by default', () => {
    expect(
      readAlertingEnvironment({ ALERTS_TOPIC_ARN: TOPIC, DEDUPE_TABLE_NAME: 'ecr-guard-alerts' }),
    ).toEqual({
      alertsTopicArn: TOPIC,
      dedupeTableName: 'ecr-guard-alerts',
      dedupeTtlDays: 7,
    });
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
  ])('fails fast on %j, naming %s', (env, variable) => {
    expect(() => readAlertingEnvironment(env)).toThrow(EnvironmentError);
    expect(() => readAlertingEnvironment(env)).toThrow(variable);
  });
});

describe('Function: readSlackEnvironment', () => {
  it('reads the secret ARN', () => {
    expect(readSlackEnvironment({ SLACK_WEBHOOKS_SECRET_ARN: SECRET })).toEqual({
      webhooksSecretArn: SECRET,
    });
  });

  it.each([{}, { SLACK_WEBHOOKS_SECRET_ARN: 'https://hooks.slack.com/services/T/B/x' }])(
    'refuses %j: the webhook is never a plain variable',
    (env) => {
      expect(() => readSlackEnvironment(env)).toThrow('SLACK_WEBHOOKS_SECRET_ARN');
    },
  );
});
