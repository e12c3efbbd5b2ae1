import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import {
  METRICS_NAMESPACE,
  type NotifySlackResult,
  publishSlackDeliveryMetrics,
  SLACK_ROUTE_REFUSED_METRIC,
} from '#lib/app/index.ts';

/** What Powertools Metrics prints to stdout while `act` runs, one EMF record a line. */
function printed(act: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    write.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const ROUTED = { team: 'payments', route: 'payments' } as const;

describe('Function: publishSlackDeliveryMetrics', () => {
  it('counts a refusal per Route, in the dimension set the alarm selects', () => {
    // Prepare
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
    const result: NotifySlackResult = {
      ...ROUTED,
      outcome: 'rejected',
      httpStatus: 410,
      body: 'channel_is_archived',
      attempts: 1,
      parked: true,
    };

    // Act
    const records = printed(() => publishSlackDeliveryMetrics(metrics, result));

    // Assess: deploy/central/alarms.yml reads SCHEMA("ecr-guard", Route, service).
    expect(records).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: 'ecr-guard',
              Dimensions: [['service', 'Route']],
              Metrics: [{ Name: SLACK_ROUTE_REFUSED_METRIC, Unit: 'Count' }],
            },
          ],
        }),
        service: 'ecr-guard',
        Route: 'payments',
        [SLACK_ROUTE_REFUSED_METRIC]: 1,
        team: 'payments',
        outcome: 'rejected',
      }),
    ]);
  });

  it.each([
    [{ outcome: 'unconfirmed', attempts: 1, reason: 'socket hang up' }, 'SlackPostsUnconfirmed'],
    [
      { outcome: 'deferred', retryAfterMs: 30_000, attempts: 1, handBacks: 1 },
      'SlackPostsDeferred',
    ],
  ] as const)('counts an alert that did not simply go through (%o) as %s', (outcome, name) => {
    // Prepare
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });

    // Act
    const records = printed(() =>
      publishSlackDeliveryMetrics(metrics, { ...ROUTED, ...outcome } as NotifySlackResult),
    );

    // Assess
    expect(records).toEqual([expect.objectContaining({ [name]: 1, Route: 'payments' })]);
  });

  it.each([{ outcome: 'delivered', attempts: 1 }, { outcome: 'duplicate' }] as const)(
    'publishes nothing for an alert posted ($outcome)',
    (outcome) => {
      // Prepare
      const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });

      // Act
      let published = true;
      const records = printed(() => {
        published = publishSlackDeliveryMetrics(metrics, { ...ROUTED, ...outcome });
      });

      // Assess
      expect(published).toBe(false);
      expect(records).toEqual([]);
    },
  );

  it('keeps no dimension from one alert to the next', () => {
    // Prepare
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
    const refused = (route: string): NotifySlackResult => ({
      team: route,
      route,
      outcome: 'rejected',
      httpStatus: 404,
      body: 'no_service',
      attempts: 1,
      parked: true,
    });

    // Act
    const records = printed(() => {
      publishSlackDeliveryMetrics(metrics, refused('payments'));
      publishSlackDeliveryMetrics(metrics, refused('search'));
    });

    // Assess
    expect(records.map((r) => r.Route)).toEqual(['payments', 'search']);
  });
});
