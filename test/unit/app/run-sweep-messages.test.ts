import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import {
  MAX_STALLS,
  METRICS_NAMESPACE,
  publishSweepMetrics,
  runSweepMessages,
} from '#lib/app/index.ts';
import type { QueuedSweepMessage, SweepQueue, SweepTarget } from '#lib/sweep/index.ts';
import {
  compliantRepository,
  FakeRegistry,
  nonCompliantRepository,
} from '../../support/fake-registry.ts';
import { standardWith } from '../../support/repository-state.ts';

const NOW = (): Date => new Date('2026-11-29T12:00:00Z');
const GOOD = '111111111111';
const BAD = '222222222222';
const OUTSIDE = '999999999999';

function body(account: string, mode: 'enforce' | 'audit' = 'enforce'): string {
  return JSON.stringify({ version: 1, runId: 'run-1', account, region: 'eu-west-1', mode });
}

function setup(): {
  good: FakeRegistry;
  bad: FakeRegistry;
  gatewayFor: (t: SweepTarget) => FakeRegistry;
} {
  const good = new FakeRegistry(GOOD, 'eu-west-1', {
    // Named by the default convention, so that naming finds nothing to report.
    'shop-cart-fixed': nonCompliantRepository(),
    'shop-cart-fine': compliantRepository(),
    vendor: nonCompliantRepository({ tags: { 'ecr-guard:exempt': 'all' } }),
  });
  const bad = new FakeRegistry(BAD, 'eu-west-1', { any: nonCompliantRepository() });
  bad.listError = new Error('AccessDenied');
  return { good, bad, gatewayFor: (t) => (t.account === BAD ? bad : good) };
}

describe('Function: runSweepMessages', () => {
  it('sweeps each message and reports only the failed one for retry', async () => {
    // Prepare
    const { good, gatewayFor } = setup();

    // Act
    const result = await runSweepMessages(
      [
        { messageId: 'm-good', body: body(GOOD) },
        { messageId: 'm-bad', body: body(BAD) },
      ],
      { gatewayFor, standard: standardWith(), now: NOW, refusal: () => undefined },
    );

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-bad' }]);
    expect(result.summaries).toEqual([
      expect.objectContaining({
        account: GOOD,
        outcome: 'ok',
        repositories: 3,
        remediated: 1,
        exempt: 1,
        compliant: 1,
        failed: 0,
      }),
      expect.objectContaining({
        account: BAD,
        outcome: 'failed',
        reason: `ecr:DescribeRepositories failed in ${BAD}/eu-west-1: Error: AccessDenied`,
      }),
    ]);
    expect(good.writes).toHaveLength(3);
  });

  it('hands each swept target its report, and retries the target whose report could not be published', async () => {
    // Prepare
    const { gatewayFor } = setup();
    const published: string[] = [];

    // Act
    const result = await runSweepMessages([{ messageId: 'm-good', body: body(GOOD) }], {
      gatewayFor,
      standard: standardWith(),
      now: NOW,
      refusal: () => undefined,
      onReport: async (report) => {
        published.push(...report.repositories.map((r) => r.repositoryName));
        throw new Error('Security Hub throttled');
      },
    });

    // Assess
    expect(published.sort()).toEqual(['shop-cart-fine', 'shop-cart-fixed', 'vendor']);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-good' }]);
    expect(result.summaries[0]).toMatchObject({
      outcome: 'failed',
      reason: 'the report could not be published: Security Hub throttled',
    });
  });

  it('drops a body that is not a sweep message, without retrying it', async () => {
    // Prepare
    const { gatewayFor } = setup();

    // Act
    const result = await runSweepMessages(
      [
        { messageId: 'm-1', body: 'not json' },
        { messageId: 'm-2', body: JSON.stringify({ version: 1, account: 'x' }) },
      ],
      { gatewayFor, standard: standardWith(), now: NOW, refusal: () => undefined },
    );

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(result.rejected.map((r) => r.messageId)).toEqual(['m-1', 'm-2']);
    expect(result.rejected[1]?.reason).toContain('account: must be a 12-digit account id');
  });

  it('refuses an account outside the allow-list, without a call and without retry', async () => {
    // Prepare
    const { good, gatewayFor } = setup();

    // Act
    const result = await runSweepMessages([{ messageId: 'm', body: body(OUTSIDE) }], {
      gatewayFor,
      standard: standardWith(),
      now: NOW,
      refusal: (account) => (account === OUTSIDE ? 'not in the allow-list' : undefined),
    });

    // Assess
    expect(result.summaries[0]).toMatchObject({ outcome: 'refused' });
    expect(result.batchItemFailures).toEqual([]);
    expect(good.calls).toEqual([]);
  });

  it('only reports in audit mode', async () => {
    // Prepare
    const { good, gatewayFor } = setup();

    // Act
    const result = await runSweepMessages([{ messageId: 'm', body: body(GOOD, 'audit') }], {
      gatewayFor,
      standard: standardWith(),
      now: NOW,
      refusal: () => undefined,
    });

    // Assess
    expect(good.writes).toEqual([]);
    expect(result.summaries[0]).toMatchObject({ nonCompliant: 1, remediated: 0 });
  });
});

