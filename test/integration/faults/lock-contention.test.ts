/**
 * Fault suite — contention, as adversarial runs found it: one write per control however
 * deliveries interleave, without paging on-call for the routine part of it.
 * - 50 pushes on 10 repositories at once: one write per control per repository, and no
 *   invocation fails (each throw is a Lambda `Errors` datapoint: lock contention is routine);
 * - a lock held for good (its holder stuck): the event still fails after a bounded wait, for
 *   Lambda's retries and then the on-failure queue (which alarms);
 * - the same sweep message delivered twice at once, and a sweep running alongside push
 *   events: the sweep takes the same lock as events, one write per control;
 * - a lock's release frees only its own holder's lock (an owner token), not the lock of
 *   whoever took it over after the holder's lease ran out;
 * - a sweep enqueue that fails part-way (SQS refuses 3 of 13 messages) and is retried whole
 *   by Lambda: each (run, target) is enqueued once (the standard queue has no deduplication:
 *   the delivery ledger in the dedupe table records what was sent).
 */
import { readFileSync } from 'node:fs';
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import type { SweepResponse } from '#functions/sweep.ts';
import { EcrGateway } from '#lib/controls/ecr-gateway.ts';
import {
  DynamoDbRemediationLock,
  enforceRepository,
  RemediationInProgressError,
  repositoryLockKey,
} from '#lib/enforcement/index.ts';
import { loadStandard } from '#lib/standard/index.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../../harness/aws-proxy.ts';
import {
  arrangeClient,
  createRepository,
  TEST_CREDENTIALS,
  useAwsEnvironment,
} from '../../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../../harness/emulator.ts';
import { loadEventFixture, withField } from '../../../harness/fixtures.ts';
import { lambdaContext } from '../../../harness/lambda-context.ts';
import { captureLogs } from '../../support/capture-logs.ts';
import { FIRST_THREE_CONTROLS_CONFIG } from '../../support/first-three-controls.ts';

const ACCOUNT = '123456789012';
/** The push sample's region: the functions, the lock table and the repositories are here. */
const REGION = 'us-west-2';
const LOCK_TABLE = 'ecr-guard-dedupe';
/** Twelve allowed accounts and the central one: a sweep of 13 targets. */
const ALLOWED = Array.from({ length: 12 }, (_, i) => String(210_000_000_000 + i));
const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');
const SCHEDULED = JSON.parse(
  readFileSync(
    new URL('../../fixtures/lambda-events/scheduled-event.aws-docs.json', import.meta.url),
    'utf8',
  ),
) as { id: string };
const CONTROL_WRITES = [
  'ecr:PutImageScanningConfiguration',
  'ecr:PutImageTagMutability',
  'ecr:PutLifecyclePolicy',
];

/** The sweep queue as deploy/central/queues.yml declares it (standard, or FIFO). */
const SWEEP_QUEUE = (
  parse(readFileSync(new URL('../../../deploy/central/queues.yml', import.meta.url), 'utf8')) as {
    Resources: { SweepQueue: { Properties: { FifoQueue?: boolean } } };
  }
).Resources.SweepQueue.Properties;

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;

function pushOf(repository: string): unknown {
  return withField(PUSH, ['detail', 'repository-name'], repository);
}

