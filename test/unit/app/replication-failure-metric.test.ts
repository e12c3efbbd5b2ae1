import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE, publishReplicationFailure } from '#lib/app/index.ts';
import { normalizeEvent, type ReplicationFailedEvent } from '#lib/events/index.ts';
import { loadEventFixture } from '../../../harness/fixtures.ts';

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

describe('Function: publishReplicationFailure', () => {
  it('counts the real failed replication once, its registry and source as metadata', () => {
    // Prepare
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
    const event = normalizeEvent(
      loadEventFixture('ecr-replication-action-failed.aws-docs.json'),
    ) as ReplicationFailedEvent;

    // Act
    const records = printed(() => publishReplicationFailure(metrics, event));

    // Assess
    expect(event.kind).toBe('replication-failed');
    expect(records).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: 'ecr-guard',
              Dimensions: [['service']],
              Metrics: [{ Name: 'ReplicationFailures', Unit: 'Count' }],
            },
          ],
        }),
        service: 'ecr-guard',
        ReplicationFailures: 1,
        account: '123456789012',
        region: 'us-east-1',
        repository: 'my-app',
        source: '123456789012/us-west-2',
      }),
    ]);
  });
});
