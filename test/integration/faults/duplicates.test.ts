/**
 * Fault suite — duplicates and races. EventBridge and Lambda deliver an event at least once,
 * sometimes several times at once: the same push delivered three times concurrently makes each
 * write once (the remediation lock: the others wait for its holder, read the repository again
 * and find it compliant, and none fails); the same scan event three times concurrently gives
 * one alert, on SNS and in Slack.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import type { ReportFindingsResponse } from '#functions/report-findings.ts';
import { EcrGateway } from '#lib/controls/index.ts';
import {
  DynamoDbRemediationLock,
  enforceRepository,
  InProcessRemediationLock,
  type RemediationLock,
  type RepositoryReport,
} from '#lib/enforcement/index.ts';
import { loadStandard, type Standard } from '#lib/standard/index.ts';
import {
  ACCOUNT,
  completeScan,
  createAlertingResources,
  createWebhookSecret,
  drainQueue,
  pushImage,
  TABLE_NAME,
  topicArn,
} from '../../../harness/alerting-arrange.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../../harness/aws-proxy.ts';
import {
  basicFinding,
  enhancedFinding,
  scanFindingsResponse,
} from '../../../harness/aws-response-fixtures.ts';
import {
  arrangeClient,
  createRepository,
  TEST_CREDENTIALS,
  useAwsEnvironment,
} from '../../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../../harness/emulator.ts';
import { loadEventFixture, withField } from '../../../harness/fixtures.ts';
import { lambdaContext } from '../../../harness/lambda-context.ts';
import { type SlackReceiver, startSlackReceiver } from '../../../harness/slack-receiver.ts';
import { captureLogs } from '../../support/capture-logs.ts';
import { FIRST_THREE_CONTROLS_CONFIG } from '../../support/first-three-controls.ts';
import { type SnsLambdaShim, startSnsLambdaShim } from '../../support/sns-lambda-shim.ts';

/** Where the functions run: the topic, the dedupe table (alerts and remediation lock). */
const REGION = 'us-east-1';
/** The push sample's region: the repositories enforced live there. */
const PUSH_REGION = 'us-west-2';
const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');
const SCAN = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');
const WEBHOOK = '/services/T000/B001/duplicatessecret';

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;

function pushOf(repository: string): unknown {
  return withField(PUSH, ['detail', 'repository-name'], repository);
}

/** The ECR writes the proxy saw, by operation: `{ 'ecr:PutLifecyclePolicy': 1, … }`. */
function writesByOperation(proxy: AwsProxy): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const operation of proxy.operations({ service: 'ecr' }).filter(isWriteOperation)) {
    counts[operation] = (counts[operation] ?? 0) + 1;
  }
  return counts;
}

const ONE_WRITE_PER_CONTROL = {
  'ecr:PutImageTagMutability': 1,
  'ecr:PutLifecyclePolicy': 1,
  'ecr:PutImageScanningConfiguration': 1,
};