/** The SQS event of one sweep message (the shape of the Lambda developer guide). */
function sweepMessageEvent(messageId: string, body: Record<string, unknown>): unknown {
  return {
    Records: [
      {
        messageId,
        receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
        body: JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1545082649183',
          SenderId: 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: '1545082649185',
        },
        messageAttributes: {},
        md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:ecr-guard-sweep`,
        awsRegion: REGION,
      },
    ],
  };
}

describe('Fault: lock contention', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let ecr: ECRClient;
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;
  let queueUrl: string;
  let enforceHandler: Handler<EnforceRepositoryResponse>;
  let workerHandler: Handler<SQSBatchResponse>;
  let sweepHandler: Handler<SweepResponse>;
  /** Set by a test: answers the n-th SendMessageBatch in its place. */
  let refuseBatch: ((n: number, body: string) => Promise<unknown> | undefined) | undefined;
  let batches = 0;

  /** ECR writes the proxy saw, by operation. */
  function writesByOperation(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const operation of proxy.operations({ service: 'ecr' }).filter(isWriteOperation)) {
      counts[operation] = (counts[operation] ?? 0) + 1;
    }
    return counts;
  }

  async function quietly<T>(work: () => Promise<T>): Promise<T> {
    const logs = captureLogs();
    try {
      return await work();
    } finally {
      logs.restore();
    }
  }

  async function repositories(prefix: string, count: number): Promise<string[]> {
    const names = Array.from(
      { length: count },
      (_, i) => `${prefix}-${String(i).padStart(2, '0')}`,
    );
    await Promise.all(names.map((name) => createRepository(ecr, name)));
    return names;
  }

  beforeAll(async () => {
    proxy = await startAwsProxy({
      target: endpoint,
      fault: async (call, { body }) => {
        if (call.operation !== 'SendMessageBatch') return undefined;
        batches += 1;
        const answer = await refuseBatch?.(batches, body);
        return answer === undefined
          ? undefined
          : {
              status: 200,
              headers: { 'content-type': 'application/x-amz-json-1.0' },
              body: JSON.stringify(answer),
            };
      },
    });
    ecr = arrangeClient(endpoint, REGION);
    dynamodb = new DynamoDBClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    sqs = new SQSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
  });

  afterAll(async () => {
    ecr.destroy();
    dynamodb.destroy();
    sqs.destroy();
    await proxy.close();
    for (const name of ['ECR_GUARD_ACCOUNT_ID', 'ECR_GUARD_ALLOWED_ACCOUNTS']) {
      delete process.env[name];
    }
  });

  beforeEach(async () => {
    refuseBatch = undefined;
    batches = 0;
    await resetEmulator(endpoint);
    await dynamodb.send(
      new CreateTableCommand({
        TableName: LOCK_TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const fifo = SWEEP_QUEUE.FifoQueue === true;
    const created = await sqs.send(
      new CreateQueueCommand({
        QueueName: fifo ? 'ecr-guard-sweep.fifo' : 'ecr-guard-sweep',
        ...(fifo ? { Attributes: { FifoQueue: 'true' } } : {}),
      }),
    );
    // Through the proxy: the SDK sends SQS calls to the queue URL's host.
    queueUrl = (created.QueueUrl ?? '').replace(endpoint, proxy.endpoint);
    if (enforceHandler === undefined) {
      // What serverless.yml sets; the handlers read it once, at cold start.
      useAwsEnvironment(proxy.endpoint, REGION, {
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // The standard of the first three controls, whose writes and reads this file counts.
        ECR_GUARD_CONFIG: FIRST_THREE_CONTROLS_CONFIG,
        ECR_GUARD_ACCOUNT_ID: ACCOUNT,
        ECR_GUARD_ALLOWED_ACCOUNTS: ALLOWED.join(','),
        DEDUPE_TABLE_NAME: LOCK_TABLE,
        ECR_GUARD_SWEEP_REGIONS: REGION,
        ECR_GUARD_SWEEP_QUEUE_URL: queueUrl,
      });
      ({ handler: enforceHandler } = (await import('#functions/enforce-repository.ts')) as {
        handler: Handler<EnforceRepositoryResponse>;
      });
      ({ handler: workerHandler } = (await import('#functions/sweep-worker.ts')) as {
        handler: Handler<SQSBatchResponse>;
      });
      ({ handler: sweepHandler } = (await import('#functions/sweep.ts')) as {
        handler: Handler<SweepResponse>;
      });
    }
    proxy.clear();
  });

  it('50 pushes on 10 repositories at once: one write per control each, and no error datapoint', async () => {
    // Prepare
    const names = await repositories('burst', 10);
    proxy.clear();

    // Act
    const outcomes = await quietly(() =>
      Promise.allSettled(
        names.flatMap((name) =>
          Array.from({ length: 5 }, () =>
            enforceHandler(pushOf(name), lambdaContext('ecr-guard-enforce-repository')),
          ),
        ),
      ),
    );

    // Assess
    const failed = outcomes.filter((o) => o.status === 'rejected');
    const writes = writesByOperation();
    console.info(
      `50 pushes on 10 repositories: ${failed.length} error datapoint(s) (${[...new Set(failed.map((f) => (f.reason as Error).name))].join(', ') || 'none'}), writes ${JSON.stringify(writes)}`,
    );
    expect(failed).toEqual([]);
    expect(writes).toEqual(Object.fromEntries(CONTROL_WRITES.map((w) => [w, 10])));
  });

  it('a lock held for good: the event still fails after a bounded wait, for Lambda to retry it', async () => {
    // Prepare: a holder that never finishes, and never frees the lock.
    await createRepository(ecr, 'stuck');
    await dynamodb.send(
      new PutItemCommand({
        TableName: LOCK_TABLE,
        Item: {
          pk: { S: repositoryLockKey(ACCOUNT, REGION, 'stuck') },
          owner: { S: 'a-stuck-invocation' },
          expiresAt: { N: String(Math.floor(Date.now() / 1000) + 3_600) },
        },
      }),
    );
    const gateway = new EcrGateway({ client: ecr, account: ACCOUNT, region: REGION });
    const lock = new DynamoDbRemediationLock({
      client: dynamodb,
      tableName: LOCK_TABLE,
      account: ACCOUNT,
      region: REGION,
    });
    const started = Date.now();

    // Act
    const outcome = await enforceRepository(
      { account: ACCOUNT, region: REGION, repositoryName: 'stuck' },
      {
        reader: gateway,
        writer: gateway,
        standard: await loadStandard(FIRST_THREE_CONTROLS_CONFIG),
        dryRun: false,
        now: () => new Date(),
        lock,
        lockWaitMs: 1_000,
      },
    ).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(RemediationInProgressError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(writesByOperation()).toEqual({});
  });

  it('the same sweep message delivered twice at once: one write per control per repository', async () => {
    // Prepare
    await repositories('swept', 40);
    const message = {
      version: 1,
      runId: 'run-1',
      account: ACCOUNT,
      region: REGION,
      mode: 'enforce',
    };
    proxy.clear();

    // Act: two sweep-worker invocations, as two containers receive the same message.
    const outcomes = await quietly(() =>
      Promise.all([
        workerHandler(sweepMessageEvent('m-1', message), lambdaContext('ecr-guard-sweep-worker')),
        workerHandler(sweepMessageEvent('m-1', message), lambdaContext('ecr-guard-sweep-worker')),
      ]),
    );

    // Assess
    const writes = writesByOperation();
    console.info(`duplicated sweep message, 40 repositories: writes ${JSON.stringify(writes)}`);
    expect(outcomes.flatMap((o) => o.batchItemFailures)).toEqual([]);
    expect(writes).toEqual(Object.fromEntries(CONTROL_WRITES.map((w) => [w, 40])));
  });

  it('a sweep alongside 40 push events: one write per control per repository', async () => {
    // Prepare
    const names = await repositories('mixed', 40);
    const message = {
      version: 1,
      runId: 'run-2',
      account: ACCOUNT,
      region: REGION,
      mode: 'enforce',
    };
    proxy.clear();

    // Act
    const [sweep, ...pushes] = await quietly(() =>
      Promise.allSettled([
        workerHandler(sweepMessageEvent('m-2', message), lambdaContext('ecr-guard-sweep-worker')),
        ...names.map((name) =>
          enforceHandler(pushOf(name), lambdaContext('ecr-guard-enforce-repository')),
        ),
      ]),
    );

    // Assess
    const writes = writesByOperation();
    const failed = pushes.filter((p) => p.status === 'rejected').length;
    console.info(
      `sweep alongside 40 pushes: writes ${JSON.stringify(writes)}, ${failed} push invocation(s) failed`,
    );
    expect(sweep).toMatchObject({ status: 'fulfilled', value: { batchItemFailures: [] } });
    expect(failed).toBe(0);
    expect(writes).toEqual(Object.fromEntries(CONTROL_WRITES.map((w) => [w, 40])));
  });

  it("a lock's release frees only its own: a holder whose lease ran out does not free its successor's", async () => {
    // Prepare: A's lease runs out while A still works; B takes the lock over.
    const lock = new DynamoDbRemediationLock({
      client: dynamodb,
      tableName: LOCK_TABLE,
      account: ACCOUNT,
      region: REGION,
    });
    const key = repositoryLockKey(ACCOUNT, REGION, 'shared');
    const a = await lock.acquire(key, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const b = await lock.acquire(key, 60_000);

    // Act: A finishes and releases.
    await a?.release();
    const c = await lock.acquire(key, 60_000);

    // Assess
    const { Items = [] } = await dynamodb.send(new ScanCommand({ TableName: LOCK_TABLE }));
    console.info(
      `release after a lease ran out: B holds ${b === undefined ? 'nothing' : 'the lock'}; after A's release C ${c === undefined ? 'waits' : 'got the lock too'}`,
    );
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(c).toBeUndefined();
    expect(Items).toHaveLength(1);
    await b?.release();
    expect((await dynamodb.send(new ScanCommand({ TableName: LOCK_TABLE }))).Items).toEqual([]);
  });

  it('a sweep enqueue SQS partly refuses, retried whole by Lambda: each target enqueued once', async () => {
    // Prepare: the first send of the last batch is refused (3 of 13 messages).
    refuseBatch = async (n, body) => {
      if (n !== 2) return undefined;
      const entries = (JSON.parse(body) as { Entries: { Id: string }[] }).Entries;
      // The answer of SendMessageBatch (SQS API reference, BatchResultErrorEntry).
      return {
        Successful: [],
        Failed: entries.map(({ Id }) => ({
          Id,
          SenderFault: false,
          Code: 'InternalError',
          Message: 'We encountered an internal error. Please try again.',
        })),
      };
    };

    // Act: the scheduled invocation, and Lambda's retry of it.
    const first = await quietly(() =>
      sweepHandler(SCHEDULED, lambdaContext('ecr-guard-sweep')).catch((error: unknown) => error),
    );
    const retried = await quietly(() => sweepHandler(SCHEDULED, lambdaContext('ecr-guard-sweep')));

    // Assess
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 600,
          // The fan-out delays the eleventh message on by a second (ten a second).
          WaitTimeSeconds: 2,
        }),
      );
      if (Messages.length === 0) break;
      bodies.push(...Messages.map((m) => m.Body ?? ''));
    }
    const targets = bodies.map((b) => {
      const { account, region } = JSON.parse(b) as { account: string; region: string };
      return `${account}/${region}`;
    });
    console.info(
      `sweep enqueue refused 3 of 13, then retried: ${bodies.length} messages queued for ${new Set(targets).size} targets`,
    );
    expect(first).toMatchObject({ name: 'SweepQueueError' });
    expect(retried).toMatchObject({ outcome: 'enqueued', runId: SCHEDULED.id, messages: 13 });
    expect(new Set(targets).size).toBe(13);
    expect(bodies).toHaveLength(13);
  });
});
