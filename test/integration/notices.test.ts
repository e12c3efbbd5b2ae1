/**
 * The owning team is told what ecr-guard changed ("Done when" of the notices issue), on the
 * emulator: enforce-repository and sweep-worker publish to the alerts topic (moto), an SQS
 * subscription keeps every notification for the assertions, and an HTTP subscription stands
 * in for Lambda's SNS trigger of notify-slack, which posts to Slack on loopback.
 */
import { DeleteLifecyclePolicyCommand, PutImageTagMutabilityCommand } from '@aws-sdk/client-ecr';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import type { Notice } from '#lib/notices/index.ts';
import {
  ACCOUNT,
  createAlertingResources,
  createWebhookSecret,
  drainQueue,
  type NotificationReceiver,
  startNotificationReceiver,
  TABLE_NAME,
  topicArn,
} from '../../harness/alerting-arrange.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import {
  arrangeClient,
  createRepository,
  TEST_CREDENTIALS,
  useAwsEnvironment,
} from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventFixture, withField, wrapCloudTrailRecord } from '../../harness/fixtures.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';
import { type SlackReceiver, startSlackReceiver } from '../../harness/slack-receiver.ts';
import { snsLambdaEvent } from '../../harness/sns-lambda-event.ts';
import { serverError } from '../support/aws-faults.ts';
import { FIRST_THREE_CONTROLS_CONFIG } from '../support/first-three-controls.ts';

// The real push sample: account 123456789012 (moto's default account), us-west-2.
const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');
const REPOSITORY = 'my-repository-name';
const REGION = 'us-west-2';
const PAYMENTS_WEBHOOK = '/services/T000/B001/payments';
const SEARCH_WEBHOOK = '/services/T000/B002/search';

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;

/** A drift: the real CreateRepository record with only the call, its parameters and caller changed. */
function driftEvent(eventName: string, roleName: string, sessionName: string, id: string): unknown {
  let record = loadEventFixture('cloudtrail-record-ecr-createrepository.aws-docs.json');
  record = withField(record, ['eventName'], eventName);
  record = withField(record, ['eventID'], id);
  record = withField(record, ['awsRegion'], REGION);
  record = withField(record, ['requestParameters'], { repositoryName: REPOSITORY });
  record = withField(
    record,
    ['userIdentity', 'arn'],
    `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${sessionName}`,
  );
  record = withField(record, ['userIdentity', 'sessionContext', 'sessionIssuer'], {
    type: 'Role',
    arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
    accountId: ACCOUNT,
    userName: roleName,
  });
  return withField(wrapCloudTrailRecord(record) as Record<string, unknown>, ['id'], id);
}

interface Published {
  subject: string;
  attributes: Record<string, string>;
  notice: Notice;
}

