import { readFileSync } from 'node:fs';
import { DescribeRepositoriesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { SweepResponse } from '#functions/sweep.ts';
import { type AwsProxy, startAwsProxy } from '../../harness/aws-proxy.ts';
import {
  arrangeClient,
  createRepository,
  TEST_CREDENTIALS,
  useAwsEnvironment,
} from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';
import { FIRST_THREE_CONTROLS_CONFIG } from '../support/first-three-controls.ts';
import {
  assumedRoleArn,
  assumeRoleAccessDenied,
  MEMBER_ACCOUNT,
  memberEcrClient,
} from '../support/member-account.ts';
import { pagedDescribeRepositories } from '../support/paged-describe-repositories.ts';

const REGION = 'us-east-1';
const CENTRAL = '123456789012';
const NO_ROLE = '333333333333';
const SCHEDULED = JSON.parse(
  readFileSync(
    new URL('../fixtures/lambda-events/scheduled-event.aws-docs.json', import.meta.url),
    'utf8',
  ),
) as unknown;

type Handler<E, R> = (event: E, context: ReturnType<typeof lambdaContext>) => Promise<R>;

describe('Functions: sweep → SQS → sweep-worker (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let sqs: SQSClient;
  let queueUrl: string;
  let queueArn: string;
  let central: ECRClient;
  let member: ECRClient;
  let sweepHandler: Handler<unknown, SweepResponse>;
  let workerHandler: Handler<unknown, SQSBatchResponse>;

  beforeAll(async () => {
    await resetEmulator(endpoint);
    // moto does not page DescribeRepositories: the proxy does, as ECR does.
    const paged = pagedDescribeRepositories(endpoint);
    proxy = await startAwsProxy({
      target: endpoint,
      fault: (call, request) => {
        const roleArn = call.operation === 'AssumeRole' ? (assumedRoleArn(request.body) ?? '') : '';
        if (roleArn.includes(`::${NO_ROLE}:`)) return assumeRoleAccessDenied(roleArn);
        return paged(call, request);
      },
    });
    sqs = new SQSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'ecr-guard-sweep' }));
    queueUrl = created.QueueUrl ?? '';
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    queueArn = attributes.Attributes?.QueueArn ?? '';

    central = arrangeClient(endpoint, REGION);
    member = await memberEcrClient(endpoint, REGION);
    await createRepository(central, 'mutable-app');
    await createRepository(central, 'vendor-mirror', { tags: { 'ecr-guard:exempt': 'all' } });
    await createRepository(member, 'member-app');

    // The handlers read their configuration at cold start, like in Lambda.
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      // The standard of the first three controls, whose writes and reads this file counts.
      ECR_GUARD_CONFIG: FIRST_THREE_CONTROLS_CONFIG,
      ECR_GUARD_ACCOUNT_ID: CENTRAL,
      ECR_GUARD_ALLOWED_ACCOUNTS: `${MEMBER_ACCOUNT},${NO_ROLE}`,
      ECR_GUARD_SWEEP_REGIONS: REGION,
      ECR_GUARD_SWEEP_QUEUE_URL: queueUrl,
      ECR_GUARD_SWEEP_SECURITY_HUB: 'true',
    });
    ({ handler: sweepHandler } = (await import('#functions/sweep.ts')) as {
      handler: Handler<unknown, SweepResponse>;
    });
    ({ handler: workerHandler } = (await import('#functions/sweep-worker.ts')) as {
      handler: Handler<unknown, SQSBatchResponse>;
    });
  });

  afterAll(async () => {
    await proxy.close();
  });

  /** The SQS event the Lambda poller would deliver for these messages. */
  async function receiveAsSqsEvent(): Promise<SQSEvent> {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return {
      Records: (out.Messages ?? []).map((m) => ({
        messageId: m.MessageId ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
        body: m.Body ?? '',
        attributes: {
          ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
          SentTimestamp: m.Attributes?.SentTimestamp ?? '0',
          SenderId: m.Attributes?.SenderId ?? 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
        },
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: REGION,
      })),
    };
  }

  it('fans out one message per account and region, sweeps them, and retries only the account that failed', async () => {
    // Act: the schedule fires.
    const enqueued = await sweepHandler(SCHEDULED, lambdaContext('ecr-guard-sweep'));

    // Assess: one message per (account, region) of the allow-list and the central account.
    expect(enqueued).toEqual({
      outcome: 'enqueued',
      runId: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      messages: 3,
      skippedAccounts: 0,
    });
    const event = await receiveAsSqsEvent();
    const bodies = event.Records.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.account).sort()).toEqual([CENTRAL, MEMBER_ACCOUNT, NO_ROLE]);
    expect(bodies[0]).toMatchObject({
      version: 1,
      runId: enqueued.outcome === 'enqueued' ? enqueued.runId : '',
      region: REGION,
      mode: 'enforce',
    });

    // Act: the worker gets the batch.
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    let response: SQSBatchResponse;
    try {
      response = await workerHandler(event, lambdaContext('ecr-guard-sweep-worker'));
    } finally {
      write.mockRestore();
    }

    // Assess: only the account without a role is retried; the others were fixed.
    const failedId = event.Records.find((r) => r.body.includes(NO_ROLE))?.messageId;
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: failedId }]);
    for (const [client, name] of [
      [central, 'mutable-app'],
      [member, 'member-app'],
    ] as const) {
      const out = await client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
      expect(out.repositories?.[0]?.imageTagMutability).toBe('IMMUTABLE_WITH_EXCLUSION');
    }
    const vendor = await central.send(
      new DescribeRepositoriesCommand({ repositoryNames: ['vendor-mirror'] }),
    );
    expect(vendor.repositories?.[0]?.imageTagMutability).toBe('MUTABLE');

    // Assess: one metrics record per (account, region).
    const metrics = lines
      .filter((l) => l.startsWith('{"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(metrics).toHaveLength(3);
    expect(metrics.find((m) => m.account === CENTRAL)).toMatchObject({
      RepositoriesSeen: 2,
      RepositoriesRemediated: 1,
      RepositoriesExempt: 1,
      RepositoriesFailed: 0,
      TargetsFailed: 0,
    });
    expect(metrics.find((m) => m.account === NO_ROLE)).toMatchObject({
      outcome: 'failed',
      TargetsFailed: 1,
    });

    // Assess: with securityHub on, each swept account holds one finding per repository and
    // control, in its own Security Hub (remediated and exempt: PASSED).
    const hub = new SecurityHubClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    const findings = (await hub.send(new GetFindingsCommand({}))).Findings ?? [];
    expect(findings).toHaveLength(2 * 3);
    expect(findings.every((f) => f.AwsAccountId === CENTRAL)).toBe(true);
    expect(new Set(findings.map((f) => f.Compliance?.Status))).toEqual(new Set(['PASSED']));
    expect(
      findings.find(
        (f) => f.Id === `ecr-guard/${CENTRAL}/${REGION}/repository/mutable-app/lifecycle`,
      )?.ProductFields?.['ecr-guard/status'],
    ).toBe('remediated');
  });

  it('sweeps a registry too large for one invocation in parts, through the queue, to its last repository', async () => {
    // Prepare: 130 more repositories in the central account, two pages of 100.
    const names = Array.from({ length: 130 }, (_, i) => `big-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 10) {
      await Promise.all(names.slice(i, i + 10).map((name) => createRepository(central, name)));
    }
    const message = {
      version: 1,
      runId: 'run-large',
      account: CENTRAL,
      region: REGION,
      mode: 'enforce',
    };
    const record = (id: string, body: string): SQSEvent['Records'][number] => ({
      messageId: id,
      receiptHandle: `AQEB${id}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1545082649183',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1545082649185',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: REGION,
    });
    const shortOfTime = {
      ...lambdaContext('ecr-guard-sweep-worker'),
      getRemainingTimeInMillis: () => 30_000,
    };
    const immutable = async (): Promise<number> => {
      const out = await central.send(new DescribeRepositoriesCommand({ repositoryNames: names }));
      return (out.repositories ?? []).filter((r) => r.imageTagMutability !== 'MUTABLE').length;
    };
    const continuations = async (): Promise<Array<Record<string, unknown>>> => {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      return (out.Messages ?? [])
        .map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>)
        .filter((body) => body.runId === 'run-large');
    };
    const silenced = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    try {
      // Act: the first part, with less time left than the worker keeps back.
      const first = await workerHandler(
        { Records: [record('part-1', JSON.stringify(message))] },
        shortOfTime,
      );
      const afterFirst = await immutable();
      const [next, ...others] = await continuations();

      // Assess: one page swept, the rest sent back as part 2 from the next page.
      expect(first).toEqual({ batchItemFailures: [] });
      expect(afterFirst).toBe(100);
      expect(others).toEqual([]);
      expect(next).toMatchObject({ ...message, part: 2, startToken: expect.any(String) });

      // Act: the continuation, with time enough.
      const second = await workerHandler(
        { Records: [record('part-2', JSON.stringify(next))] },
        { ...lambdaContext('ecr-guard-sweep-worker'), getRemainingTimeInMillis: () => 600_000 },
      );

      // Assess: every repository fixed, and no further part.
      expect(second).toEqual({ batchItemFailures: [] });
      expect(await immutable()).toBe(names.length);
      expect(await continuations()).toEqual([]);
    } finally {
      silenced.mockRestore();
    }
  });

  it('drops a message that is not a sweep message, without retrying it', async () => {
    // Prepare
    const event = {
      Records: [
        {
          messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
          receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
          body: '{"account":"123456789012"}',
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: '1545082649183',
            SenderId: 'AIDAIENQZJOLO23YVJ4VO',
            ApproximateFirstReceiveTimestamp: '1545082649185',
          },
          messageAttributes: {},
          md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
          eventSource: 'aws:sqs',
          eventSourceARN: queueArn,
          awsRegion: REGION,
        },
      ],
    };
    proxy.clear();

    // Act
    const response = await workerHandler(event, lambdaContext('ecr-guard-sweep-worker'));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(proxy.operations()).toEqual([]);
  });
});