describe('Function: runSweepMessages, a target larger than one invocation', () => {
  const LARGE = '333333333333';

  function large(n: number): FakeRegistry {
    return new FakeRegistry(
      LARGE,
      'eu-west-1',
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`repo-${i}`, compliantRepository()])),
    );
  }

  /** A queue that keeps what it is sent, or refuses it. */
  function queue(refuse = false): SweepQueue & { sent: QueuedSweepMessage[] } {
    const sent: QueuedSweepMessage[] = [];
    return {
      sent,
      async send(messages) {
        if (refuse) throw new Error('SQS is down');
        sent.push(...messages);
      },
    };
  }

  /** Time for `pages` pages, then short. */
  function remaining(pages: number): () => number {
    let checks = 0;
    return () => {
      checks += 1;
      return checks <= pages - 1 ? 600_000 : 30_000;
    };
  }

  function part(fields: Record<string, unknown> = {}): string {
    return JSON.stringify({
      version: 1,
      runId: 'run-1',
      account: LARGE,
      region: 'eu-west-1',
      mode: 'enforce',
      ...fields,
    });
  }

  it('sends the rest of a target that does not fit as a continuation from its page', async () => {
    // Prepare
    const registry = large(250);
    const continuations = queue();

    // Act
    const result = await runSweepMessages([{ messageId: 'm', body: part() }], {
      gatewayFor: () => registry,
      standard: standardWith(),
      now: NOW,
      refusal: () => undefined,
      continuation: { queue: continuations, remainingMs: remaining(1) },
    });

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(result.summaries).toEqual([
      expect.objectContaining({ outcome: 'ok', repositories: 100, part: 1, continued: true }),
    ]);
    expect(continuations.sent).toEqual([
      { body: expect.any(String), deduplicationId: expect.any(String), delaySeconds: 0 },
    ]);
    expect(JSON.parse(continuations.sent[0]?.body ?? '')).toEqual({
      version: 1,
      runId: 'run-1',
      account: LARGE,
      region: 'eu-west-1',
      mode: 'enforce',
      startToken: 'page@100',
      part: 2,
    });
  });

  it('sweeps a continuation from its page, and ends the chain at the last page', async () => {
    // Prepare
    const registry = large(250);
    const continuations = queue();

    // Act
    const result = await runSweepMessages(
      [{ messageId: 'm', body: part({ startToken: 'page@200', part: 3 }) }],
      {
        gatewayFor: () => registry,
        standard: standardWith(),
        now: NOW,
        refusal: () => undefined,
        continuation: { queue: continuations, remainingMs: remaining(10) },
      },
    );

    // Assess
    expect(registry.startTokens).toEqual(['page@200']);
    expect(result.summaries).toEqual([
      expect.objectContaining({ outcome: 'ok', repositories: 50, part: 3, continued: false }),
    ]);
    expect(continuations.sent).toEqual([]);
  });

  it('continues a target AWS throttles later, from the page to sweep again, without failing it', async () => {
    // Prepare
    const registry = large(250);
    registry.throttled.add('repo-120');
    const continuations = queue();

    // Act
    const result = await runSweepMessages([{ messageId: 'm', body: part() }], {
      gatewayFor: () => registry,
      standard: standardWith(),
      now: NOW,
      refusal: () => undefined,
      concurrency: { perTarget: 1 },
      continuation: { queue: continuations, remainingMs: remaining(10) },
    });

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(result.summaries[0]).toMatchObject({ outcome: 'ok', failed: 0, deferred: 1 });
    expect(continuations.sent).toEqual([
      { body: expect.any(String), deduplicationId: expect.any(String), delaySeconds: 60 },
    ]);
    expect(JSON.parse(continuations.sent[0]?.body ?? '')).toMatchObject({
      startToken: 'page@100',
      part: 2,
    });
  });

  it('waits longer each time a throttled target sweeps no page, and fails it after MAX_STALLS', async () => {
    // Prepare
    const registry = large(50);
    registry.throttled.add('repo-0');
    const continuations = queue();
    const deps = {
      gatewayFor: () => registry,
      standard: standardWith(),
      now: NOW,
      refusal: () => undefined,
      concurrency: { perTarget: 1 },
      continuation: { queue: continuations, remainingMs: remaining(10) },
    };

    // Act
    const again = await runSweepMessages([{ messageId: 'm', body: part({ stalls: 2 }) }], deps);
    const last = await runSweepMessages(
      [{ messageId: 'n', body: part({ stalls: MAX_STALLS - 1 }) }],
      deps,
    );

    // Assess: 60 s × 2³ before the fourth try; the fifth stall is a failure SQS retries.
    expect(again.batchItemFailures).toEqual([]);
    expect(continuations.sent).toEqual([
      { body: expect.any(String), deduplicationId: expect.any(String), delaySeconds: 480 },
    ]);
    expect(JSON.parse(continuations.sent[0]?.body ?? '')).toMatchObject({ stalls: 3 });
    expect(last.batchItemFailures).toEqual([{ itemIdentifier: 'n' }]);
    expect(last.summaries[0]?.reason).toMatch(/^no progress in 5 parts in a row/);
  });

  it('sends no continuation for a part where a repository failed: SQS retries the part', async () => {
    // Prepare
    const registry = large(250);
    registry.denied.add('repo-10');
    const continuations = queue();

    // Act
    const result = await runSweepMessages([{ messageId: 'm', body: part() }], {
      gatewayFor: () => registry,
      standard: standardWith(),
      now: NOW,
      refusal: () => undefined,
      continuation: { queue: continuations, remainingMs: remaining(1) },
    });

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm' }]);
    expect(continuations.sent).toEqual([]);
  });

  it('retries the part when its continuation cannot be sent', async () => {
    // Prepare
    const registry = large(250);

    // Act
    const result = await runSweepMessages([{ messageId: 'm', body: part() }], {
      gatewayFor: () => registry,
      standard: standardWith(),
      now: NOW,
      refusal: () => undefined,
      continuation: { queue: queue(true), remainingMs: remaining(1) },
    });

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm' }]);
    expect(result.summaries[0]).toMatchObject({
      outcome: 'failed',
      continued: false,
      reason: 'continuation not sent: Error: SQS is down',
    });
  });

  it('sweeps two parts of one target in one batch one after the other', async () => {
    // Prepare
    const registry = large(250);

    // Act
    const result = await runSweepMessages(
      [
        { messageId: 'a', body: part() },
        { messageId: 'b', body: part({ startToken: 'page@200', part: 3 }) },
      ],
      {
        gatewayFor: () => registry,
        standard: standardWith(),
        now: NOW,
        refusal: () => undefined,
        continuation: { queue: queue(), remainingMs: () => 600_000 },
      },
    );

    // Assess
    expect(registry.startTokens).toEqual([undefined, 'page@200']);
    expect(result.summaries.map((s) => [s.part, s.repositories])).toEqual([
      [1, 250],
      [3, 50],
    ]);
  });
});

