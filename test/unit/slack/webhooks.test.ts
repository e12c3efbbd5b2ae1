import 'aws-sdk-client-mock-vitest/extend';
import {
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  parseWebhookRoutes,
  REDACTED_WEBHOOK,
  routeFor,
  routeKey,
  scrubWebhookUrls,
  WebhookDirectory,
  WebhookSecretError,
} from '#lib/slack/index.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-guard/slack-AbCdEf';
const PAYMENTS = 'https://hooks.slack.com/services/T1/B1/payments-secret';
const DEFAULT = 'https://hooks.slack.com/services/T1/B2/default-secret';
const SECRET = JSON.stringify({ Payments: PAYMENTS, default: DEFAULT });

describe('Function: parseWebhookRoutes', () => {
  it('reads the team map, team names without regard to case', () => {
    const routes = parseWebhookRoutes(ARN, SECRET);
    expect(routeFor(routes, 'payments')).toEqual({ route: 'payments', url: PAYMENTS });
    expect(routeFor(routes, ' PAYMENTS ')).toEqual({ route: 'payments', url: PAYMENTS });
  });

  it('matches team names in any Unicode normalization form, in any case', () => {
    // Prepare: the route written composed (É), the tag decomposed (E + U+0301), or both ways.
    const routes = parseWebhookRoutes(
      ARN,
      JSON.stringify({ ['Équipe'.normalize('NFC')]: PAYMENTS, default: DEFAULT }),
    );

    // Act / Assess
    for (const team of ['Équipe'.normalize('NFD'), 'ÉQUIPE'.normalize('NFD'), 'équipe']) {
      expect(routeFor(routes, team)).toEqual({ route: 'équipe'.normalize('NFC'), url: PAYMENTS });
    }
    expect(routeKey('Équipe'.normalize('NFD'))).toBe(routeKey('Équipe'.normalize('NFC')));
  });

  it('routes a team without a webhook, and unowned repositories, to the default', () => {
    const routes = parseWebhookRoutes(ARN, SECRET);
    expect(routeFor(routes, 'search')).toEqual({ route: 'default', url: DEFAULT });
    expect(routeFor(routes, 'unowned')).toEqual({ route: 'default', url: DEFAULT });
  });

  it.each([
    ['not JSON', `{"default": "${DEFAULT}"`, /is not JSON/],
    ['an array', `["${DEFAULT}"]`, /not a JSON object/],
    ['no default', JSON.stringify({ payments: PAYMENTS }), /no "default"/],
    [
      'a plain-http URL off this machine',
      JSON.stringify({ default: 'http://hooks.slack.com/x' }),
      /"default"/,
    ],
  ])('refuses %s, without quoting any URL', (_case, value, message) => {
    // Act
    const parsing = () => parseWebhookRoutes(ARN, value);

    // Assess
    expect(parsing).toThrow(WebhookSecretError);
    expect(parsing).toThrow(message);
    try {
      parsing();
    } catch (error) {
      expect(String((error as Error).message)).not.toMatch(/hooks\.slack\.com/);
    }
  });
});

describe('Class: WebhookDirectory', () => {
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => secrets.reset());

  it('reads the secret once and serves every lookup from the cache', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
    const directory = new WebhookDirectory({ client: new SecretsManagerClient({}), secretId: ARN });

    // Act
    await Promise.all([directory.webhookFor('payments'), directory.webhookFor('search')]);
    await directory.webhookFor('payments');

    // Assess
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: ARN });
    expect(directory.knownUrls()).toEqual([PAYMENTS, DEFAULT]);
  });

  it('reads it again once the cache is old, to pick up a rotated webhook', async () => {
    // Prepare
    let now = 0;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
    const directory = new WebhookDirectory({
      client: new SecretsManagerClient({}),
      secretId: ARN,
      maxAgeMs: 60_000,
      now: () => now,
    });
    await directory.webhookFor('payments');

    // Act
    now = 60_000;
    await directory.webhookFor('payments');

    // Assess
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it('does not cache a failed read', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(
        new InternalServiceError({ message: 'try later', $metadata: { httpStatusCode: 500 } }),
      )
      .resolves({ SecretString: SECRET });
    const directory = new WebhookDirectory({ client: new SecretsManagerClient({}), secretId: ARN });

    // Act
    await expect(directory.webhookFor('payments')).rejects.toMatchObject({
      name: 'AwsCallError',
      retryable: true,
    });
    const route = await directory.webhookFor('payments');

    // Assess
    expect(route.url).toBe(PAYMENTS);
  });

  it('names a missing secret', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'nope', $metadata: {} }));
    const directory = new WebhookDirectory({ client: new SecretsManagerClient({}), secretId: ARN });

    // Act / Assess
    await expect(directory.webhookFor('payments')).rejects.toThrow(
      `Slack webhook secret ${ARN}: does not exist`,
    );
  });
});

describe('Function: scrubWebhookUrls', () => {
  it('removes the known URLs, their secret paths, and any Slack webhook URL', () => {
    // Act
    const scrubbed = scrubWebhookUrls(
      `POST ${PAYMENTS} failed; path /services/T1/B1/payments-secret; other https://hooks.slack.com/services/T9/B9/zzz`,
      [PAYMENTS],
    );

    // Assess
    expect(scrubbed).not.toMatch(/payments-secret|zzz/);
    expect(scrubbed).toContain(REDACTED_WEBHOOK);
  });
});