describe('Notices to the owning team (on the emulator, Slack on loopback)', () => {
  const endpoint = inject('awsEndpoint');
  const ecr = arrangeClient(endpoint, REGION);
  let proxy: AwsProxy;
  let slack: SlackReceiver;
  let lambdaShim: NotificationReceiver;
  let queueUrl: string;
  let failureQueueUrl: string;
  /** While true, SNS answers every Publish with a 503. */
  let snsDown = false;
  let enforce: Handler<EnforceRepositoryResponse>;
  let sweepWorker: Handler<{ batchItemFailures: unknown[] }>;
  let notifySlack: Handler<NotifySlackResponse>;

  /** Every notification the topic delivered since the last call, read as notices. */
  async function published(): Promise<Published[]> {
    const envelopes = await drainQueue(endpoint, REGION, queueUrl);
    return envelopes.map((envelope) => {
      const attributes = Object.fromEntries(
        Object.entries((envelope.MessageAttributes ?? {}) as Record<string, { Value: string }>).map(
          ([name, { Value }]) => [name, Value],
        ),
      );
      return {
        subject: String(envelope.Subject),
        attributes,
        notice: JSON.parse(String(envelope.Message)) as Notice,
      };
    });
  }

  beforeAll(async () => {
    slack = await startSlackReceiver();
    lambdaShim = await startNotificationReceiver();
    lambdaShim.onNotification = async (notification) => {
      await notifySlack(snsLambdaEvent(notification), lambdaContext('ecr-guard-notify-slack'));
    };
    await resetEmulator(endpoint);
    ({ queueUrl } = await createAlertingResources(endpoint, REGION, {
      httpEndpoint: lambdaShim.url,
    }));
    const secretArn = await createWebhookSecret(endpoint, REGION, {
      payments: `${slack.url}${PAYMENTS_WEBHOOK}`,
      search: `${slack.url}${SEARCH_WEBHOOK}`,
      default: `${slack.url}/services/T000/B000/default`,
    });
    // The handlers go through the loopback proxy, which answers what moto lacks
    // (DescribePullThroughCacheRules).
    proxy = await startAwsProxy({
      target: endpoint,
      fault: (call) =>
        snsDown && call.service === 'sns' && call.operation === 'Publish'
          ? serverError(call, 503)
          : undefined,
    });
    const sqs = new SQSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    failureQueueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: 'enforce-repository-failures' })))
        .QueueUrl ?? '';
    // Where sweep-worker would continue a target too large for one invocation.
    const sweepQueueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: 'sweep-jobs' }))).QueueUrl ?? '';
    sqs.destroy();
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
      SLACK_WEBHOOKS_SECRET_ARN: secretArn,
      ECR_GUARD_NOTICE_FAILURE_QUEUE_URL: failureQueueUrl,
      ECR_GUARD_SWEEP_QUEUE_URL: sweepQueueUrl,
      // The notices of the first three controls' writes; the checklist's are report-only.
      ECR_GUARD_CONFIG: FIRST_THREE_CONTROLS_CONFIG,
    });
    ({ handler: enforce } = (await import('#functions/enforce-repository.ts')) as {
      handler: Handler<EnforceRepositoryResponse>;
    });
    ({ handler: sweepWorker } = (await import('#functions/sweep-worker.ts')) as {
      handler: Handler<{ batchItemFailures: unknown[] }>;
    });
    ({ handler: notifySlack } = (await import('#functions/notify-slack.ts')) as {
      handler: Handler<NotifySlackResponse>;
    });
  });

  afterAll(async () => {
    ecr.destroy();
    await lambdaShim.close();
    await proxy.close();
    await slack.close();
  });

  beforeEach(async () => {
    // Each test starts from no repository and no notice record; the topic stays.
    await drainQueue(endpoint, REGION, queueUrl);
    slack.clear();
  });

  it('tells payments, once, that a push made its mutable repository immutable and attached a lifecycle policy', async () => {
    // Prepare
    await createRepository(ecr, REPOSITORY, { tags: { team: 'payments' } });

    // Act
    const result = await enforce(PUSH, lambdaContext('ecr-guard-enforce-repository'));

    // Assess: one notice, to payments, on the topic with kind=notice.
    expect(result).toMatchObject({
      outcome: 'enforced',
      notices: [{ team: 'payments', outcome: 'published' }],
    });
    const notices = await published();
    expect(notices).toHaveLength(1);
    const [{ subject, attributes, notice }] = notices as [Published];
    expect(attributes).toEqual({
      kind: 'notice',
      team: 'payments',
      account: ACCOUNT,
      repository: REPOSITORY,
    });
    expect(subject).toBe(`ecr-guard changed ${REPOSITORY} (immutability, lifecycle, scanning)`);
    expect(notice.repositories).toEqual([
      expect.objectContaining({
        account: ACCOUNT,
        region: REGION,
        repositoryName: REPOSITORY,
        scope: 'default',
        consoleUrl: `https://${REGION}.console.aws.amazon.com/ecr/repositories/private/${ACCOUNT}/${REPOSITORY}?region=${REGION}`,
      }),
    ]);
    const changes = notice.repositories[0]?.changes ?? [];
    expect(changes.map((c) => c.summary)).toEqual([
      'tag mutability: MUTABLE → IMMUTABLE_WITH_EXCLUSION (exclusions: latest)',
      'lifecycle policy attached (4 rules)',
      'scan on push off → scan on push on',
    ]);
    expect(changes[1]).toMatchObject({
      control: 'lifecycle',
      section: 'lifecycle',
      before: 'no lifecycle policy',
      rules: expect.arrayContaining([expect.stringMatching(/^#1 expire /)]),
    });
    expect(notice.exemption.tags).toEqual({
      exempt: 'ecr-guard:exempt',
      exemptUntil: 'ecr-guard:exempt-until',
      exemptReason: 'ecr-guard:exempt-reason',
    });
    expect(notice.exemption.help).toMatch(/platform team/);

    // Assess: and in the payments channel, within Block Kit's limits.
    const posts = slack.postsTo(PAYMENTS_WEBHOOK);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.violations).toEqual([]);
    const text = JSON.stringify(posts[0]?.payload);
    expect(text).toContain('MUTABLE → IMMUTABLE_WITH_EXCLUSION');
    expect(text).toContain('ecr-guard:exempt-until');
  });

  it('names the principal who undid a fix, says it was re-applied, and counts the drifts of 30 days', async () => {
    // Prepare: the push's notice, then someone deletes the lifecycle policy.
    await enforce(PUSH, lambdaContext('ecr-guard-enforce-repository'));
    await published();
    slack.clear();
    await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName: REPOSITORY }));

    // Act
    const result = await enforce(
      driftEvent(
        'DeleteLifecyclePolicy',
        'Admin',
        'mary.major',
        '6f1d7c52-0000-4000-8000-000000000001',
      ),
      lambdaContext('ecr-guard-enforce-repository'),
    );

    // Assess
    expect(result).toMatchObject({ notices: [{ team: 'payments', outcome: 'published' }] });
    const [drift] = (await published()) as [Published];
    expect(drift.notice.drift).toEqual({
      eventName: 'DeleteLifecyclePolicy',
      eventTime: expect.any(String),
      callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/mary.major`,
      principal: 'role Admin (session mary.major)',
      driftsLast30Days: 1,
    });
    expect(drift.subject).toBe(
      `ecr-guard undid DeleteLifecyclePolicy on ${REPOSITORY} by role Admin (session mary.major)`,
    );
    expect(drift.notice.repositories[0]?.changes.map((c) => c.control)).toEqual(['lifecycle']);
    expect(JSON.stringify(slack.postsTo(PAYMENTS_WEBHOOK)[0]?.payload)).toContain(
      'ecr-guard re-applied it',
    );
  });

  it('holds back the notice of a repository fought over within the interval (counted for its next notice)', async () => {
    // Prepare: the last test's drift was announced; a second drift comes within the hour.
    await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: REPOSITORY,
        imageTagMutability: 'MUTABLE',
      }),
    );

    // Act
    const result = await enforce(
      driftEvent(
        'PutImageTagMutability',
        'Admin',
        'mary.major',
        '6f1d7c52-0000-4000-8000-000000000002',
      ),
      lambdaContext('ecr-guard-enforce-repository'),
    );

    // Assess: fixed, not announced, counted.
    expect(result).toMatchObject({
      repositories: [{ controls: [{ control: 'immutability', status: 'remediated' }, {}, {}] }],
      notices: [{ team: 'payments', outcome: 'held' }],
    });
    expect(await published()).toEqual([]);
    expect(slack.postsTo(PAYMENTS_WEBHOOK)).toEqual([]);
  });

  it('sends one notice when the same event is delivered three times', async () => {
    // Prepare
    const repository = 'payments-ledger';
    await createRepository(ecr, repository, { tags: { team: 'payments' } });
    const push = withField(PUSH, ['detail', 'repository-name'], repository);

    // Act: three deliveries at once, as EventBridge may make them.
    const results = await Promise.all(
      [1, 2, 3].map(() => enforce(push, lambdaContext('ecr-guard-enforce-repository'))),
    );

    // Assess
    const notices = await published();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.notice.repositories.map((r) => r.repositoryName)).toEqual([repository]);
    expect(
      results.flatMap((r) => ('notices' in r ? (r.notices ?? []) : [])).map((n) => n.outcome),
    ).toEqual(['published']);
    expect(slack.postsTo(PAYMENTS_WEBHOOK)).toHaveLength(1);
  });

  it('sends one notice per team when a sweep fixes 30 repositories of two teams', async () => {
    // Prepare: 30 mutable repositories, 15 of payments, 15 of search (and the compliant ones
    // of the tests above).
    const names = Array.from({ length: 30 }, (_, i) => `app-${String(i).padStart(2, '0')}`);
    for (const [i, name] of names.entries()) {
      await createRepository(ecr, name, { tags: { team: i % 2 === 0 ? 'payments' : 'search' } });
    }
    const message = {
      version: 1,
      runId: 'run-7d1c',
      account: ACCOUNT,
      region: REGION,
      mode: 'enforce',
    };

    // Act
    const response = await sweepWorker(
      { Records: [{ messageId: 'm-1', body: JSON.stringify(message), eventSource: 'aws:sqs' }] },
      lambdaContext('ecr-guard-sweep-worker'),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const notices = (await published()).sort((a, b) => a.notice.team.localeCompare(b.notice.team));
    expect(
      notices.map((n) => [n.notice.team, n.notice.origin, n.notice.repositories.length]),
    ).toEqual([
      ['payments', 'sweep', 15],
      ['search', 'sweep', 15],
    ]);
    expect(notices[1]?.subject).toBe(
      'ecr-guard changed 15 repositories of search (immutability, lifecycle, scanning)',
    );
    expect(slack.postsTo(PAYMENTS_WEBHOOK)).toHaveLength(1);
    expect(slack.postsTo(SEARCH_WEBHOOK)).toHaveLength(1);
  });
  it('parks a notice SNS refuses in the failure queue, and neither undoes nor repeats the writes', async () => {
    // Prepare
    const repository = 'payments-batch';
    await createRepository(ecr, repository, { tags: { team: 'payments' } });
    const push = withField(PUSH, ['detail', 'repository-name'], repository);
    proxy.clear();
    snsDown = true;

    // Act
    let result: EnforceRepositoryResponse;
    try {
      result = await enforce(push, lambdaContext('ecr-guard-enforce-repository'));
    } finally {
      snsDown = false;
    }
    const retried = await enforce(push, lambdaContext('ecr-guard-enforce-repository'));

    // Assess: fixed once, the notice kept for a person to send, nothing published.
    expect(result).toMatchObject({
      repositories: [
        {
          controls: [{ status: 'remediated' }, { status: 'remediated' }, { status: 'remediated' }],
        },
      ],
      notices: [{ team: 'payments', outcome: 'parked' }],
    });
    expect(retried).toMatchObject({
      repositories: [
        { controls: [{ status: 'compliant' }, { status: 'compliant' }, { status: 'compliant' }] },
      ],
    });
    expect(retried).not.toHaveProperty('notices');
    expect(proxy.operations().filter((o) => o.startsWith('ecr:') && isWriteOperation(o))).toEqual([
      'ecr:PutImageTagMutability',
      'ecr:PutLifecyclePolicy',
      'ecr:PutImageScanningConfiguration',
    ]);
    const parked = await drainQueue(endpoint, REGION, failureQueueUrl);
    expect(parked).toEqual([
      expect.objectContaining({
        kind: 'notice',
        reason: expect.stringContaining('sns:Publish'),
        notice: expect.objectContaining({ team: 'payments' }),
      }),
    ]);
    expect(await published()).toEqual([]);
  });
});