describe('Function: publishSweepMetrics', () => {
  it('prints one EMF record with the counts as metrics and the run as metadata', () => {
    // Prepare: Powertools Metrics writes the record to stdout.
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });

    // Act
    publishSweepMetrics(metrics, {
      runId: 'run-1',
      account: GOOD,
      region: 'eu-west-1',
      mode: 'enforce',
      outcome: 'ok',
      repositories: 3,
      compliant: 1,
      remediated: 1,
      exempt: 1,
      nonCompliant: 0,
      planned: 0,
      failed: 0,
      deferred: 0,
      durationMs: 42,
      part: 2,
      continued: true,
    });
    write.mockRestore();

    // Assess
    const records = lines
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'ecr-guard',
            Dimensions: [['service', 'mode']],
            Metrics: expect.arrayContaining([
              { Name: 'RepositoriesSeen', Unit: 'Count' },
              { Name: 'SweepDuration', Unit: 'Milliseconds' },
            ]),
          },
        ],
      },
      service: 'ecr-guard',
      mode: 'enforce',
      runId: 'run-1',
      account: GOOD,
      region: 'eu-west-1',
      part: '2',
      continued: 'true',
      RepositoriesSeen: 3,
      RepositoriesRemediated: 1,
      TargetsFailed: 0,
      SweepDuration: 42,
    });
  });
});