describe('Fault: duplicate and simultaneous deliveries', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let slack: SlackReceiver;
  let notifier: SnsLambdaShim<NotifySlackResponse>;
  let pushEcr: ECRClient;
  let standard: Standard;
  let enforceHandler: Handler<EnforceRepositoryResponse>;
  let reportHandler: Handler<ReportFindingsResponse>;
  let notifyHandler: Handler<NotifySlackResponse>;
  let queueUrl: string;
  /** The DynamoDB lock's own client, as each container has one. */
  let lockClient: DynamoDBClient;
  /** Holds a call on the proxy before it is forwarded: set by a test. */
  let hold: ((call: { operation: string }, body: string) => Promise<void>) | undefined;

  const enforce = (event: unknown): Promise<EnforceRepositoryResponse> =>
    enforceHandler(event, lambdaContext('ecr-guard-enforce-repository'));

  /** Delivers `event` `times` times at once, the way a duplicated delivery arrives. */
  async function deliverConcurrently(
    event: unknown,
    times: number,
  ): Promise<PromiseSettledResult<EnforceRepositoryResponse>[]> {
    const logs = captureLogs();
    try {
      return await Promise.allSettled(Array.from({ length: times }, () => enforce(event)));
    } finally {
      logs.restore();
    }
  }

  beforeAll(async () => {
    proxy = await startAwsProxy({
      target: endpoint,
      fault: async (call, { body }) => {
        await hold?.(call, body);
        return undefined;
      },
    });
    slack = await startSlackReceiver();
    notifier = await startSnsLambdaShim(() => notifyHandler, 'ecr-guard-notify-slack');
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // The standard of the first three controls, whose writes and reads this file counts.
      ECR_GUARD_CONFIG: FIRST_THREE_CONTROLS_CONFIG,
      ALERTS_TOPIC_ARN: topicArn(REGION),
      // One table, as serverless.yml has it: alert dedupe and remediation lock.
      DEDUPE_TABLE_NAME: TABLE_NAME,
      SLACK_WEBHOOKS_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ecr-guard/slack-webhooks`,
    });
    // enforce-repository is built without the topic: its notices have their own tests
    // (test/integration/notices.test.ts), and this topic's subscriber counts alerts only.
    delete process.env.ALERTS_TOPIC_ARN;
    ({ handler: enforceHandler } = (await import('#functions/enforce-repository.ts')) as {
      handler: Handler<EnforceRepositoryResponse>;
    });
    process.env.ALERTS_TOPIC_ARN = topicArn(REGION);
    ({ handler: reportHandler } = (await import('#functions/report-findings.ts')) as {
      handler: Handler<ReportFindingsResponse>;
    });
    pushEcr = arrangeClient(endpoint, PUSH_REGION);
    lockClient = new DynamoDBClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    standard = await loadStandard(FIRST_THREE_CONTROLS_CONFIG);
  });

  afterAll(async () => {
    pushEcr.destroy();
    lockClient.destroy();
    await notifier.close();
    await slack.close();
    await proxy.close();
  });

  beforeEach(async () => {
    hold = undefined;
    await resetEmulator(endpoint);
    ({ queueUrl } = await createAlertingResources(endpoint, REGION, {
      httpEndpoint: notifier.url,
    }));
    proxy.clear();
    slack.clear();
  });

  describe('the same push event, three times at once', () => {
    it('through the handler: each control is written once, and no delivery fails', async () => {
      // Prepare
      await createRepository(pushEcr, 'dup-handler');
      const event = pushOf('dup-handler');

      // Act
      const outcomes = await deliverConcurrently(event, 3);

      // Assess: the two that lost the lock waited for it, then found the repository fixed.
      expect(writesByOperation(proxy)).toEqual(ONE_WRITE_PER_CONTROL);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const statuses = outcomes.flatMap((o) =>
        o.status === 'fulfilled' && o.value.outcome === 'enforced'
          ? o.value.repositories.map((r) => r.controls.map((c) => c.status).join(','))
          : [],
      );
      expect(statuses.sort()).toEqual([
        'compliant,compliant,compliant',
        'compliant,compliant,compliant',
        'remediated,remediated,remediated',
      ]);
    });

    it.each<[string, () => RemediationLock]>([
      [
        'the DynamoDB lock',
        () =>
          new DynamoDbRemediationLock({
            client: lockClient,
            tableName: TABLE_NAME,
            account: ACCOUNT,
            region: REGION,
          }),
      ],
      ['the in-process lock', () => new InProcessRemediationLock()],
    ])(
      'through enforceRepository with %s: each control is written once',
      async (_name, makeLock) => {
        // Prepare: one gateway per delivery, as separate Lambda containers have.
        await createRepository(pushEcr, 'dup-lib');
        const lock = makeLock();
        const clients: ECRClient[] = [];
        const deliver = (): Promise<RepositoryReport> => {
          const client = new ECRClient({
            endpoint: proxy.endpoint,
            region: PUSH_REGION,
            credentials: TEST_CREDENTIALS,
          });
          clients.push(client);
          const gateway = new EcrGateway({ client, account: ACCOUNT, region: PUSH_REGION });
          return enforceRepository(
            { account: ACCOUNT, region: PUSH_REGION, repositoryName: 'dup-lib' },
            {
              reader: gateway,
              writer: gateway,
              standard,
              dryRun: false,
              now: () => new Date(),
              lock,
            },
          );
        };

        // Act
        const outcomes = await Promise.allSettled([deliver(), deliver(), deliver()]);
        for (const client of clients) client.destroy();

        // Assess: one remediated; the two others waited for the lock and found it compliant.
        expect(writesByOperation(proxy)).toEqual(ONE_WRITE_PER_CONTROL);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
        const remediated = outcomes.filter(
          (o) =>
            o.status === 'fulfilled' && o.value.controls.some((c) => c.status === 'remediated'),
        );
        expect(remediated).toHaveLength(1);
      },
    );

    it('writes once even when a delivery reads before the fix and asks for the lock after it', async () => {
      // Prepare: the third delivery's lifecycle read is slow — it completes only once the
      // first delivery has written everything and released the lock.
      await createRepository(pushEcr, 'dup-slow');
      let lifecycleReads = 0;
      let writesDone: () => void = () => undefined;
      const allWritten = new Promise<void>((resolve) => {
        writesDone = resolve;
      });
      hold = async (call) => {
        if (call.operation === 'GetLifecyclePolicy') {
          lifecycleReads += 1;
          if (lifecycleReads === 3) await allWritten;
        }
        if (call.operation === 'PutImageScanningConfiguration') {
          // Answered after this hook: let the held read go a moment later.
          setTimeout(writesDone, 100);
        }
      };

      // Act
      const first = await deliverConcurrently(pushOf('dup-slow'), 3);

      // Assess
      expect(first.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      expect(writesByOperation(proxy)).toEqual(ONE_WRITE_PER_CONTROL);
    });
  });

  describe('the same scan event, three times at once', () => {
    it('publishes one alert and posts it to Slack once', async () => {
      // Prepare
      await createWebhookSecret(endpoint, REGION, {
        default: `${slack.url}${WEBHOOK}`,
      });
      ({ handler: notifyHandler } = (await import('#functions/notify-slack.ts')) as {
        handler: Handler<NotifySlackResponse>;
      });
      const ecr = arrangeClient(endpoint, REGION);
      await createRepository(ecr, 'my-repository-name');
      const digest = await pushImage(ecr, 'my-repository-name', { tag: 'v1' });
      await completeScan(endpoint, ecr, {
        region: REGION,
        repositoryName: 'my-repository-name',
        imageDigest: digest,
        response: scanFindingsResponse({
          repositoryName: 'my-repository-name',
          imageDigest: digest,
          registryId: ACCOUNT,
          findings: [basicFinding({ severity: 'CRITICAL' })],
          enhancedFindings: [enhancedFinding()],
        }),
      });
      ecr.destroy();
      const event = withField(SCAN, ['detail', 'image-digest'], digest);
      const logs = captureLogs();

      // Act
      let outcomes: ReportFindingsResponse[];
      try {
        outcomes = await Promise.all(
          [1, 2, 3].map(() => reportHandler(event, lambdaContext('ecr-guard-report-findings'))),
        );
        await notifier.idle();
      } finally {
        logs.restore();
      }

      // Assess
      expect(outcomes.map((o) => o.outcome).sort()).toEqual([
        'duplicate',
        'duplicate',
        'published',
      ]);
      expect(proxy.operations({ service: 'sns' }).filter((o) => o === 'sns:Publish')).toHaveLength(
        1,
      );
      const queued = await drainQueue(endpoint, REGION, queueUrl);
      expect(queued).toHaveLength(1);
      expect(notifier.errors).toEqual([]);
      expect(notifier.results).toMatchObject([{ results: [{ outcome: 'delivered' }] }]);
      expect(slack.postsTo(WEBHOOK)).toHaveLength(1);
      // The dedupe table holds one record for the image and one for its Slack post, both
      // confirmed (no lease left), and no remediation lock.
      const dynamodb = new DynamoDBClient({
        endpoint,
        region: REGION,
        credentials: TEST_CREDENTIALS,
      });
      const { Items = [] } = await dynamodb.send(new ScanCommand({ TableName: TABLE_NAME }));
      dynamodb.destroy();
      expect(Items.map((item) => item.pk?.S).sort()).toEqual([
        `${ACCOUNT}/${REGION}/my-repository-name@${digest}`,
        expect.stringMatching(/^slack#sha256:[0-9a-f]{64}#1$/),
      ]);
      expect(Items.filter((item) => item.lease !== undefined)).toEqual([]);
    });
  });

  it('leaves no remediation lock behind', async () => {
    // Prepare
    await createRepository(pushEcr, 'dup-lock');

    // Act
    await deliverConcurrently(pushOf('dup-lock'), 3);

    // Assess
    const dynamodb = new DynamoDBClient({
      endpoint,
      region: REGION,
      credentials: TEST_CREDENTIALS,
    });
    const { Items = [] } = await dynamodb.send(new ScanCommand({ TableName: TABLE_NAME }));
    dynamodb.destroy();
    expect(Items).toEqual([]);
  });
});
